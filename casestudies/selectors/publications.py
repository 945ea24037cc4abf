"""A call's publication: the publication itself, its case studies in full, its principle counts."""

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from ..models import CaseStudy, Principle, Publication
from .collection import with_public_council_name


def publication_published_get(*, slug: str):
    """A publication whose day has come, with its call; Http404 otherwise (unknown, undated or future)."""
    return get_object_or_404(
        Publication.objects.published().select_related("call").prefetch_related("perspectives"), slug=slug
    )


def publication_case_studies(*, publication) -> list:
    """The call's published case studies in full, in theme order then title, with their principles."""
    return list(
        with_public_council_name(
            CaseStudy.objects.published()
            .filter(call_id=publication.call_id)
            .select_related("council", "theme", "call")
            .prefetch_related("principles")
            .defer("access_key")
        ).order_by("theme__order", "theme__name", "title", "pk")
    )


def publication_principle_counts(*, publication) -> list:
    """Every principle with ``case_study_count``: how many of the call's published case studies show it."""
    shown = Q(case_studies__call_id=publication.call_id, case_studies__status=CaseStudy.Status.PUBLISHED)
    return list(Principle.objects.annotate(case_study_count=Count("case_studies", filter=shown)).order_by("order"))


def publication_published_list() -> QuerySet:
    """Every publication whose day has come, newest first, with its call and ``case_study_count``
    (its published case studies)."""
    published = Q(call__case_studies__status=CaseStudy.Status.PUBLISHED)
    return (
        Publication.objects.published()
        .select_related("call")
        .annotate(case_study_count=Count("call__case_studies", filter=published))
        .order_by("-published_on", "title")
    )


def publication_for_call(*, call) -> Publication | None:
    """The call's publication, once its day has come (None before)."""
    return publication_published_list().filter(call=call).first()
