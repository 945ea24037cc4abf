"""Calls: the list, the next moment the call pages change, a call's themes."""

import datetime

from django.db.models import Min, Q, QuerySet

from ..models import Call, CallTheme


def call_list() -> QuerySet[Call]:
    return Call.objects.latest_first()


def call_next_change(*, now: datetime.datetime) -> datetime.datetime | None:
    """The next moment any call opens or closes for EOIs (when the call pages change by themselves)."""
    found = Call.objects.aggregate(
        opens=Min("eoi_opens_at", filter=Q(eoi_opens_at__gt=now)),
        closes=Min("eoi_deadline_at", filter=Q(eoi_deadline_at__gt=now)),
    )
    moments = [moment for moment in found.values() if moment is not None]
    return min(moments) if moments else None


def call_themes(*, call: Call) -> QuerySet[CallTheme]:
    return CallTheme.objects.filter(call=call).select_related("theme").order_by("theme__order", "theme__name")
