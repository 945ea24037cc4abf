"""One case study: as its private link opens it, as its public page shows it (with its related
case studies), its change requests."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ..models import CaseStudy, StatusChange
from .collection import case_study_collection

RELATED_COUNT = 3


def case_study_for_link_queryset() -> QuerySet:
    """Case studies as their private link opens them: with everything the pages show."""
    return CaseStudy.objects.select_related("call", "council", "theme", "contribution__eoi").prefetch_related(
        "principles"
    )


def case_study_for_link_get(*, pk: int) -> CaseStudy:
    """The case study ``pk`` read again as its private link opens it (after a save or a refusal)."""
    return case_study_for_link_queryset().get(pk=pk)


def case_study_published_list() -> QuerySet:
    """Published case studies with what a page about one shows, and nothing personal."""
    return (
        CaseStudy.objects.published()
        .select_related("call", "call__publication", "council", "theme", "contribution__eoi")
        .prefetch_related("principles")
    )


def case_study_was_unpublished(*, slug: str) -> bool:
    """Whether ``slug`` is a case study that was published and has been taken down."""
    return CaseStudy.objects.filter(slug=slug, status=CaseStudy.Status.UNPUBLISHED).exists()


def case_study_published_get(*, slug: str) -> CaseStudy:
    """The published case study at ``slug``; Http404 for any other status, as for an unknown slug."""
    return get_object_or_404(case_study_published_list(), slug=slug)


def case_study_related(*, case_study: CaseStudy) -> list:
    """Up to ``RELATED_COUNT`` other published case studies of the same theme, newest first, as cards."""
    return list(case_study_collection().filter(theme_id=case_study.theme_id).exclude(pk=case_study.pk)[:RELATED_COUNT])


def case_study_latest_change_request(*, case_study):
    """The editors' most recent request for changes (a StatusChange with their note), or None."""
    return (
        StatusChange.objects.for_object(case_study)
        .filter(to_status=CaseStudy.Status.CHANGES_REQUESTED)
        .order_by("-at", "-pk")
        .first()
    )
