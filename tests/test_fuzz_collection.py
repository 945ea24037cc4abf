"""Property tests of the public collection's query strings: whatever ``q``, filter, page or other
parameters arrive (repeated, empty, hostile, unknown), the list and the search answer 200 (or
a clean 404), never a server error."""

from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from .collection_helpers import published_case_study
from .factories import CallFactory, CallThemeFactory, PrincipleFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
PAGES = ["/case-studies/", "/case-studies/search/"]
NAMES = ["q", "theme", "principle", "council", "place", "call", "page", "sort", "format", "theme[]", ""]
HOSTILE = st.sampled_from(
    [
        "\x00",
        "' OR 1=1 --",
        '"unclosed phrase',
        "-",
        "or or or",
        "!!!",
        "a:*",
        "&",
        "<mark>",
        "\ue000x\ue001",
        "😀",
        "9" * 40,
        "-1",
        "0",
        "last",
        "hub " * 100,
    ]
)


@pytest.fixture
def collection(db):
    """Two published case studies, with the filters' values known."""
    call = CallFactory()
    themes = [CallThemeFactory(call=call).theme for _ in range(2)]
    principle = PrincipleFactory()
    first = published_case_study(call=call, title="Food hubs", theme=themes[0], principles=[principle])
    published_case_study(call=call, title="Digital inclusion", theme=themes[1])
    return {
        "theme": themes[0].slug,
        "principle": principle.slug,
        "council": first.contribution.eoi.council.slug,
        "place": "england",
        "call": call.slug,
    }


@FUZZ
@given(
    page=st.sampled_from(PAGES),
    params=st.dictionaries(
        st.sampled_from(NAMES),
        st.lists(st.one_of(st.text(max_size=60), HOSTILE), min_size=1, max_size=3),
        max_size=6,
    ),
    use_real=st.lists(st.sampled_from(["theme", "principle", "council", "place", "call"]), max_size=5),
)
@example(page="/case-studies/search/", params={"q": ["\x00hub"], "page": ["9" * 40]}, use_real=["theme"])
@example(page="/case-studies/search/", params={"q": ['"food hubs" or -digital']}, use_real=[])
def test_any_query_string_on_the_list_and_the_search_gives_a_page(collection, page, params, use_real):
    cache.clear()
    query = {name: list(values) for name, values in params.items()}
    for name in use_real:  # mix real values with the rubbish, so that filtering really happens
        query.setdefault(name, []).append(collection[name])
    response = Client().get(page, query)  # a 500 would raise here
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert "<title>" in response.content.decode()


@FUZZ
@given(page=st.sampled_from(PAGES), raw=st.text(max_size=300))
@example(page="/case-studies/", raw="theme=%ZZ&&&=&page=%00")
@example(page="/case-studies/search/", raw="q=%E2%82&q=%ff%fe")
def test_any_raw_query_string_gives_a_page(collection, page, raw):
    cache.clear()
    response = Client().get(f"{page}?{quote(raw, safe='=&%')}")
    assert response.status_code in (200, 404)
