"""The record: status changes and emails (with resend)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import emails
from ..models import CaseStudy, Contribution, EmailLog, StatusChange
from .history import EVENTS, change_in_words


class WhatHappenedFilter(admin.SimpleListFilter):
    """Filter the history by the status reached or the action taken, named in words."""

    title = _("what happened")
    parameter_name = "what"

    def lookups(self, request, model_admin):
        seen = {}
        for model in (Contribution, CaseStudy):
            for value, label in model.Status.choices:
                seen.setdefault(f"status:{value}", label)
        for name, label in EVENTS.items():
            seen[f"event:{name}"] = label
        return list(seen.items())

    def queryset(self, request, queryset):
        kind, _sep, value = (self.value() or "").partition(":")
        if kind == "status":
            return queryset.filter(to_status=value, event="")
        if kind == "event":
            return queryset.filter(event=value)
        return queryset


class EmailKindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return list(emails.EMAIL_KINDS.items())

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ("at", "content_type", "subject_display", "in_words")
    list_filter = ("content_type", WhatHappenedFilter)
    list_select_related = ("content_type", "by")

    @admin.display(description=_("about"))
    def subject_display(self, obj):
        return str(obj.subject) if obj.subject is not None else obj.object_id

    @admin.display(description=_("what happened"))
    def in_words(self, obj):
        return change_in_words(obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EmailLog)
class EmailLogAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind_display", "to", "subject", "status", "attempts", "sent_at")
    list_filter = ("status", EmailKindFilter)
    search_fields = ("to", "subject")
    readonly_fields = [f.name for f in EmailLog._meta.fields if f.name != "id"]
    actions = ["resend"]

    @admin.display(description=_("kind"), ordering="kind")
    def kind_display(self, obj):
        return emails.email_kind_label(obj.kind)

    @admin.action(description=_("Send the selected emails again"), permissions=["change"])
    def resend(self, request, queryset):
        # The ids are read once, before sending: the queryset may be filtered by status ("Failed"),
        # and counting it again afterwards would leave out the rows that have just been sent.
        log_ids = list(queryset.values_list("pk", flat=True))
        sent = sum(1 for log_id in log_ids if emails.email_send(log_id=log_id))
        failed = len(log_ids) - sent
        if sent:
            self.message_user(request, ngettext("%d email sent.", "%d emails sent.", sent) % sent, messages.SUCCESS)
        if failed:
            self.message_user(
                request,
                ngettext("%d email failed again; see its error.", "%d emails failed again; see their errors.", failed)
                % failed,
                messages.ERROR,
            )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
