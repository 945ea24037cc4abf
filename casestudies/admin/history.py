"""The history, read in words: the read-only inline on every object with a status line.

"Changes requested by Jo Bloggs, 3 Sep 2020 14:02: add the outcomes". A move is named by the
status it reached; an action that moves no status (a reminder, a new link) by its ``history``
words in the workflow's action tables.
"""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import workflow
from ..models import StatusChange

EVENTS = {
    action.name: action.history
    for table in (workflow.CONTRIBUTION_ACTIONS, workflow.CASE_STUDY_ACTIONS)
    for action in table.values()
    if action.history
}


def status_label(change: StatusChange, status: str) -> str:
    model = change.content_type.model_class()
    labels = dict(model.Status.choices) if hasattr(model, "Status") else {}
    return str(labels.get(status, status))


def what_happened(change: StatusChange) -> str:
    """The move or action in words: "Changes requested", "Reminder sent"."""
    if change.event:
        return str(EVENTS.get(change.event, change.event.replace("-", " ").capitalize()))
    return status_label(change, change.to_status)


def change_in_words(change: StatusChange) -> str:
    """One history line: what, by whom, when, and the note."""
    when = date_format(timezone.localtime(change.at), "j M Y H:i")
    text = gettext("%(what)s by %(who)s, %(when)s") % {
        "what": what_happened(change),
        "who": change.actor or gettext("the service"),
        "when": when,
    }
    return f"{text}: {change.note}" if change.note else text


class StatusChangeInline(GenericTabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = ("in_words",)
    readonly_fields = fields
    verbose_name_plural = _("history")
    template = "admin/casestudies/history_inline.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by", "content_type")

    @admin.display(description=_("what happened"))
    def in_words(self, obj):
        return change_in_words(obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
