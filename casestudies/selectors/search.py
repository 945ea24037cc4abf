"""Searching published case studies: title, standfirst, body, council name and theme name.

PostgreSQL (production) uses its full-text search through ``django.contrib.postgres.search``:

- the document is a weighted ``tsvector``: title A; standfirst, council name and theme name B;
  body C, in the ``english`` configuration (stemming: "hubs" finds "hub"); and the Welsh
  title, standfirst and body at the same weights in the ``simple`` configuration (PostgreSQL
  has no Welsh stemmer: "cymuned" finds "cymuned", not "cymunedau");
- a query is read both ways, ``websearch_to_tsquery('english', q)`` and
  ``websearch_to_tsquery('simple', q)``: a case study with Welsh text matches either, an
  English-only one the English reading alone (so "-pantry" still leaves out "pantries"); one
  that matches the English reading is ranked by it alone (so English ranking is as it was),
  any other by the ``simple`` reading;
- the words are read with ``websearch_to_tsquery``, which never fails on odd input:
  ``"exact phrase"``, ``or`` and ``-word`` work as on a web search engine;
- results are ordered by ``ts_rank`` (then newest first), and ``ts_headline`` marks the words
  that matched in the title, the standfirst and a fragment of the body.

The document. PostgreSQL keeps it as a stored, generated column (``search_document``,
migrations 0005 and 0007) with a GIN index: the case study's own text, and the council's and
theme's names, which triggers copy into the row (``search_names``) and refresh when a council
or theme is renamed. PostgreSQL computes it on every write, so it never goes stale and nothing
in Python maintains it; a search is one GIN-indexed condition on one column.

At most ``MAX_RANKED`` matches are ranked. A word that is in most case studies (a common word,
or a theme's name) would otherwise mean reading and ranking thousands of documents on every
search; instead the ``MAX_RANKED`` most recently published matches are found first (an index
scan in date order, which stops there), then ranked, and the page says that the search was
broad (``SearchResults.is_capped``). The cost of a search is so bounded whatever the size of
the collection; see docs/performance.md.

SQLite (the embedded default, tests) uses its own full-text engine, FTS5, with the Porter stemmer,
bm25 ranking and the same reading of a query (search_sqlite.py, migration 0009).

Either way the marked text is built safely: the text is escaped first, then ``<mark>`` is
put around the matches, so a case study's own words can never become markup.
"""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorCombinable,
    SearchVectorExact,
    SearchVectorField,
)
from django.db import connections
from django.db.models import Case, Expression, Q, QuerySet, When
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .. import public_cache
from ..models import CaseStudy
from .search_sqlite import fts_headlines, fts_ranked_ids

# Longer queries are cut to this many characters (and the reader is told).
MAX_QUERY_LENGTH = 200
# At most this many matches (the most recently published) are ranked; see the module's docstring.
MAX_RANKED = 1000
# At most this many distinct words of a query are kept in ``SearchText.terms``.
MAX_TERMS = 12
CONFIG = "english"
# A ranking kept in the shared cache (``case_study_search(kept_as=…)``) lasts at most this long,
# and counts as this many bytes in a worker's own store: anyone can ask for new queries, so
# what they leave behind is small (at most MAX_RANKED ids) and short-lived.
RANKING_KEPT_SECONDS = 300
RANKING_BYTES = 8 * 1024
# The Welsh text's configuration: no stemming, no stop words (PostgreSQL has no Welsh dictionary).
WELSH_CONFIG = "simple"

# ts_headline marks matches with these private-use characters; they become <mark> only after
# the text around them has been escaped.
MARK_START = "\ue000"
MARK_STOP = "\ue001"
_MARKED = re.compile(f"{MARK_START}([^{MARK_START}{MARK_STOP}]*){MARK_STOP}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ue000\ue001]")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class SearchText:
    """A reader's query, cleaned: no control characters, spaces collapsed, cut to length."""

    text: str
    was_truncated: bool
    terms: tuple[str, ...]

    @classmethod
    def from_raw(cls, raw: str | None) -> "SearchText":
        # NUL cannot even be sent to PostgreSQL; other control characters are noise.
        text = " ".join(_CONTROL.sub(" ", raw or "").split())
        was_truncated = len(text) > MAX_QUERY_LENGTH
        text = text[:MAX_QUERY_LENGTH].strip()
        terms, seen = [], set()
        for word in _WORD.findall(text):
            key = word.casefold()
            if key not in seen and len(terms) < MAX_TERMS:
                seen.add(key)
                terms.append(word)
        return cls(text=text, was_truncated=was_truncated, terms=tuple(terms))

    @property
    def is_empty(self) -> bool:
        return not self.text

    @property
    def is_searchable(self) -> bool:
        """Has at least one letter or digit to look for (not only punctuation or emoji)."""
        return bool(self.terms)


def uses_postgres(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


@dataclass(frozen=True)
class Ranking:
    """Every match's id, best first: what a search found, small and plain, so it can be kept in the
    shared cache. ``is_capped``: more than ``MAX_RANKED`` matched, and only the most recent
    ``MAX_RANKED`` were ranked."""

    ids: list[int]
    is_capped: bool = False
    ranked_at_most: int = 0


@dataclass(frozen=True)
class SearchResults:
    """Every match's id, best first, and ``rows(ids)``: those case studies, in that order, ready to
    show (on PostgreSQL with ``search_rank`` and the ``*_headline`` texts). ``is_capped``: more
    than ``MAX_RANKED`` matched, and only the most recent ``MAX_RANKED`` were ranked."""

    ids: list[int]
    rows: Callable[[list[int]], list]
    is_capped: bool = False
    ranked_at_most: int = 0


def _in_order(queryset: QuerySet, ids: list[int]) -> list:
    by_pk = {case_study.pk: case_study for case_study in queryset.filter(pk__in=ids)}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def ranking_name(search: SearchText, kept_as: str) -> str:
    """The name a ranking is kept under: the language (what a query matches may depend on it),
    what narrows the list (``kept_as``: the filters) and the query, hashed to a fixed length."""
    address = f"{translation.get_language()}|{kept_as}|{search.text}"
    return "search-ranking:" + hashlib.sha256(address.encode()).hexdigest()


def case_study_search(queryset: QuerySet, search: SearchText, *, kept_as: str | None = None) -> SearchResults:
    """The case studies of ``queryset`` matching ``search``, best first.

    The ranking is one query whatever the number of matches (its length is the count); ``rows``
    then reads one page's rows with their headlines, so headlines are made for those rows only.
    ``kept_as`` names what narrowed ``queryset`` (the filters, as the address gives them): the
    ranking is then kept in the public-pages cache under that name, the language and the query,
    and made stale with the pages (``public_cache``), so a repeated search, or its next page,
    runs only the page's query. ``search_highlight`` turns the headlines (either database) into
    safe marked HTML.
    """
    if not search.is_searchable:
        return SearchResults([], lambda ids: [])
    rank, marked = (postgres_ranking, postgres_marked) if uses_postgres(queryset) else (sqlite_ranking, sqlite_marked)
    if kept_as is None:
        ranking = rank(queryset, search)
    else:
        ranking = public_cache.remember(
            ranking_name(search, kept_as),
            lambda: rank(queryset, search),
            seconds=RANKING_KEPT_SECONDS,
            size=RANKING_BYTES,
        )
    rows = marked(queryset, search)
    return SearchResults(
        ranking.ids,
        lambda page_ids: _in_order(rows, page_ids),
        is_capped=ranking.is_capped,
        ranked_at_most=ranking.ranked_at_most,
    )


# --- PostgreSQL -------------------------------------------------------------------------------

# The generated column of migrations 0005 and 0007 (PostgreSQL only; the model does not declare it).
DOCUMENT_COLUMN = "search_document"


class StoredDocument(SearchVectorCombinable, Expression):
    """``<this table's alias>.search_document``: the case study's text and names, weighted, as stored."""

    config = None

    def __init__(self, alias: str | None = None):
        super().__init__(output_field=SearchVectorField())
        self.alias = alias

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        clone = self.copy()
        clone.alias = query.get_initial_alias()
        return clone

    def relabeled_clone(self, change_map):
        clone = self.copy()
        clone.alias = change_map.get(self.alias, self.alias)
        return clone

    def get_group_by_cols(self):
        return [self]

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name_unless_alias(self.alias)}.{connection.ops.quote_name(DOCUMENT_COLUMN)}", []


def postgres_query(search: SearchText) -> tuple[SearchQuery, SearchQuery, Q, Expression]:
    """What a search matches on PostgreSQL, the one place it is built (ranking and headlines): the
    English and the Welsh (simple) readings of the words, the match and the rank."""
    english = SearchQuery(search.text, search_type="websearch", config=CONFIG)
    welsh = SearchQuery(search.text, search_type="websearch", config=WELSH_CONFIG)
    # The simple reading only for case studies with Welsh text: for the others, matching stays
    # exactly the English reading ("-pantry" must still leave out "pantries").
    matches = Q(document=english) | (~Q(language=CaseStudy.TextLanguage.EN) & Q(document=welsh))
    rank = Case(
        When(SearchVectorExact(StoredDocument(), english), then=SearchRank(StoredDocument(), english)),
        default=SearchRank(StoredDocument(), welsh),
    )
    return english, welsh, matches, rank


def postgres_ranking(queryset: QuerySet, search: SearchText) -> Ranking:
    """The most recent ``MAX_RANKED`` (+1) matches with their ranks, in one query, from the GIN
    index or the date index (whichever PostgreSQL finds cheaper), sorted by rank here."""
    _english, _welsh, matches, rank = postgres_query(search)
    found = list(
        queryset.alias(document=StoredDocument())
        .filter(matches)
        .annotate(search_rank=rank)
        .order_by("-published_at", "-pk")
        .values_list("pk", "search_rank")[: MAX_RANKED + 1]
    )
    # Best first; equal ranks stay newest first (the list is, and the sort is stable).
    ids = [pk for pk, _rank in sorted(found[:MAX_RANKED], key=lambda row: -row[1])]
    return Ranking(ids, is_capped=len(found) > MAX_RANKED, ranked_at_most=MAX_RANKED)


def postgres_marked(queryset: QuerySet, search: SearchText) -> QuerySet:
    """``queryset`` with each row's rank and its matches marked (computed only for the rows read)."""
    english, welsh, _matches, rank = postgres_query(search)
    marks = {"start_sel": MARK_START, "stop_sel": MARK_STOP}
    body = {"max_fragments": 2, "max_words": 28, "min_words": 12, "fragment_delimiter": " … "}
    return queryset.annotate(
        search_rank=rank,
        title_headline=SearchHeadline("title", english, highlight_all=True, config=CONFIG, **marks),
        standfirst_headline=SearchHeadline("standfirst", english, highlight_all=True, config=CONFIG, **marks),
        body_headline=SearchHeadline("body", english, config=CONFIG, **body, **marks),
        title_cy_headline=SearchHeadline("title_cy", welsh, highlight_all=True, config=WELSH_CONFIG, **marks),
        standfirst_cy_headline=SearchHeadline("standfirst_cy", welsh, highlight_all=True, config=WELSH_CONFIG, **marks),
        body_cy_headline=SearchHeadline("body_cy", welsh, config=WELSH_CONFIG, **body, **marks),
    )


# --- SQLite ------------------------------------------------------------------------------------


def sqlite_ranking(queryset: QuerySet, search: SearchText) -> Ranking:
    """FTS5 (search_sqlite.py): the ranked ids, in one query."""
    return Ranking(fts_ranked_ids(queryset, search.text))


def sqlite_marked(queryset: QuerySet, search: SearchText) -> QuerySet:
    """``queryset`` with the same ``*_headline`` texts as PostgreSQL's."""
    return queryset.annotate(**fts_headlines(search.text, marks=(MARK_START, MARK_STOP)))


# --- marking what matched -------------------------------------------------------------------------


def _from_headline(headline: str | None) -> SafeString:
    """ts_headline's text with our marks: escape everything, then turn the marks into <mark>."""
    escaped = escape(headline or "")
    marked = _MARKED.sub(r"<mark>\1</mark>", escaped)
    return mark_safe(marked.replace(MARK_START, "").replace(MARK_STOP, ""))  # noqa: S308 - escaped above


def search_highlight(case_studies, search: SearchText) -> None:
    """Give each result ``marked_title``, ``marked_standfirst`` and ``marked_snippet`` (safe HTML),
    from the text its card shows (``case_study.shown``: English or Welsh)."""
    for case_study in case_studies:
        welsh = "_cy" if case_study.shown.is_welsh else ""
        case_study.marked_title = _from_headline(getattr(case_study, f"title{welsh}_headline"))
        case_study.marked_standfirst = _from_headline(getattr(case_study, f"standfirst{welsh}_headline"))
        body = getattr(case_study, f"body{welsh}_headline") or ""
        case_study.marked_snippet = _from_headline(body) if MARK_START in body else mark_safe("")
