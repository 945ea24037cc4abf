"""Admin actions shared by several ModelAdmins.

``case_study_send_reminders`` is listed by the case-study admin (``actions = [..., case_study_send_reminders]``):
it emails each selected council its current private link, through workflow.case_study_send_reminder.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .. import workflow

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
    sent, refused = [], []
    for case_study in queryset.select_related("contribution__eoi__council").order_by("pk"):
        try:
            workflow.case_study_send_reminder(case_study=case_study, by=request.user)
        except ValidationError as error:
            refused.append((case_study, " ".join(error.messages)))
            continue
        sent.append(case_study)
    if sent:
        text = ngettext(
            "Reminder sent for %(count)s case study: %(names)s.",
            "Reminders sent for %(count)s case studies: %(names)s.",
            len(sent),
        ) % {"count": len(sent), "names": ", ".join(_label(c) for c in sent)}
        modeladmin.message_user(request, text, messages.SUCCESS)
    for case_study, reason in refused:
        text = _("No reminder for %(row)s: %(reason)s") % {"row": _label(case_study), "reason": reason}
        modeladmin.message_user(request, text, messages.WARNING)
    return None
