"""Searching the collection: cleaning what readers type, the simple search (SQLite's, tested on
every database), the search page, safe highlighting, and PostgreSQL's full-text search."""

import pytest
from django.db import connection
from django.urls import reverse

from casestudies import selectors
from casestudies.models import CaseStudy, Council, Theme
from casestudies.selectors import search
from casestudies.selectors.search import SearchText, mark_terms, snippet

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


def test_marking_escapes_the_text_before_adding_marks():
    marked = mark_terms('<script>alert("food")</script> & Food hubs', ["food"])
    assert marked == ("&lt;script&gt;alert(&quot;<mark>food</mark>&quot;)&lt;/script&gt; &amp; <mark>Food</mark> hubs")


def test_a_term_that_is_part_of_an_entity_is_not_marked_inside_it():
    assert mark_terms("fish & chips", ["amp"]) == "fish &amp; chips"


def test_terms_mark_the_starts_of_words_only():
    assert mark_terms("hubs and shubs", ["hub"]) == "<mark>hub</mark>s and shubs"


def test_snippet_is_cut_around_the_first_match_on_word_boundaries():
    text = " ".join(f"word{i}" for i in range(100)) + " pantry " + " ".join(f"more{i}" for i in range(100))
    cut = snippet(text, ["pantry"], width=40)
    assert cut.startswith("… ")
    assert cut.endswith(" …")
    assert "<mark>pantry</mark>" in cut
    assert len(cut) < 140


def test_headline_marks_become_mark_elements_and_nothing_else_does():
    raw = "<b>x</b> \ue000food\ue001 stray \ue001 and \ue000 end"
    assert search._from_headline(raw) == "&lt;b&gt;x&lt;/b&gt; <mark>food</mark> stray  and  end"


# --- the simple search (SQLite's), on any database ----------------------------------------------------


@pytest.fixture
def three(db):
    call = CallFactory()
    food = ThemeFactory(name="Food security", slug="food-security")
    care = ThemeFactory(name="Social care", slug="care")
    cardiff = CouncilFactory(name="Cardiff Council", slug="cardiff")
    oldham = CouncilFactory(name="Oldham Council", slug="oldham")
    return {
        "pantry": published_case_study(
            call=call, title="A community pantry", council=oldham, theme=food, body=words(290) + " allotments"
        ),
        "hubs": published_case_study(
            call=call, title="Neighbourhood hubs", council=cardiff, theme=care, standfirst="Pantry shelves in hubs."
        ),
        "other": published_case_study(call=call, title="Greener streets", council=oldham, theme=care),
    }


def simple(text: str) -> list[str]:
    results = search.simple_search(selectors.case_study_collection(), SearchText.from_raw(text))
    return [case_study.title for case_study in results]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pantry", ["A community pantry", "Neighbourhood hubs"]),
        ("PANTRY", ["A community pantry", "Neighbourhood hubs"]),
        ("cardiff", ["Neighbourhood hubs"]),
        ("food security", ["A community pantry"]),
        ("pantry cardiff", ["Neighbourhood hubs"]),
        ("oldham allotments", ["A community pantry"]),
        ("nothing-like-this", []),
    ],
)
def test_simple_search_needs_every_word_in_some_field_and_ranks_title_matches_first(three, text, expected):
    assert simple(text) == expected


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


def pg(text: str) -> list[CaseStudy]:
    found = search.postgres_search(selectors.case_study_collection(), SearchText.from_raw(text))
    results = found.rows(found.ids)
    search.search_highlight(results, SearchText.from_raw(text))
    return results


@pytest.mark.postgres
def test_postgres_search_stems_words(three):
    assert [cs.title for cs in pg("pantries")] == ["A community pantry", "Neighbourhood hubs"]
    assert [cs.title for cs in pg("allotment")] == ["A community pantry"]


@pytest.mark.postgres
def test_postgres_search_ranks_title_above_standfirst_above_body(db):
    call = CallFactory()
    published_case_study(call=call, title="Body only", body=words(290) + " allotments")
    published_case_study(call=call, title="Allotments in the title")
    published_case_study(call=call, title="Standfirst only", standfirst="Allotments for all.")
    assert [cs.title for cs in pg("allotments")] == ["Allotments in the title", "Standfirst only", "Body only"]


@pytest.mark.postgres
def test_postgres_search_matches_across_council_theme_and_text(three):
    assert [cs.title for cs in pg("cardiff pantry")] == ["Neighbourhood hubs"]
    assert [cs.title for cs in pg("oldham allotments")] == ["A community pantry"]
    assert [cs.title for cs in pg("social care greener")] == ["Greener streets"]
    assert [cs.title for cs in pg("food security")] == ["A community pantry"]


@pytest.mark.postgres
def test_postgres_search_understands_web_search_syntax(three):
    assert [cs.title for cs in pg("pantry -cardiff")] == ["A community pantry"]
    assert [cs.title for cs in pg('"community pantry"')] == ["A community pantry"]
    assert {cs.title for cs in pg("greener or shelves")} == {"Neighbourhood hubs", "Greener streets"}


@pytest.mark.postgres
def test_postgres_search_marks_matches_with_headlines(three):
    hubs = next(cs for cs in pg("pantry") if cs.title == "Neighbourhood hubs")
    assert hubs.marked_standfirst == "<mark>Pantry</mark> shelves in hubs."
    (pantry,) = pg("allotments")
    assert "<mark>allotments</mark>" in pantry.marked_snippet


@pytest.mark.postgres
def test_postgres_search_document_follows_every_edit_with_no_code_to_maintain_it(three):
    CaseStudy.objects.filter(pk=three["other"].pk).update(title="Greener streets and orchards")
    assert [cs.title for cs in pg("orchards")] == ["Greener streets and orchards"]


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
def test_postgres_search_follows_a_renamed_council_or_theme_with_no_code_to_maintain_it(three):
    Council.objects.filter(slug="oldham").update(name="Rochdale Council")
    Theme.objects.filter(slug="care").update(name="Adult social care and wellbeing")
    assert {cs.title for cs in pg("rochdale")} == {"A community pantry", "Greener streets"}
    assert pg("oldham") == []
    assert {cs.title for cs in pg("wellbeing")} == {"Neighbourhood hubs", "Greener streets"}


@pytest.mark.postgres
def test_postgres_search_follows_a_case_study_moved_to_another_theme(three):
    food = Theme.objects.get(slug="food-security")
    CaseStudy.objects.filter(pk=three["other"].pk).update(theme=food)
    assert {cs.title for cs in pg("food security")} == {"A community pantry", "Greener streets"}


@pytest.mark.postgres
def test_postgres_search_ranks_only_the_most_recent_matches_when_there_are_too_many(three, monkeypatch):
    monkeypatch.setattr(search, "MAX_RANKED", 2)
    found = search.postgres_search(selectors.case_study_collection(), SearchText.from_raw("council"))
    assert found.is_capped
    newest_two = list(CaseStudy.objects.published().order_by("-published_at", "-pk").values_list("pk", flat=True)[:2])
    assert sorted(found.ids) == sorted(newest_two)
    assert not search.postgres_search(selectors.case_study_collection(), SearchText.from_raw("pantry")).is_capped


@pytest.mark.postgres
def test_the_search_page_says_when_it_ranked_only_the_most_recent_matches(client, three, monkeypatch):
    monkeypatch.setattr(search, "MAX_RANKED", 2)
    page = client.get(SEARCH, {"q": "council"}).content.decode()
    assert "More than 2 case studies found for “council”" in page
    assert "the best matches among the 2 most recently published" in page
    page = client.get(SEARCH, {"q": "pantry"}).content.decode()
    assert "2 case studies found for “pantry”" in page and "most recently published" not in page
