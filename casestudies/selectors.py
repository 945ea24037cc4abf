"""The reads that pages need, with their joins decided once here."""

import datetime

from django.db.models import QuerySet

from .models import Call, CallTheme


def call_list() -> QuerySet[Call]:
    return Call.objects.latest_first()


def call_next_change(*, now: datetime.datetime) -> datetime.datetime | None:
    """The next moment any call opens or closes for EOIs (when the call pages change by themselves)."""
    from django.db.models import Min, Q

    found = Call.objects.aggregate(
        opens=Min("eoi_opens_at", filter=Q(eoi_opens_at__gt=now)),
        closes=Min("eoi_deadline_at", filter=Q(eoi_deadline_at__gt=now)),
    )
    moments = [moment for moment in found.values() if moment is not None]
    return min(moments) if moments else None


def call_themes(*, call: Call) -> QuerySet[CallTheme]:
    return CallTheme.objects.filter(call=call).select_related("theme").order_by("theme__order", "theme__name")


def eoi_form_choices(*, call: Call) -> dict:
    """What the EOI form offers for ``call``: {"councils": {pk: Council}, "themes": {pk: Theme}},
    each in the order shown. Kept until anything public changes (a council, theme or call edited
    in the admin starts a new generation), so a busy form asks the database for neither."""
    from . import public_cache

    def compute():
        from .models import Council

        councils = Council.objects.all() if call.is_sample else Council.objects.real()
        return {
            "councils": {council.pk: council for council in councils.order_by("name", "pk")},
            "themes": {theme.pk: theme for theme in call.themes.order_by("order", "name")},
        }

    return public_cache.remember(f"eoi-form-choices:{call.pk}", compute)


# --- case studies ----------------------------------------------------------------------------


def case_study_for_link_queryset() -> QuerySet:
    """Case studies as their private link opens them: with everything the pages show."""
    from .models import CaseStudy

    return CaseStudy.objects.select_related("call", "council", "theme", "contribution__eoi").prefetch_related(
        "principles"
    )


def case_study_published_list() -> QuerySet:
    """Published case studies with what a page about one shows, and nothing personal."""
    from .models import CaseStudy

    return (
        CaseStudy.objects.published()
        .select_related("call", "council", "theme", "contribution__eoi")
        .prefetch_related("principles")
    )


def case_study_latest_change_request(*, case_study):
    """The editors' most recent request for changes (a StatusChange with their note), or None."""
    from .models import CaseStudy, StatusChange

    return (
        StatusChange.objects.for_object(case_study)
        .filter(to_status=CaseStudy.Status.CHANGES_REQUESTED)
        .order_by("-at", "-pk")
        .first()
    )


# --- the public collection: browse, theme, council and principle pages, publication, reuse ----

# Text the cards and lists never show: left in the database, not fetched for every row.
_NOT_ON_CARDS = ("body", "partners", "outcomes", "enquiry_name", "enquiry_role", "enquiry_email", "access_key")


def _with_public_council_name(queryset: QuerySet) -> QuerySet:
    """``public_council_name``: the member council's name, or the name an unlisted council gave.

    An annotation, so that no row fetches its EOI to find it. Subqueries rather than joins:
    PostgreSQL runs them only for the rows shown (and the EOI's only when there is no member
    council), and a COUNT, or a search's first pass, drops them and so joins nothing.
    """
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from .models import Contribution, Council

    member = Council.objects.filter(pk=OuterRef("council_id")).values("name")[:1]
    unlisted = Contribution.objects.filter(pk=OuterRef("contribution_id")).values("eoi__council_name")[:1]
    return queryset.annotate(public_council_name=Coalesce(Subquery(member), Subquery(unlisted)))


def case_study_collection() -> QuerySet:
    """Published case studies as cards show them, newest first: council, theme and call joined."""
    from .models import CaseStudy

    return _with_public_council_name(
        CaseStudy.objects.published().select_related("council", "theme", "call").defer(*_NOT_ON_CARDS)
    ).order_by("-published_at", "-pk")


def collection_filter_options():
    """The themes, principles, councils and calls that have published case studies.

    Four queries, each asking of every theme (council, …) whether one published case study
    exists (an index probe each); the result is kept in the public-pages cache until anything
    public changes (``public_cache``), so the search page, which is not cached, reads it once.
    """
    from . import public_cache

    return public_cache.remember("collection-filter-options", _collection_filter_options)


def _collection_filter_options():
    from django.db.models import Exists, OuterRef

    from .filters import FilterOptions
    from .models import Call, CaseStudy, Council, Principle, Theme

    published = CaseStudy.objects.published()
    shown = CaseStudy.principles.through.objects.filter(casestudy__status=CaseStudy.Status.PUBLISHED)
    return FilterOptions(
        themes=list(Theme.objects.filter(Exists(published.filter(theme=OuterRef("pk")))).order_by("order", "name")),
        principles=list(
            Principle.objects.filter(Exists(shown.filter(principle=OuterRef("pk")))).order_by("order", "name")
        ),
        councils=list(
            Council.objects.filter(Exists(published.filter(council=OuterRef("pk"))))
            .only("name", "slug", "nation", "region", "is_sample")
            .order_by("name")
        ),
        calls=list(
            Call.objects.filter(Exists(published.filter(call=OuterRef("pk"))))
            .only("title", "slug", "is_sample", "eoi_deadline_at")
            .latest_first()
        ),
    )


def publication_published_get(*, slug: str):
    """A publication whose day has come, with its call; Http404 otherwise (unknown, undated or future)."""
    from django.shortcuts import get_object_or_404

    from .models import Publication

    return get_object_or_404(
        Publication.objects.published().select_related("call").prefetch_related("perspectives"), slug=slug
    )


def publication_published_list() -> QuerySet:
    """Every publication whose day has come, newest first, with its call and ``case_study_count``
    (its published case studies)."""
    from django.db.models import Count, Q

    from .models import CaseStudy, Publication

    published = Q(call__case_studies__status=CaseStudy.Status.PUBLISHED)
    return (
        Publication.objects.published()
        .select_related("call")
        .annotate(case_study_count=Count("call__case_studies", filter=published))
        .order_by("-published_on", "title")
    )


def publication_case_studies(*, publication) -> list:
    """The call's published case studies in full, in theme order then title, with their principles."""
    from .models import CaseStudy

    return list(
        _with_public_council_name(
            CaseStudy.objects.published()
            .filter(call_id=publication.call_id)
            .select_related("council", "theme", "call")
            .prefetch_related("principles")
            .defer("access_key")
        ).order_by("theme__order", "theme__name", "title", "pk")
    )


def publication_principle_counts(*, publication) -> list:
    """Every principle with ``case_study_count``: how many of the call's published case studies show it."""
    from django.db.models import Count, Q

    from .models import CaseStudy, Principle

    shown = Q(case_studies__call_id=publication.call_id, case_studies__status=CaseStudy.Status.PUBLISHED)
    return list(Principle.objects.annotate(case_study_count=Count("case_studies", filter=shown)).order_by("order"))


def case_study_reuse_list() -> QuerySet:
    """Everything published, for the open data and the feed: oldest first, principles prefetched.

    ``contribution`` is not joined, so no contact details are even fetched; the enquiry
    contact is fetched, and the callers publish it only where ``enquiry_consent`` is true.
    """
    from .models import CaseStudy

    return (
        _with_public_council_name(CaseStudy.objects.published().select_related("council", "theme", "call"))
        .prefetch_related("principles")
        .defer("access_key")
        .order_by("first_published_at", "pk")
    )
