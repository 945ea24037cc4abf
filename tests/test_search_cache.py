"""Search results kept in the cache: a kept ranking and a kept page give exactly what a fresh
search gives, per query, per filter and per language, and every change that the pages see
(publish, unpublish) is seen by search at once. Query counts, no timings."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from casestudies import public_cache, selectors, workflow
from casestudies.models import CaseStudy
from casestudies.selectors import search
from casestudies.selectors.search import SearchText

from . import test_search
from .collection_helpers import published_case_study, published_in_bulk
from .factories import StaffUserFactory
from .test_search import SHARED_QUERIES

SEARCH = reverse("casestudies:case-study-search")
three = test_search.three  # the same three case studies (a fixture)

pytestmark = pytest.mark.django_db


def listed(response) -> list[str]:
    return [case_study.title for case_study in response.context["page"].object_list]


def ids(text: str, kept_as: str | None = None) -> list[int]:
    return search.case_study_search(selectors.case_study_collection(), SearchText.from_raw(text), kept_as=kept_as).ids


@pytest.mark.parametrize(("text", "_expected"), SHARED_QUERIES)
def test_a_kept_ranking_is_exactly_the_fresh_one(three, text, _expected, django_assert_num_queries):
    fresh = ids(text)
    assert ids(text, kept_as="") == fresh  # made and kept
    with django_assert_num_queries(0):
        assert ids(text, kept_as="") == fresh  # read back


def test_a_repeated_search_is_served_whole_with_no_query(client, three, django_assert_num_queries):
    first = client.get(SEARCH, {"q": "pantry"})
    assert listed(first) == ["A community pantry", "Neighbourhood hubs"]
    with django_assert_num_queries(0):
        second = client.get(SEARCH, {"q": "pantry"})
    assert second.content == first.content
    assert "A community <mark>pantry</mark>" in second.content.decode()


def test_the_first_search_runs_the_ranking_and_one_pages_rows(client, three, django_assert_num_queries):
    client.get(reverse("casestudies:case-study-list"))  # the filter options, kept with the pages
    with django_assert_num_queries(2):  # the ranking (its length is the count), then 20 rows with headlines
        client.get(SEARCH, {"q": "pantry"})


def test_the_same_words_written_differently_reuse_the_kept_ranking(client, three, django_assert_num_queries):
    client.get(SEARCH, {"q": "pantry"})
    with django_assert_num_queries(1):  # not the same address, so not the kept page: only the rows
        response = client.get(SEARCH, {"q": "  pantry  "})
    assert listed(response) == ["A community pantry", "Neighbourhood hubs"]


def test_the_next_page_of_a_search_reads_only_its_rows(client, three, django_assert_num_queries):
    published_in_bulk(25, call=three["call"])
    first = client.get(SEARCH, {"q": "bulk"})
    assert first.context["page"].paginator.count == 25
    with django_assert_num_queries(1):
        second = client.get(SEARCH, {"q": "bulk", "page": "2"})
    assert len(second.context["page"].object_list) == 5
    fresh = ids("bulk")
    shown = [cs.pk for cs in first.context["page"].object_list + second.context["page"].object_list]
    assert shown == fresh


def test_each_filter_has_its_own_kept_results(client, three):
    everything = client.get(SEARCH, {"q": "oldham"})
    assert set(listed(everything)) == {"A community pantry", "Greener streets"}
    assert listed(client.get(SEARCH, {"q": "oldham", "theme": "care"})) == ["Greener streets"]
    assert listed(client.get(SEARCH, {"q": "oldham", "theme": "food-security"})) == ["A community pantry"]
    assert client.get(SEARCH, {"q": "oldham"}).content == everything.content


def test_each_language_has_its_own_kept_ranking():
    words = SearchText.from_raw("pantry")
    with translation.override("en"):
        english = search.ranking_name(words, "")
    with translation.override("cy"):
        welsh = search.ranking_name(words, "")
    assert english != welsh
    assert search.ranking_name(words, "food-security||||") != english


def test_publishing_shows_in_a_kept_search_at_once(client, three, django_capture_on_commit_callbacks):
    assert listed(client.get(SEARCH, {"q": "orchards"})) == []
    with django_capture_on_commit_callbacks(execute=True):
        published_case_study(call=three["call"], title="Orchards for everyone", theme=three["food"])
    assert listed(client.get(SEARCH, {"q": "orchards"})) == ["Orchards for everyone"]


def test_unpublishing_takes_a_case_study_out_of_a_kept_search_at_once(
    client, three, django_capture_on_commit_callbacks
):
    assert listed(client.get(SEARCH, {"q": "pantry"})) == ["A community pantry", "Neighbourhood hubs"]
    with django_capture_on_commit_callbacks(execute=True):
        workflow.case_study_unpublish(case_study=three["pantry"], by=StaffUserFactory(), note="Taken down for now.")
    assert listed(client.get(SEARCH, {"q": "pantry"})) == ["Neighbourhood hubs"]


def test_a_search_page_is_never_put_in_the_shared_cache(client, three, settings):
    """Anyone can make new search addresses: pages stay in the worker's own, bounded store."""
    from django.core.cache import cache

    client.get(SEARCH, {"q": "pantry"})
    public_cache.forget_local()
    stored = [key for key in cache._cache if public_cache.PAGE_PREFIX in key]  # LocMemCache's own dict
    assert stored == []
    values = [key for key in cache._cache if "search-ranking:" in key]
    assert len(values) == 1


def test_junk_parameters_do_not_make_new_kept_pages(client, three, django_assert_num_queries):
    client.get(SEARCH, {"q": "pantry", "junk": "1"})
    with django_assert_num_queries(1):  # the ranking is kept, the page is not
        client.get(SEARCH, {"q": "pantry", "junk": "1"})


# --- PostgreSQL: the kept path gives today's ranking, exactly --------------------------------------


def reference_ranking(text: str) -> list[int]:
    """Today's ranking written out in SQL: every match ordered by ts_rank, then newest first."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM casestudies_casestudy, websearch_to_tsquery(%s, %s) query"
            " WHERE status = 'published' AND search_document @@ query"
            " ORDER BY ts_rank(search_document, query) DESC, published_at DESC, id DESC",
            [search.CONFIG, text],
        )
        return [pk for (pk,) in cursor.fetchall()]


@pytest.mark.postgres
@pytest.mark.parametrize(
    "text", ["bulk", "council", "pantry", "community hubs", '"bulk case"', "bulk -pantry", "xyzzy"]
)
def test_postgres_kept_and_fresh_rankings_are_todays_ranking(three, text):
    published_in_bulk(300, call=three["call"])
    expected = reference_ranking(text)
    assert CaseStudy.objects.published().count() == 303
    assert ids(text) == expected
    assert ids(text, kept_as="") == expected
    assert ids(text, kept_as="") == expected
