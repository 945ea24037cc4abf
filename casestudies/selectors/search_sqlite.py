"""Search on SQLite (the embedded default): SQLite's full-text engine, FTS5.

The index is the virtual table ``casestudies_casestudy_fts`` of migration 0009, kept in step with
published case studies by triggers (title, standfirst, council and theme names, body, and the
Welsh title, standfirst and body of migration 0017), tokenized with the Porter stemmer ("hubs"
finds "hub"; a Welsh word is found as it is written, the stemmer applied alike to the text and
the query).

A reader's query is read as PostgreSQL's ``websearch_to_tsquery`` reads it, and written out as an
FTS5 query in which every word is a quoted string (so no input is FTS5 syntax):

- words must all appear (English stop words such as "the" and "and" are left out, as PostgreSQL
  does); ``"exact phrase"`` must appear as written; ``a or b`` needs either; ``-word`` (or
  ``-"a phrase"``) must not appear;
- results are ordered by ``bm25`` (title weighted most, then standfirst and names, then body, as
  PostgreSQL's A, B, C), then newest first;
- ``highlight`` and ``snippet`` mark the matches with the characters search.py gives (those it
  gives PostgreSQL's ``ts_headline``), so search.py escapes the text and turns them into
  ``<mark>`` in one place for both databases.
"""

import re
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import F, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL

TABLE = "casestudies_casestudy_fts"
# bm25 weights of the columns title, standfirst, names, body (PostgreSQL's A, B, B, C), then the
# Welsh title, standfirst and body (migration 0017) at their English twins' weights.
WEIGHTS = "10.0, 4.0, 4.0, 1.0, 10.0, 4.0, 1.0"
# PostgreSQL's english.stop, which websearch_to_tsquery('english', …) leaves out of a query.
STOP_WORDS = frozenset(
    """i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
    her hers herself it its itself they them their theirs themselves what which who whom this that these
    those am is are was were be been being have has had having do does did doing a an the and but if or
    because as until while of at by for with about against between into through during before after
    above below to from up down in out on off over under again further then once here there when where
    why how all any both each few more most other some such no nor not only own same so than too very s
    t can will just don should now""".split()
)
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")


@dataclass
class FtsQuery:
    """``groups``: each must match (one of its alternatives); ``excluded``: none may match."""

    groups: list[list[str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    @property
    def positive(self) -> str:
        return " AND ".join("(" + " OR ".join(group) + ")" for group in self.groups)

    @property
    def negative(self) -> str:
        return " OR ".join(self.excluded)

    @property
    def match(self) -> str:
        """The FTS5 query for the rows that match (only when there is something positive)."""
        return f"({self.positive}) NOT ({self.negative})" if self.excluded else self.positive


def _phrase(words: list[str]) -> str:
    # \w+ words hold no double quote, so each is a plain FTS5 string.
    return '"' + " ".join(words) + '"'


def parse(text: str) -> FtsQuery:
    """``text`` read as a web search (see the module's docstring)."""
    query, pending_or = FtsQuery(), False
    for negated, quoted, bare in _TOKEN.findall(text):
        if bare and bare.casefold() == "or":
            pending_or = bool(query.groups)
            continue
        if bare.startswith("-"):
            negated, bare = "-", bare.lstrip("-")
        words = _WORD.findall(quoted if not bare else bare)
        if bare and len(words) == 1 and words[0].casefold() in STOP_WORDS:
            words = []
        if not words:
            continue
        node = _phrase(words)
        if negated:
            query.excluded.append(node)
        elif pending_or:
            query.groups[-1].append(node)
        else:
            query.groups.append([node])
        pending_or = False
    return query


def _matching_ids(fts: FtsQuery) -> RawSQL:
    match = fts.match if fts.groups else fts.negative
    return RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [match])  # noqa: S608, S611 - constant SQL


def _headline(sql: str, params: list) -> RawSQL:
    """One of the case study's marked texts, for the row of the outer query."""
    return RawSQL(  # noqa: S611 - constant SQL, the values are parameters
        f"SELECT {sql} FROM {TABLE} WHERE {TABLE} MATCH %s AND rowid = casestudies_casestudy.id",  # noqa: S608
        params,
        output_field=TextField(),
    )


def fts_ranked_ids(queryset: QuerySet, text: str) -> list[int]:
    """The ids of the case studies of ``queryset`` matching ``text``, best first (one query)."""
    fts = parse(text)
    if not fts.groups and not fts.excluded:
        return []
    if not fts.groups:
        # Only words to leave out: everything else, newest first, as PostgreSQL finds it.
        others = queryset.exclude(pk__in=_matching_ids(fts)).order_by("-published_at", "-pk")
        return list(others.values_list("pk", flat=True))
    within, within_params = queryset.order_by().values("pk").query.sql_with_params()
    ranked = (
        f"SELECT {TABLE}.rowid FROM {TABLE} JOIN casestudies_casestudy c ON c.id = {TABLE}.rowid"  # noqa: S608
        f" WHERE {TABLE} MATCH %s AND {TABLE}.rowid IN ({within})"
        f" ORDER BY bm25({TABLE}, {WEIGHTS}), c.published_at DESC, c.id DESC"
    )
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(ranked, [fts.match, *within_params])
        return [pk for (pk,) in cursor.fetchall()]


def fts_headlines(text: str, *, marks: tuple[str, str]) -> dict:
    """The annotations that give each row ``title_headline``, ``standfirst_headline`` and
    ``body_headline`` with the matches of ``text`` between ``marks`` (plain text for a query
    that only leaves words out). No query: they run with the rows they annotate."""
    fts = parse(text)
    if not fts.groups:
        return {
            "title_headline": F("title"),
            "standfirst_headline": F("standfirst"),
            "body_headline": Value(""),
            "title_cy_headline": F("title_cy"),
            "standfirst_cy_headline": F("standfirst_cy"),
            "body_cy_headline": Value(""),
        }
    start, stop = marks
    return {
        "title_headline": _headline(f"highlight({TABLE}, 0, %s, %s)", [start, stop, fts.match]),
        "standfirst_headline": _headline(f"highlight({TABLE}, 1, %s, %s)", [start, stop, fts.match]),
        "body_headline": _headline(f"snippet({TABLE}, 3, %s, %s, ' … ', 24)", [start, stop, fts.match]),
        "title_cy_headline": _headline(f"highlight({TABLE}, 4, %s, %s)", [start, stop, fts.match]),
        "standfirst_cy_headline": _headline(f"highlight({TABLE}, 5, %s, %s)", [start, stop, fts.match]),
        "body_cy_headline": _headline(f"snippet({TABLE}, 6, %s, %s, ' … ', 24)", [start, stop, fts.match]),
    }
