"""Searching the collection: cleaning what readers type, safe highlighting, one shared set of
queries with expected results that runs on both databases (PostgreSQL's full-text search and
SQLite's FTS5), the search page, and what is particular to each database."""

import pytest
from django.db import connection
from django.urls import reverse

from casestudies import selectors
from casestudies.models import CaseStudy, Council, Theme
from casestudies.selectors import search
from casestudies.selectors.search import SearchText

from .collection_helpers import published_case_study, published_in_bulk
from .factories import CallFactory, CouncilFactory, ThemeFactory, words

SEARCH = reverse("casestudies:case-study-search")


# --- what readers type ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "text", "terms"),
    [
        ("  food   hubs ", "food hubs", ("food", "hubs")),
        ("Food food FOOD", "Food food FOOD", ("Food",)),
        ("&&& ''' \"\"\" ;--", "&&& ''' \"\"\" ;--", ()),
        ("😀🎉", "😀🎉", ()),
        ("café\x00 Ynys Môn", "café Ynys Môn", ("café", "Ynys", "Môn")),
        ("", "", ()),
        (None, "", ()),
        ("\t\n ", "", ()),
        ("\ue000marked\ue001", "marked", ("marked",)),
    ],
)
def test_search_text_is_cleaned_and_split_into_words(raw, text, terms):
    cleaned = SearchText.from_raw(raw)
    assert cleaned.text == text
    assert cleaned.terms == terms


def test_a_very_long_query_is_cut_and_says_so():
    cleaned = SearchText.from_raw("word " * 2000)
    assert len(cleaned.text) <= search.MAX_QUERY_LENGTH
    assert cleaned.was_truncated
    assert len(cleaned.terms) == 1


def test_at_most_max_terms_words_are_used():
    cleaned = SearchText.from_raw(" ".join(f"w{i}" for i in range(50)))
    assert len(cleaned.terms) == search.MAX_TERMS


# --- marking what matched, safely ---------------------------------------------------------------------


def test_headline_marks_become_mark_elements_and_nothing_else_does():
    raw = "<b>x</b> \ue000food\ue001 stray \ue001 and \ue000 end"
    assert search._from_headline(raw) == "&lt;b&gt;x&lt;/b&gt; <mark>food</mark> stray  and  end"


# --- one set of queries, both databases ---------------------------------------------------------------


@pytest.fixture
def three(db):
    call = CallFactory()
    food = ThemeFactory(name="Food security", slug="food-security")
    care = ThemeFactory(name="Social care", slug="care")
    cardiff = CouncilFactory(name="Cardiff Council", slug="cardiff")
    oldham = CouncilFactory(name="Oldham Council", slug="oldham")
    return {
        "call": call,
        "food": food,
        "care": care,
        "pantry": published_case_study(
            call=call, title="A community pantry", council=oldham, theme=food, body=words(290) + " allotments"
        ),
        "hubs": published_case_study(
            call=call, title="Neighbourhood hubs", council=cardiff, theme=care, standfirst="Pantry shelves in hubs."
        ),
        "other": published_case_study(call=call, title="Greener streets", council=oldham, theme=care),
    }


def found(text: str) -> list[CaseStudy]:
    """What the search page would list for ``text``, on whichever database runs the tests, marked."""
    results = search.case_study_search(selectors.case_study_collection(), SearchText.from_raw(text))
    rows = results.rows(results.ids)
    search.search_highlight(rows, SearchText.from_raw(text))
    return rows


def titles(text: str) -> list[str]:
    return [case_study.title for case_study in found(text)]


# Each query, and the titles it must find (a list: in this order; a set: in any order). The same
# table runs on SQLite and on PostgreSQL, so the two search paths cannot drift apart.
SHARED_QUERIES = [
    ("pantry", ["A community pantry", "Neighbourhood hubs"]),  # title before standfirst
    ("PANTRY", ["A community pantry", "Neighbourhood hubs"]),
    ("pantries", ["A community pantry", "Neighbourhood hubs"]),  # stemmed
    ("allotment", ["A community pantry"]),  # stemmed, in the body
    ("neighbourhood hub", ["Neighbourhood hubs"]),
    ("allotments shelves", []),  # every word is needed, and no case study has both
    ("pantry shelves", ["Neighbourhood hubs"]),
    ("the pantry and the shelves", ["Neighbourhood hubs"]),  # stop words left out
    ("cardiff", ["Neighbourhood hubs"]),  # the council's name
    ("cardiff pantry", ["Neighbourhood hubs"]),
    ("oldham allotments", ["A community pantry"]),
    ("social care greener", ["Greener streets"]),  # the theme's name
    ("food security", ["A community pantry"]),
    ('"community pantry"', ["A community pantry"]),  # a phrase
    ('"pantry community"', []),
    ('"unclosed phrase', []),
    ("pantry -cardiff", ["A community pantry"]),  # leave a word out
    ('pantry -"cardiff council"', ["A community pantry"]),
    ("greener or shelves", {"Neighbourhood hubs", "Greener streets"}),
    ("greener OR shelves", {"Neighbourhood hubs", "Greener streets"}),
    ("oldham greener or allotments", {"A community pantry", "Greener streets"}),
    ("-- OR 1=1; DROP TABLE casestudies_casestudy", []),
    ("pantry:* & !(", ["A community pantry", "Neighbourhood hubs"]),
    ("title:pantry", []),  # no column filters: "title" is a word like any other
    ("nothing-like-this", []),
]


@pytest.mark.parametrize(("text", "expected"), SHARED_QUERIES)
def test_the_shared_queries_find_the_same_case_studies_on_either_database(three, text, expected):
    result = titles(text)
    assert (set(result) if isinstance(expected, set) else result) == expected
    assert len(result) == len(set(result))


def test_food_hubs_finds_the_case_studies_that_mention_a_hub_and_food(db):
    """The search box's own example."""
    call, body = CallFactory(), " ".join(["parks"] * 290)
    published_case_study(call=call, title="Food hubs in every ward", body=body)
    published_case_study(call=call, title="A food bank", standfirst="A hub for the food bank's volunteers.", body=body)
    published_case_study(call=call, title="A hub for young people", body=body)
    published_case_study(call=call, title="Food for thought", body=body)
    assert titles("food hubs") == ["Food hubs in every ward", "A food bank"]


def test_search_ranks_title_above_standfirst_above_body(db):
    call = CallFactory()
    published_case_study(call=call, title="Body only", body=words(290) + " allotments")
    published_case_study(call=call, title="Allotments in the title")
    published_case_study(call=call, title="Standfirst only", standfirst="Allotments for all.")
    assert titles("allotments") == ["Allotments in the title", "Standfirst only", "Body only"]


def test_search_marks_matches_safely_on_either_database(three):
    hubs = next(cs for cs in found("pantry") if cs.title == "Neighbourhood hubs")
    assert hubs.marked_standfirst == "<mark>Pantry</mark> shelves in hubs."
    assert hubs.marked_title == "Neighbourhood hubs"
    (pantry,) = found("allotments")
    assert "<mark>allotments</mark>" in pantry.marked_snippet
    (pantry,) = found("pantry -cardiff")
    assert "cardiff" not in pantry.marked_title.lower()


def test_a_query_that_only_leaves_words_out_lists_everything_else_newest_first(three):
    assert titles("-pantry") == ["Greener streets"]
    assert titles("-nothinglikethis") == ["Greener streets", "Neighbourhood hubs", "A community pantry"]


def test_search_follows_every_edit_with_no_code_to_maintain_it(three):
    CaseStudy.objects.filter(pk=three["other"].pk).update(title="Greener streets and orchards")
    assert titles("orchards") == ["Greener streets and orchards"]
    CaseStudy.objects.filter(pk=three["other"].pk).delete()
    assert titles("orchards") == []


def test_search_follows_a_renamed_council_or_theme_with_no_code_to_maintain_it(three):
    Council.objects.filter(slug="oldham").update(name="Rochdale Council")
    Theme.objects.filter(slug="care").update(name="Adult social care and wellbeing")
    assert set(titles("rochdale")) == {"A community pantry", "Greener streets"}
    assert titles("oldham") == []
    assert set(titles("wellbeing")) == {"Neighbourhood hubs", "Greener streets"}


def test_search_follows_a_case_study_moved_to_another_theme(three):
    food = Theme.objects.get(slug="food-security")
    CaseStudy.objects.filter(pk=three["other"].pk).update(theme=food)
    assert set(titles("food security")) == {"A community pantry", "Greener streets"}


def test_a_query_without_words_finds_nothing_on_any_database(three):
    results = search.case_study_search(selectors.case_study_collection(), SearchText.from_raw("&&& ;--"))
    assert (results.ids, results.rows(results.ids), results.is_capped) == ([], [], False)


# --- the search page ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("q", "says"),
    [
        ("", "Enter some words to search for"),
        ("   ", "Enter some words to search for"),
        ("&&& ''' \"\"\" ;--", "There are no words to search for"),
        ("😀", "There are no words to search for"),
        ("\x00", "Enter some words to search for"),
        ("x" * 10_000, "Your search was very long, so we searched for its first 200 characters."),
        ("zzzzzz", "No case studies found for “zzzzzz”"),
        ("-- OR 1=1; DROP TABLE casestudies_casestudy", "No case studies found"),
        ('"unclosed phrase', "No case studies found"),
        ("!!! (((( ]]] <-> & | :*", "There are no words to search for"),
        ("pantry:* & !(", "No case studies found"),
        ("Ynys Môn 🎉 café", "No case studies found"),
    ],
)
def test_search_page_is_helpful_for_empty_junk_and_long_queries(client, q, says):
    published_case_study(call=CallFactory(), title="Something else")
    response = client.get(SEARCH, {"q": q})
    assert response.status_code == 200
    html = response.content.decode()
    assert says in html
    assert '<meta name="robots" content="noindex">' in html


def test_search_page_finds_and_marks_the_words(client, three):
    response = client.get(SEARCH, {"q": "pantry"})
    html = response.content.decode()
    found = [case_study.title for case_study in response.context["page"].object_list]
    assert found == ["A community pantry", "Neighbourhood hubs"]
    assert "2 case studies found for “pantry”" in html
    assert "A community <mark>pantry</mark>" in html
    assert "<mark>Pantry</mark> shelves" in html


def test_search_combines_with_filters_and_keeps_the_words_in_the_filter_form(client, three):
    response = client.get(SEARCH, {"q": "pantry", "council": "oldham"})
    assert [case_study.title for case_study in response.context["page"].object_list] == ["A community pantry"]
    html = response.content.decode()
    assert '<input type="hidden" name="q" value="pantry">' in html
    assert 'href="/case-studies/search/?q=pantry">Clear filters</a>' in html


def test_search_never_lets_a_case_studys_text_become_markup(client, db):
    published_case_study(
        call=CallFactory(), title="<script>alert(1)</script> pantry", standfirst='<img src=x onerror="boom"> pantry'
    )
    html = client.get(SEARCH, {"q": "pantry"}).content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>pantry</mark>" in html


def test_unpublished_case_studies_are_never_found(client, three):
    from casestudies import workflow

    from .factories import StaffUserFactory

    workflow.case_study_unpublish(
        case_study=three["pantry"], by=StaffUserFactory(), note="Taken down to correct a name."
    )
    response = client.get(SEARCH, {"q": "pantry"})
    assert [case_study.title for case_study in response.context["page"].object_list] == ["Neighbourhood hubs"]


# --- PostgreSQL's full-text search --------------------------------------------------------------------


@pytest.mark.postgres
def test_postgres_search_finds_matches_through_the_gin_index(three):
    """One indexed condition on one stored column. (At a few hundred rows scanning the table is
    cheaper, so that is ruled out here; at 10,000 case studies PostgreSQL picks the index itself.)"""
    from django.contrib.postgres.search import SearchQuery

    published_in_bulk(300, call=CallFactory())
    query = SearchQuery("cardiff", search_type="websearch", config=search.CONFIG)
    matches = CaseStudy.objects.alias(document=search.StoredDocument()).filter(document=query).order_by()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE casestudies_casestudy")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = matches.explain()
    assert "Bitmap Index Scan on case_study_search_document" in plan, plan
    assert {cs.title for cs in matches} == {"Neighbourhood hubs"}


@pytest.mark.postgres
def test_postgres_search_ranks_only_the_most_recent_matches_when_there_are_too_many(three, monkeypatch):
    monkeypatch.setattr(search, "MAX_RANKED", 2)
    found = search.postgres_ranking(selectors.case_study_collection(), SearchText.from_raw("council"))
    assert found.is_capped
    newest_two = list(CaseStudy.objects.published().order_by("-published_at", "-pk").values_list("pk", flat=True)[:2])
    assert sorted(found.ids) == sorted(newest_two)
    assert not search.postgres_ranking(selectors.case_study_collection(), SearchText.from_raw("pantry")).is_capped


@pytest.mark.postgres
def test_the_search_page_says_when_it_ranked_only_the_most_recent_matches(client, three, monkeypatch):
    monkeypatch.setattr(search, "MAX_RANKED", 2)
    page = client.get(SEARCH, {"q": "council"}).content.decode()
    assert "More than 2 case studies found for “council”" in page
    assert "the best matches among the 2 most recently published" in page
    page = client.get(SEARCH, {"q": "pantry"}).content.decode()
    assert "2 case studies found for “pantry”" in page and "most recently published" not in page


# --- each database's own index: SQLite's FTS5 table, PostgreSQL's generated search document -------

# What the migrations leave behind on each database, by (kind, name).
SEARCH_INDEX_OBJECTS = {
    "sqlite": {
        ("table", "casestudies_casestudy_fts"),
        ("trigger", "casestudies_casestudy_fts_insert"),
        ("trigger", "casestudies_casestudy_fts_update"),
        ("trigger", "casestudies_casestudy_fts_delete"),
        ("trigger", "casestudies_council_fts_rename"),
        ("trigger", "casestudies_theme_fts_rename"),
    },
    "postgresql": {
        ("index", "case_study_search_document"),
        ("trigger", "casestudies_case_study_names"),
        ("trigger", "casestudies_council_renamed"),
        ("trigger", "casestudies_theme_renamed"),
    },
}
SEARCH_INDEX_CATALOGUE = {
    "sqlite": "SELECT type, name FROM sqlite_master WHERE name LIKE 'casestudies_%'",
    "postgresql": (
        "SELECT 'index', indexname FROM pg_indexes WHERE schemaname = current_schema() "
        "UNION ALL SELECT 'trigger', tgname FROM pg_trigger WHERE NOT tgisinternal"
    ),
}


def test_the_search_index_and_its_triggers_survive_every_migration(db):
    """Django rebuilds a SQLite table to alter it, which drops its triggers, and a PostgreSQL
    migration that alters a column the triggers name must keep them: whatever a later migration
    does to casestudies_casestudy, council or theme, the index and its triggers are there."""
    with connection.cursor() as cursor:
        cursor.execute(SEARCH_INDEX_CATALOGUE[connection.vendor])
        present = set(cursor.fetchall())
    assert SEARCH_INDEX_OBJECTS[connection.vendor] <= present


def test_search_finds_published_case_studies_only(three):
    """A draft and an unpublished case study are never found (on SQLite they are not even in the
    full-text table; on PostgreSQL every row has its document and the query keeps to published)."""
    from casestudies import workflow

    from .factories import CaseStudyFactory, StaffUserFactory

    draft = CaseStudyFactory(title="A draft pantry")
    workflow.case_study_unpublish(case_study=three["pantry"], by=StaffUserFactory(), note="Wrong name.")
    found_pks = {case_study.pk for case_study in found("pantry")}
    assert found_pks  # the other case study that mentions a pantry is still found
    assert draft.pk not in found_pks and three["pantry"].pk not in found_pks
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT rowid FROM casestudies_casestudy_fts ORDER BY rowid")
            assert [pk for (pk,) in cursor.fetchall()] == sorted([three["hubs"].pk, three["other"].pk])


def test_search_reads_the_theme_s_english_name_whatever_language_it_was_saved_in(three):
    """modeltranslation writes a theme's plain ``name`` column in the language active when it is
    saved; the search triggers read ``name_en_gb`` (migration 0016), so a Welsh edit changes nothing."""
    from django.utils import translation

    theme = Theme.objects.get(slug="care")
    with translation.override("cy"):
        theme.name = "Gofal cymdeithasol"  # the Welsh name, written on a Welsh page
        theme.save()
    assert Theme.objects.get(slug="care").name_cy == "Gofal cymdeithasol"
    assert titles("gofal") == []
    assert titles("social care greener") == ["Greener streets"]
