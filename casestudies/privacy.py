"""What the privacy notice says, from settings and from the calls themselves.

Who the data controller is, how to reach them (and any data protection officer) and what the
data is used for are settings (``PRIVACY_*``, read from the environment). How long personal
data is kept is each call's own ``retention_days``, the same number ``purge_personal_data``
acts on, so the notice cannot promise one period while the command keeps another.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import apnumber
from django.utils import timezone
from django.utils.translation import ngettext

from .models import Call


@dataclass(frozen=True)
class CallRetention:
    """How long one call keeps the contact details of submissions that did not lead to a case study."""

    title: str
    days: int
    period: str
    deadline: datetime.datetime
    kept_until: datetime.datetime


def retention_in_words(days: int) -> str:
    """A number of days as a reader would say it: "one year", "two years", "six weeks", "90 days"."""
    if days and days % 365 == 0:
        years = days // 365
        return ngettext("%(count)s year", "%(count)s years", years) % {"count": apnumber(years)}
    if days and days % 7 == 0 and days < 365:
        weeks = days // 7
        return ngettext("%(count)s week", "%(count)s weeks", weeks) % {"count": apnumber(weeks)}
    return ngettext("%(count)s day", "%(count)s days", days) % {"count": apnumber(days)}


def call_retention_list(*, now: datetime.datetime | None = None) -> list[CallRetention]:
    """Every call that may still hold such personal data (its retention has not run out), latest first."""
    now = now or timezone.now()
    return [
        CallRetention(
            title=call.title,
            days=call.retention_days,
            period=retention_in_words(call.retention_days),
            deadline=call.case_study_deadline_at,
            kept_until=call.personal_data_kept_until,
        )
        for call in Call.objects.latest_first().only(
            "title", "retention_days", "case_study_deadline_at", "eoi_deadline_at"
        )
        if call.personal_data_kept_until > now
    ]


def privacy_notice_context(*, now: datetime.datetime | None = None) -> dict:
    controller = settings.PRIVACY_CONTROLLER
    address = str(controller.get("address", "") or "")
    dpo = settings.PRIVACY_DPO or {}
    return {
        "controller_name": controller.get("name", ""),
        "controller_address": [line.strip() for line in address.replace("\n", "|").split("|") if line.strip()],
        "privacy_email": settings.PRIVACY_CONTACT_EMAIL,
        "dpo_name": dpo.get("name", ""),
        "dpo_email": dpo.get("email", ""),
        "purposes": list(settings.PRIVACY_PURPOSES),
        "retention": call_retention_list(now=now),
    }
