"""One case study: as its private link opens it, as its public page shows it, its change requests."""

from django.db.models import QuerySet

from ..models import CaseStudy, StatusChange


def case_study_for_link_queryset() -> QuerySet:
    """Case studies as their private link opens them: with everything the pages show."""
    return CaseStudy.objects.select_related("call", "council", "theme", "contribution__eoi").prefetch_related(
        "principles"
    )


def case_study_published_list() -> QuerySet:
    """Published case studies with what a page about one shows, and nothing personal."""
    return (
        CaseStudy.objects.published()
        .select_related("call", "council", "theme", "contribution__eoi")
        .prefetch_related("principles")
    )


def case_study_latest_change_request(*, case_study):
    """The editors' most recent request for changes (a StatusChange with their note), or None."""
    return (
        StatusChange.objects.for_object(case_study)
        .filter(to_status=CaseStudy.Status.CHANGES_REQUESTED)
        .order_by("-at", "-pk")
        .first()
    )
