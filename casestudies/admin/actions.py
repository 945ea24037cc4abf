"""Admin actions shared by several ModelAdmins.

``case_study_send_reminders`` is listed by the case-study admin (``actions = [..., case_study_send_reminders]``):
it emails each selected council its current private link, through workflow.case_study_send_reminder.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from .. import emails, workflow
from ..models import EmailLog

SEND_PERMISSION = "casestudies.change_emaillog"


def _label(case_study) -> str:
    return _("%(reference)s (%(council)s)") % {
        "reference": str(case_study.contribution),
        "council": case_study.contribution.eoi.council_display,
    }


@admin.action(description=gettext_lazy("Send a reminder with the private link"), permissions=["view"])
def case_study_send_reminders(modeladmin, request, queryset):
    if not request.user.has_perm(SEND_PERMISSION):
        modeladmin.message_user(request, _("You do not have permission to send emails."), messages.ERROR)
        return None
    queued, refused = [], []
    for case_study in queryset.select_related("contribution__eoi__council").order_by("pk"):
        try:
            log = workflow.case_study_send_reminder(case_study=case_study, by=request.user)
        except ValidationError as error:
            refused.append((case_study, " ".join(error.messages)))
            continue
        queued.append((case_study, log.pk))
    _report_reminders(modeladmin, request, queued)
    for case_study, reason in refused:
        text = _("No reminder for %(row)s: %(reason)s") % {"row": _label(case_study), "reason": reason}
        modeladmin.message_user(request, text, messages.WARNING)
    return None


# What each outcome of a reminder's email is called: "sent" only for one that was sent.
REMINDER_OUTCOMES = {
    EmailLog.Status.SENT: (
        messages.SUCCESS,
        ngettext_lazy(
            "Reminder sent for %(count)s case study: %(names)s.",
            "Reminders sent for %(count)s case studies: %(names)s.",
            "count",
        ),
    ),
    EmailLog.Status.PENDING: (
        messages.INFO,
        ngettext_lazy(
            "Reminder waiting to send for %(count)s case study: %(names)s. It will follow shortly.",
            "Reminders waiting to send for %(count)s case studies: %(names)s. They will follow shortly.",
            "count",
        ),
    ),
    EmailLog.Status.FAILED: (
        messages.ERROR,
        ngettext_lazy(
            "Reminder failed to send for %(count)s case study: %(names)s. Resend it from Emails.",
            "Reminders failed to send for %(count)s case studies: %(names)s. Resend them from Emails.",
            "count",
        ),
    ),
}


def _report_reminders(modeladmin, request, queued) -> None:
    """One message per outcome of the reminders' emails, read from their log rows after sending."""
    statuses = emails.email_statuses(log_ids=[log_id for _case_study, log_id in queued])
    for status, (level, message) in REMINDER_OUTCOMES.items():
        rows = [case_study for case_study, log_id in queued if statuses.get(log_id) == status]
        if rows:
            text = message % {
                "count": len(rows),
                "names": ", ".join(_label(c) for c in rows),
            }
            modeladmin.message_user(request, text, level)


# What a page says about the emails an action queued, by their outcome.
EMAIL_OUTCOMES = {
    EmailLog.Status.SENT: (
        messages.SUCCESS,
        ngettext_lazy("%(count)s email sent to the council.", "%(count)s emails sent to the councils.", "count"),
    ),
    EmailLog.Status.PENDING: (
        messages.INFO,
        ngettext_lazy(
            "%(count)s email to the council is waiting to send; it will follow shortly.",
            "%(count)s emails to the councils are waiting to send; they will follow shortly.",
            "count",
        ),
    ),
    EmailLog.Status.FAILED: (
        messages.ERROR,
        ngettext_lazy(
            "%(count)s email to the council failed to send; resend it from Emails.",
            "%(count)s emails to the councils failed to send; resend them from Emails.",
            "count",
        ),
    ),
}


def report_emails(modeladmin, request, *, kind: str, about) -> None:
    """Say, from their log rows, whether the emails of ``kind`` about ``about`` were sent."""
    counts = emails.email_newest_statuses(kind=kind, about=about)
    for status, (level, message) in EMAIL_OUTCOMES.items():
        if counts.get(status):
            modeladmin.message_user(request, message % {"count": counts[status]}, level)
