"""Searching published case studies: title, standfirst, body, council name and theme name.

PostgreSQL (production) uses its full-text search through ``django.contrib.postgres.search``:

- the document is a weighted ``tsvector``: title A; standfirst, council name and theme name B;
  body C, in the ``english`` configuration (stemming: "hubs" finds "hub");
- the words are read with ``websearch_to_tsquery``, which never fails on odd input:
  ``"exact phrase"``, ``or`` and ``-word`` work as on a web search engine;
- results are ordered by ``ts_rank`` (then newest first), and ``ts_headline`` marks the words
  that matched in the title, the standfirst and a fragment of the body.

The document. PostgreSQL keeps the case study's own text as a stored, generated column
(``search_document``: ``title A || standfirst B || body C``, migration 0005), with a GIN
index; it computes it itself on every write, so it never goes stale and nothing in Python
maintains it. Council and theme names live in other tables, so no column or index of this
table can hold them: they are added to the stored column at query time (two short names,
cheap). So that the GIN index still does the finding, every search also carries a broader,
index-friendly condition that any match must meet — its own text matches, or its council or
theme is one whose name has one of the words — which PostgreSQL answers from the GIN index
and the two foreign-key indexes (a BitmapOr) before checking the full document on those
candidates only.

SQLite (development, tests) has no full-text search here: each word must appear, ignoring
case, in one of the same fields (``icontains``), title matches rank first, and the matched
words are marked in Python.

Either way the marked text is built safely: the text is escaped first, then ``<mark>`` is
put around the matches, so a case study's own words can never become markup.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchQueryField,
    SearchRank,
    SearchVector,
    SearchVectorCombinable,
    SearchVectorField,
)
from django.db import connections
from django.db.models import BooleanField, Case, Expression, F, Func, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Cast
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Longer queries are cut to this many characters (and the reader is told).
MAX_QUERY_LENGTH = 200
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


def case_study_search(queryset: QuerySet, search: SearchText) -> QuerySet:
    """``queryset`` narrowed to case studies matching ``search``, best first.

    On PostgreSQL each row carries ``search_rank`` and the ``*_headline`` texts;
    ``search_highlight`` turns them (or, on SQLite, the raw text) into safe marked HTML.
    """
    if not search.is_searchable:
        return queryset.none()
    if uses_postgres(queryset):
        return postgres_search(queryset, search)
    return simple_search(queryset, search)


# --- PostgreSQL -------------------------------------------------------------------------------

# The generated column of migration 0005 (PostgreSQL only; the model does not declare it).
DOCUMENT_COLUMN = "search_document"


class StoredDocument(SearchVectorCombinable, Expression):
    """``<this table's alias>.search_document``: the case study's own text, weighted, as stored."""

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


def full_document():
    """The stored document with the council's and theme's names: what a search matches and ranks."""
    return (
        StoredDocument()
        + SearchVector("council__name", weight="B", config=CONFIG)
        + SearchVector("theme__name", weight="B", config=CONFIG)
    )


class _AnyWordOf(Func):
    """The query with every AND and phrase operator turned into OR: "any of the words".

    ``regexp_replace(websearch_to_tsquery(...)::text, '&|<N>|<->', '|')::tsquery``. A row can
    only match the full document if some word of the query is in its own text, its council's
    name or its theme's name, so this is a safe, broader test for the names.
    """

    function = "regexp_replace"
    template = "(%(function)s(%(expressions)s, '&|<[0-9]*-?>', '|', 'g'))::tsquery"

    def __init__(self, query):
        super().__init__(Cast(query, TextField()), output_field=SearchQueryField())


class _Matches(Func):
    """``vector @@ tsquery`` for any tsquery expression (the ``=`` lookup only takes a SearchQuery)."""

    template = "(%(expressions)s)"
    arg_joiner = " @@ "

    def __init__(self, vector, query):
        super().__init__(vector, query, output_field=BooleanField())


class _EqualsAny(Func):
    """``column = ANY(ARRAY(subquery))``: unlike ``IN (subquery)``, an index can answer it."""

    template = "(%(expressions)s))"
    arg_joiner = " = ANY("

    def __init__(self, column, array):
        super().__init__(column, array, output_field=BooleanField())


def _names_matching(model, query) -> ArraySubquery:
    ids = model.objects.filter(_Matches(SearchVector("name", config=CONFIG), _AnyWordOf(query))).order_by().values("pk")
    return ArraySubquery(ids)


def search_candidates(query: SearchQuery) -> Q:
    """The index-friendly condition every match meets: its own text matches, or its council's
    or theme's name has one of the words (a BitmapOr of the GIN and two foreign-key indexes)."""
    from .models import Council, Theme

    return (
        Q(_Matches(StoredDocument(), query))
        | Q(_EqualsAny(F("council_id"), _names_matching(Council, query)))
        | Q(_EqualsAny(F("theme_id"), _names_matching(Theme, query)))
    )


def postgres_search(queryset: QuerySet, search: SearchText) -> QuerySet:
    query = SearchQuery(search.text, search_type="websearch", config=CONFIG)
    marks = {"start_sel": MARK_START, "stop_sel": MARK_STOP, "config": CONFIG}
    return (
        queryset.alias(document=full_document())
        .filter(search_candidates(query), document=query)
        .annotate(
            search_rank=SearchRank(F("document"), query),
            title_headline=SearchHeadline("title", query, highlight_all=True, **marks),
            standfirst_headline=SearchHeadline("standfirst", query, highlight_all=True, **marks),
            body_headline=SearchHeadline(
                "body", query, max_fragments=2, max_words=28, min_words=12, fragment_delimiter=" … ", **marks
            ),
        )
        .order_by("-search_rank", "-published_at", "-pk")
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
