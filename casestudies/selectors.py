"""The reads that pages need, with their joins decided once here."""

from django.db.models import QuerySet

from .models import Call, CallTheme


def call_list() -> QuerySet[Call]:
    return Call.objects.latest_first()


def call_themes(*, call: Call) -> QuerySet[CallTheme]:
    return CallTheme.objects.filter(call=call).select_related("theme").order_by("theme__order", "theme__name")
