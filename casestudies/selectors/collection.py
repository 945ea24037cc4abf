"""The public collection: the cards, the filters' options, and everything published for reuse."""

from django.db.models import Exists, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .. import public_cache
from ..models import Call, CaseStudy, Contribution, Council, Principle, Theme
from .filters import FilterOptions

# Text the cards and lists never show: left in the database, not fetched for every row.
_NOT_ON_CARDS = (
    "body",
    "partners",
    "outcomes",
    "body_cy",
    "partners_cy",
    "outcomes_cy",
    "enquiry_name",
    "enquiry_role",
    "enquiry_email",
    "access_key",
)


def with_public_council_name(queryset: QuerySet) -> QuerySet:
    """``public_council_name``: the member council's name, or the name an unlisted council gave.

    An annotation, so that no row fetches its EOI to find it. Subqueries rather than joins:
    PostgreSQL runs them only for the rows shown (and the EOI's only when there is no member
    council), and a COUNT, or a search's first pass, drops them and so joins nothing.
    """
    member = Council.objects.filter(pk=OuterRef("council_id")).values("name")[:1]
    unlisted = Contribution.objects.filter(pk=OuterRef("contribution_id")).values("eoi__council_name")[:1]
    return queryset.annotate(public_council_name=Coalesce(Subquery(member), Subquery(unlisted)))


def case_study_collection(
    *, theme: Theme | None = None, council: Council | None = None, principle: Principle | None = None
) -> QuerySet:
    """Published case studies as cards show them, newest first: council, theme and call joined.

    With ``theme``, ``council`` or ``principle``: only those about it (its page's list).
    """
    queryset = CaseStudy.objects.published()
    if theme is not None:
        queryset = queryset.filter(theme=theme)
    if council is not None:
        queryset = queryset.filter(council=council)
    if principle is not None:
        queryset = queryset.filter(principles=principle)
    return with_public_council_name(queryset.select_related("council", "theme", "call").defer(*_NOT_ON_CARDS)).order_by(
        "-published_at", "-pk"
    )


def collection_filter_options():
    """The themes, principles, councils and calls that have published case studies.

    Four queries, each asking of every theme (council, …) whether one published case study
    exists (an index probe each); the result is kept in the public-pages cache until anything
    public changes (``public_cache``), so the search page, which is not cached, reads it once.
    """
    return public_cache.remember("collection-filter-options", _collection_filter_options)


def _collection_filter_options():
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


def case_study_reuse_list() -> QuerySet:
    """Everything published, for the open data and the feed: oldest first, principles prefetched.

    ``contribution`` is not joined, so no contact details are even fetched; the enquiry
    contact is fetched, and the callers publish it only where ``enquiry_consent`` is true.
    """
    return (
        with_public_council_name(CaseStudy.objects.published().select_related("council", "theme", "call"))
        .prefetch_related("principles")
        .defer("access_key")
        .order_by("first_published_at", "pk")
    )


def case_study_last_published_at():
    """When the collection last changed by a publication (None if nothing is published)."""
    return CaseStudy.objects.published().aggregate(latest=Max("published_at"))["latest"]
