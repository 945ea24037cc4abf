"""Calls: one by its address, the current one, the list, the next moment the call pages change,
a call's themes."""

import copy
import datetime

from django.db.models import Min, Q, QuerySet
from django.shortcuts import get_object_or_404

from .. import public_cache
from ..models import Call, CallTheme


def call_get(*, slug: str) -> Call:
    """The call at ``slug``; Http404 if there is none."""
    return get_object_or_404(Call, slug=slug)


def call_get_kept(*, slug: str) -> Call:
    """``call_get``, kept with the public pages (``public_cache.remember_shared``) for the EOI form's
    pages, whose every request reads the call: its submit then runs no query before its own
    transaction but the session's. Every admin save of a call starts a new generation, so a
    change shows here at once on the server that made it and within a second on the others (an
    EOI sent in that second is judged by the call as it was). A copy each time: a request may
    change its call without changing anyone else's."""
    return copy.copy(public_cache.remember_shared(f"call:{slug}", lambda: call_get(slug=slug)))


def call_current() -> Call | None:
    """The call the home page leads with: the open one, else the most recent (None before any)."""
    return Call.objects.current()


def call_list() -> QuerySet[Call]:
    return Call.objects.latest_first()


def call_list_except(*, call: Call) -> QuerySet[Call]:
    """Every other call, latest first (the call page's "earlier calls")."""
    return call_list().exclude(pk=call.pk)


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


def call_theme_name(*, call: Call, theme_id: int | None) -> str:
    """The name of the theme ``theme_id`` if ``call`` offers it, else "" (one query; none without an id)."""
    if theme_id is None:
        return ""
    return call.themes.filter(pk=theme_id).values_list("name", flat=True).first() or ""


def calls_also_open(*, call: Call, now: datetime.datetime) -> list[Call]:
    """The other calls open for EOIs at ``now``, latest first."""
    return list(Call.objects.open_for_eoi(now).latest_first().exclude(pk=call.pk))


def call_list_earlier(*, call: Call, also_open: list[Call]) -> QuerySet[Call]:
    """Every call but ``call`` and those ``also_open``: the call page's "earlier calls"."""
    return call_list().exclude(pk__in=[call.pk, *(c.pk for c in also_open)])
