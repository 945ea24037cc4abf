"""Searching published case studies: title, standfirst, body, council name and theme name.

PostgreSQL (production) uses its full-text search through ``django.contrib.postgres.search``:

- the document is a weighted ``tsvector``: title A; standfirst, council name and theme name B;
  body C, in the ``english`` configuration (stemming: "hubs" finds "hub");
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

SQLite (development, tests) has no full-text search here: each word must appear, ignoring
case, in one of the same fields (``icontains``), title matches rank first, and the matched
words are marked in Python.

Either way the marked text is built safely: the text is escaped first, then ``<mark>`` is
put around the matches, so a case study's own words can never become markup.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorCombinable,
    SearchVectorField,
)
from django.db import connections
from django.db.models import Case, Expression, IntegerField, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Longer queries are cut to this many characters (and the reader is told).
MAX_QUERY_LENGTH = 200
# At most this many matches (the most recently published) are ranked; see the module's docstring.
MAX_RANKED = 1000
# The SQLite fallback uses at most this many words of a query.
MAX_TERMS = 12
CONFIG = "english"

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


def case_study_search(queryset: QuerySet, search: SearchText) -> SearchResults:
    """The case studies of ``queryset`` matching ``search``, best first.

    Two queries whatever the number of matches: the ranked ids, then the rows of one page.
    ``search_highlight`` turns the headlines (or, on SQLite, the raw text) into safe marked HTML.
    """
    if not search.is_searchable:
        return SearchResults([], lambda ids: [])
    if uses_postgres(queryset):
        return postgres_search(queryset, search)
    ranked = simple_search(queryset, search)
    return SearchResults(list(ranked.values_list("pk", flat=True)), lambda ids: _in_order(ranked, ids))


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


def postgres_search(queryset: QuerySet, search: SearchText) -> SearchResults:
    """The most recent ``MAX_RANKED`` (+1) matches with their ranks, from the GIN index or the
    date index (whichever PostgreSQL finds cheaper), sorted by rank here; then one page's rows
    with the matches marked."""
    query = SearchQuery(search.text, search_type="websearch", config=CONFIG)
    found = list(
        queryset.alias(document=StoredDocument())
        .filter(document=query)
        .annotate(search_rank=SearchRank(StoredDocument(), query))
        .order_by("-published_at", "-pk")
        .values_list("pk", "search_rank")[: MAX_RANKED + 1]
    )
    # Best first; equal ranks stay newest first (the list is, and the sort is stable).
    ids = [pk for pk, _rank in sorted(found[:MAX_RANKED], key=lambda row: -row[1])]
    marks = {"start_sel": MARK_START, "stop_sel": MARK_STOP, "config": CONFIG}
    marked = queryset.annotate(
        search_rank=SearchRank(StoredDocument(), query),
        title_headline=SearchHeadline("title", query, highlight_all=True, **marks),
        standfirst_headline=SearchHeadline("standfirst", query, highlight_all=True, **marks),
        body_headline=SearchHeadline(
            "body", query, max_fragments=2, max_words=28, min_words=12, fragment_delimiter=" … ", **marks
        ),
    )
    return SearchResults(
        ids, lambda page_ids: _in_order(marked, page_ids), is_capped=len(found) > MAX_RANKED, ranked_at_most=MAX_RANKED
    )


# --- SQLite and other databases ------------------------------------------------------------------


def simple_search(queryset: QuerySet, search: SearchText) -> QuerySet:
    rank = Value(0, output_field=IntegerField())
    for term in search.terms:
        in_names = Q(council__name__icontains=term) | Q(theme__name__icontains=term)
        queryset = queryset.filter(
            Q(title__icontains=term) | Q(standfirst__icontains=term) | Q(body__icontains=term) | in_names
        )
        rank = rank + Case(
            When(title__icontains=term, then=Value(4)),
            When(Q(standfirst__icontains=term) | in_names, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
    # The snippet is cut from the body in Python, so the body is needed here.
    return queryset.defer(None).annotate(search_rank=rank).order_by("-search_rank", "-published_at", "-pk")


# --- marking what matched -------------------------------------------------------------------------


def _from_headline(headline: str | None) -> SafeString:
    """ts_headline's text with our marks: escape everything, then turn the marks into <mark>."""
    escaped = escape(headline or "")
    marked = _MARKED.sub(r"<mark>\1</mark>", escaped)
    return mark_safe(marked.replace(MARK_START, "").replace(MARK_STOP, ""))  # noqa: S308 - escaped above


def _term_pattern(terms) -> re.Pattern | None:
    if not terms:
        return None
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(f"(?<!\\w)(?:{alternatives})", re.IGNORECASE)


def mark_terms(text: str, terms) -> SafeString:
    """``text`` escaped, with each word starting with one of ``terms`` wrapped in <mark>."""
    pattern = _term_pattern(terms)
    if pattern is None:
        return escape(text or "")
    pieces, last = [], 0
    for match in pattern.finditer(text or ""):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(escape((text or "")[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece escaped above


def snippet(text: str, terms, *, width: int = 90) -> SafeString:
    """Up to about ``2 * width`` characters of ``text`` around its first match, marked; or ""."""
    pattern = _term_pattern(terms)
    match = pattern.search(text or "") if pattern else None
    if match is None:
        return mark_safe("")
    start = max(0, match.start() - width)
    end = min(len(text), match.end() + width)
    # Start and end on a word boundary.
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < match.start() else start
    if end < len(text):
        space = text.rfind(" ", match.end(), end)
        end = space if space > match.end() else end
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(escape(prefix) + mark_terms(text[start:end], terms) + escape(suffix))  # noqa: S308


def search_highlight(case_studies, search: SearchText) -> None:
    """Give each result ``marked_title``, ``marked_standfirst`` and ``marked_snippet`` (safe HTML)."""
    for case_study in case_studies:
        if hasattr(case_study, "title_headline"):
            case_study.marked_title = _from_headline(case_study.title_headline)
            case_study.marked_standfirst = _from_headline(case_study.standfirst_headline)
            body = case_study.body_headline or ""
            case_study.marked_snippet = _from_headline(body) if MARK_START in body else mark_safe("")
        else:
            case_study.marked_title = mark_terms(case_study.title, search.terms)
            case_study.marked_standfirst = mark_terms(case_study.standfirst, search.terms)
            case_study.marked_snippet = snippet(case_study.body, search.terms)
