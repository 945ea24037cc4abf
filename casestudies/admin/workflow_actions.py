"""The admin's side of the workflow's action tables: buttons, bulk actions and one confirmation page.

A ModelAdmin that mixes in ``WorkflowActionsMixin`` names its entity and its table
(``workflow.CONTRIBUTION_ACTIONS``, ``workflow.CASE_STUDY_ACTIONS``). From the table it gets:

- a button per action on the change page, for the actions the status allows and the user may take;
- a bulk action per action on the list ("Approve the selected case studies…");
- ``decide/<action>/?ids=…``: the page that says what will happen to each row (and why a row
  will not change), takes a note, and on "Yes" runs the action through ``workflow.apply``,
  then says exactly what happened, emails included.

Who may decide is asked of the action (``Action.may``, the same rule the workflow enforces);
hiding a button is a courtesy, the workflow function is the guard.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .. import access, workflow

# An id bigger than this is not a row of ours (and SQLite cannot compare it).
LARGEST_ID = 2**63 - 1


class ActionNoteForm(forms.Form):
    """The note every action takes: required where the action says so, kept with the status change."""

    note = forms.CharField(
        label=gettext_lazy("Note for the record (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"max_length": gettext_lazy("The note must be 2,000 characters or fewer")},
    )

    def __init__(self, *args, action: workflow.Action, objects: list, **kwargs):
        super().__init__(*args, **kwargs)
        if action.note_required:
            self.fields["note"].required = True
            self.fields["note"].label = gettext_lazy("Note (required)")
            self.fields["note"].error_messages["required"] = action.note_required_message
        self.fields["note"].help_text = gettext_lazy("Kept with the status change, in the history.")


class ActionMessageForm(ActionNoteForm):
    """A note for the record, and a personal message that goes into each email (and its preview)."""

    message = forms.CharField(
        label=gettext_lazy("Personal message for the email (optional)"),
        help_text=gettext_lazy("Goes into each email, as written. Use “Preview the email” to see it in place."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"max_length": gettext_lazy("The message must be 2,000 characters or fewer")},
    )


def parse_id(value) -> int | None:
    """A row id from a query string: ASCII digits within the range of an id, else None.

    ("²".isdigit() is true and int() refuses it; a 5,000-digit number is refused by int(), and a
    number past 2**63 - 1 by the database.)"""
    value = str(value or "").strip()
    if value.isascii() and value.isdigit() and len(value) <= 19 and 0 < int(value) <= LARGEST_ID:
        return int(value)
    return None


def parse_ids(values) -> list[int]:
    """Row ids from ``ids=1,2&ids=3``; anything that is not a plausible id is left out."""
    found = (parse_id(part) for value in values for part in str(value).split(","))
    return [pk for pk in found if pk is not None]


class WorkflowActionsMixin:
    workflow_entity = ""  # the workflow functions' keyword: "contribution", "case_study"
    workflow_table: dict[str, workflow.Action] = {}
    confirm_template = "admin/casestudies/action_confirm.html"
    # An action whose confirmation page asks more than a note: its form class, by action name.
    action_forms: dict[str, type] = {}

    # --- hooks -----------------------------------------------------------------------------------

    def confirm_columns(self) -> list[str]:
        return [_("Row"), _("Status now")]

    def confirm_cells(self, obj) -> list:
        return [str(obj), obj.get_status_display()]

    def confirm_extra_context(self, request, action, rows) -> dict:
        return {}

    def row_label(self, obj) -> str:
        return str(obj)

    def email_to(self, obj) -> str:
        """The address the action's email to ``obj`` goes to."""
        return ""

    def confirm_queryset(self, queryset):
        return queryset

    def council_column(self, request, *, ordering: str):
        """The list's council column, marking the rows of the signed-in user's own council."""
        user = request.user

        @admin.display(description=gettext_lazy("council"), ordering=ordering)
        def council(obj):
            name = access.subject_council(obj)[1]
            if access.may_decide(user, obj):
                return name
            return format_html('{} <strong class="ccin-tag ccin-tag--conflict">{}</strong>', name, _("Your council"))

        return council

    # --- URLs, buttons and bulk actions ------------------------------------------------------------

    def _url_name(self, suffix: str) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{suffix}"

    def get_urls(self):
        view = self.admin_site.admin_view(self.decide_view)
        return [path("decide/<str:decision>/", view, name=self._url_name("decide")), *super().get_urls()]

    def decide_url(self, action: workflow.Action, ids, next_url: str = "") -> str:
        url = reverse(f"admin:{self._url_name('decide')}", kwargs={"decision": action.name})
        query = {"ids": ",".join(str(pk) for pk in ids)}
        if next_url:
            query["next"] = next_url
        return f"{url}?{urlencode(query)}"

    def workflow_buttons(self, request, obj) -> list[dict]:
        if obj is None or not self.has_change_permission(request, obj):
            return []
        here = request.get_full_path()
        return [
            {"action": action, "url": self.decide_url(action, [obj.pk], here)}
            for action in workflow.actions_offered(self.workflow_table, obj, request.user)
        ]

    def get_actions(self, request):
        found = super().get_actions(request)
        if not self.has_change_permission(request):
            return found
        for action in self.workflow_table.values():
            if not action.bulk_label or (action.permission and not request.user.has_perm(action.permission)):
                continue
            name = f"{action.name.replace('-', '_')}_selected"
            found[name] = (self._bulk(action), name, action.bulk_label)
        return found

    def _bulk(self, action):
        def bulk(modeladmin, request, queryset):
            return self.decide_confirm(request, action, queryset, next_url=request.get_full_path())

        return bulk

    # --- the confirmation page and the decision -------------------------------------------------

    def _action(self, name) -> workflow.Action:
        action = self.workflow_table.get(name)
        if action is None:
            raise PermissionDenied
        return action

    def _form(self, request, action, objects, data=None):
        form_class = self.action_forms.get(action.name, ActionNoteForm)
        return form_class(data, action=action, objects=objects)

    def decide_confirm(self, request, action, queryset, *, next_url: str, form=None):
        objects = list(self.confirm_queryset(queryset))
        rows = workflow.plan(action=action, objects=objects, user=request.user)
        allowed = [row for row in rows if row.allowed]
        form = form or self._form(request, action, [row.obj for row in allowed])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "is_nav_sidebar_enabled": False,
            "title": _("Confirm: %(action)s") % {"action": action.label},
            "action": action,
            "columns": self.confirm_columns(),
            "rows": [{"row": row, "cells": self.confirm_cells(row.obj)} for row in rows],
            "allowed_count": len(allowed),
            "recipients": [(self.row_label(row.obj), self.email_to(row.obj)) for row in allowed]
            if action.email_kind
            else [],
            "refused_count": len(rows) - len(allowed),
            "form": form,
            "next_url": next_url,
            "action_url": reverse(f"admin:{self._url_name('decide')}", kwargs={"decision": action.name}),
            **self.confirm_extra_context(request, action, rows),
        }
        return TemplateResponse(request, self.confirm_template, context)

    def decide_view(self, request, decision):
        if not self.has_change_permission(request):
            raise PermissionDenied
        action = self._action(decision)
        source = request.POST if request.method == "POST" else request.GET
        back = self._safe_next(request, source.get("next", ""))
        ids = parse_ids(source.getlist("ids"))
        queryset = self.get_queryset(request).filter(pk__in=ids)
        if not ids or not queryset.exists():
            messages.warning(
                request,
                _("No %(things)s were chosen, so nothing was done.") % {"things": self.opts.verbose_name_plural},
            )
            return HttpResponseRedirect(back)
        if request.method != "POST" or "confirm" not in request.POST:
            form = None
            if request.method == "POST" and "preview" in request.POST:  # the email again, with what was typed
                form = self._form(request, action, list(self.confirm_queryset(queryset)), data=request.POST)
                form.is_valid()
            return self.decide_confirm(request, action, queryset, next_url=back, form=form)
        objects = list(self.confirm_queryset(queryset))
        form = self._form(request, action, objects, data=request.POST)
        if not form.is_valid():
            return self.decide_confirm(request, action, queryset, next_url=back, form=form)
        result = workflow.apply(
            action=action, entity=self.workflow_entity, objects=objects, by=request.user, **form.cleaned_data
        )
        self.decide_report(request, result)
        return HttpResponseRedirect(back)

    def _safe_next(self, request, url: str) -> str:
        if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=False):
            return url
        return reverse(f"admin:{self._url_name('changelist')}")

    def decide_report(self, request, result: workflow.Result) -> None:
        """Say what happened: the rows done, each email's fate (sent, waiting or failed), each refusal."""
        action = result.action
        if result.done:
            count = len(result.done)
            names = ", ".join(self.row_label(obj) for obj in result.done)
            text = ngettext(
                "%(count)s %(thing)s %(done)s: %(names)s.", "%(count)s %(things)s %(done)s: %(names)s.", count
            ) % {
                "count": count,
                "thing": self.opts.verbose_name,
                "things": self.opts.verbose_name_plural,
                "done": action.done,
                "names": names,
            }
            messages.success(request, text)
        report_emails(request, result.emails)
        for obj, reason in result.refused:
            messages.warning(
                request,
                _("Not %(done)s: %(row)s. %(reason)s")
                % {"done": action.done, "row": self.row_label(obj), "reason": reason},
            )


def report_emails(request, counts: dict[str, int]) -> None:
    """One message per outcome, each with its true count, read back from the email log."""
    sent, waiting, failed = counts.get("sent", 0), counts.get("pending", 0), counts.get("failed", 0)
    if sent:
        messages.success(request, ngettext("%d email sent.", "%d emails sent.", sent) % sent)
    if waiting:
        messages.info(
            request, ngettext("%d email is waiting to send.", "%d emails are waiting to send.", waiting) % waiting
        )
    if failed:
        messages.error(
            request,
            ngettext(
                "%d email failed to send. What was decided stands; resend it from Emails.",
                "%d emails failed to send. What was decided stands; resend them from Emails.",
                failed,
            )
            % failed,
        )
