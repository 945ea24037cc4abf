"""Themes, councils and co-operative principles: each by its address, and principles' names."""

from django.shortcuts import get_object_or_404

from ..models import Council, Principle, Theme


def theme_get(*, slug: str) -> Theme:
    return get_object_or_404(Theme, slug=slug)


def council_get(*, slug: str) -> Council:
    return get_object_or_404(Council, slug=slug)


def principle_get(*, slug: str) -> Principle:
    return get_object_or_404(Principle, slug=slug)


def principle_names(*, ids) -> list[str]:
    """The names of the principles ``ids`` (None and unknown ids are skipped), in principle order."""
    return list(Principle.objects.filter(pk__in=[pk for pk in ids if pk]).values_list("name", flat=True))
