"""The collection's filters, read from the query string of a GET form (no JavaScript needed).

Parameters (all optional; they combine, and each survives paging):

- ``theme`` — a theme's slug; repeat for several (any of them)
- ``principle`` — a co-operative principle's slug; repeat for several (any of them)
- ``council`` — one council's slug
- ``place`` — one nation (``england``, ``wales``, ``scotland``, ``northern_ireland``) or English
  region (``north_west``, ``london``, …): where the council is
- ``call`` — one call's slug
- ``language`` — ``en-gb`` or ``cy``: case studies with a text in that language (one written
  in both matches either)
- ``q`` — search words (the search page only)

Values that name nothing (a mistyped or retired slug) are ignored rather than refused, so
an old link still shows the collection.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from ..languages import Language
from ..models import CaseStudy
from ..models.reference import Nation, Region

# A query string carries at most this many values of one filter; more are ignored.
MAX_VALUES = 50

# A reader's language filter → the case study languages that have a text in it.
LANGUAGE_MATCHES = {
    Language.EN: (CaseStudy.TextLanguage.EN, CaseStudy.TextLanguage.BOTH),
    Language.CY: (CaseStudy.TextLanguage.CY, CaseStudy.TextLanguage.BOTH),
}

# The language filter's choices, as the form shows them.
LANGUAGE_FILTER_CHOICES = ((Language.EN, _("English")), (Language.CY, "Cymraeg"))

PLACE_GROUPS = (
    (_("Nations"), Nation.choices),
    (_("English regions"), Region.choices),
)


@dataclass(frozen=True)
class FilterOptions:
    """What a reader can choose from: only what has published case studies."""

    themes: list = field(default_factory=list)
    principles: list = field(default_factory=list)
    councils: list = field(default_factory=list)
    calls: list = field(default_factory=list)

    @property
    def languages(self) -> tuple:
        """Always both: a Welsh or English text may be in any part of the collection."""
        return LANGUAGE_FILTER_CHOICES

    def place_groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Nations and English regions where a council with published case studies is."""
        nations = {council.nation for council in self.councils}
        regions = {council.region for council in self.councils if council.region}
        groups = []
        for label, choices in PLACE_GROUPS:
            present = [(value, name) for value, name in choices if value in nations or value in regions]
            if present:
                groups.append((label, present))
        return groups


@dataclass(frozen=True)
class CollectionFilters:
    themes: tuple[str, ...] = ()
    principles: tuple[str, ...] = ()
    council: str = ""
    place: str = ""
    call: str = ""
    language: str = ""

    @classmethod
    def from_query(cls, query: QueryDict, options: FilterOptions) -> "CollectionFilters":
        """Keep only values that name an option; everything else is dropped silently."""

        def many(name: str, known: set[str]) -> tuple[str, ...]:
            seen = []
            for value in query.getlist(name)[:MAX_VALUES]:
                if value in known and value not in seen:
                    seen.append(value)
            return tuple(seen)

        def one(name: str, known: set[str]) -> str:
            value = query.get(name, "")
            return value if value in known else ""

        places = {value for _, choices in options.place_groups() for value, _ in choices}
        return cls(
            themes=many("theme", {theme.slug for theme in options.themes}),
            principles=many("principle", {principle.slug for principle in options.principles}),
            council=one("council", {council.slug for council in options.councils}),
            place=one("place", places),
            call=one("call", {call.slug for call in options.calls}),
            language=one("language", set(LANGUAGE_MATCHES)),
        )

    @property
    def key(self) -> str:
        """The choices as one short string, for keeping the rendered filter form (one per choice)."""
        return "|".join(
            (",".join(self.themes), ",".join(self.principles), self.council, self.place, self.call, self.language)
        )

    @property
    def is_active(self) -> bool:
        return bool(self.themes or self.principles or self.council or self.place or self.call or self.language)

    @property
    def count(self) -> int:
        return (
            len(self.themes)
            + len(self.principles)
            + sum(bool(v) for v in (self.council, self.place, self.call, self.language))
        )

    def apply(self, queryset: QuerySet) -> QuerySet:
        """Within one filter any value matches; across filters all must."""
        if self.themes:
            queryset = queryset.filter(theme__slug__in=self.themes)
        if self.principles:
            # A subquery rather than a join, so a case study showing two chosen principles is listed once.
            through = CaseStudy.principles.through.objects.filter(principle__slug__in=self.principles)
            queryset = queryset.filter(pk__in=through.values("casestudy_id"))
        if self.council:
            queryset = queryset.filter(council__slug=self.council)
        if self.place:
            if self.place in Nation.values:
                queryset = queryset.filter(council__nation=self.place)
            else:
                queryset = queryset.filter(council__region=self.place)
        if self.call:
            queryset = queryset.filter(call__slug=self.call)
        if self.language:
            queryset = queryset.filter(language__in=LANGUAGE_MATCHES[self.language])
        return queryset

    def as_query(self) -> dict:
        """The filters as query-string parameters (lists for the repeatable ones)."""
        query = {}
        if self.themes:
            query["theme"] = list(self.themes)
        if self.principles:
            query["principle"] = list(self.principles)
        for name in ("council", "place", "call", "language"):
            if getattr(self, name):
                query[name] = getattr(self, name)
        return query

    def describe(self, options: FilterOptions) -> list[str]:
        """The chosen filters in words, for the sentence above the results."""
        names = {
            "theme": {theme.slug: theme.name for theme in options.themes},
            "principle": {principle.slug: principle.name for principle in options.principles},
            "council": {council.slug: council.name for council in options.councils},
            "call": {call.slug: call.title for call in options.calls},
            "place": {value: str(name) for _, choices in options.place_groups() for value, name in choices},
            "language": {value: str(name) for value, name in LANGUAGE_FILTER_CHOICES},
        }
        words = [names["theme"][slug] for slug in self.themes]
        words += [names["principle"][slug] for slug in self.principles]
        words += [
            names[name][getattr(self, name)] for name in ("council", "place", "call", "language") if getattr(self, name)
        ]
        return words
