"""Every public page of the collection runs the same number of queries with 5 published case
studies as with 300: joins are decided in selectors and lists are paginated in the database."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casestudies import public_cache
from casestudies.models import Perspective, Publication

from .collection_helpers import published_in_bulk
from .factories import CallFactory, CouncilFactory, PrincipleFactory, ThemeFactory

pytestmark = pytest.mark.django_db

# page name -> (address, queries). The numbers are the whole page, so a new query shows up here.
PAGES = {
    "list": ("/case-studies/", 6),
    "filtered list": ("/case-studies/?theme=theme-q&place=england&principle=principle-q", 6),
    "search": ("/case-studies/search/?q=bulk+case", 6),
    "theme": ("/themes/theme-q/", 3),
    "council": ("/councils/council-q/", 3),
    "principle": ("/principles/principle-q/", 3),
    "publication": ("/publications/publication-q/", 5),
    "feed": ("/case-studies/feed/", 2),
    "open data CSV": ("/open-data/case-studies.csv", 2),
    "open data JSON": ("/open-data/case-studies.json", 2),
    # One query per section: with both languages, Django reads each section once (no count first).
    "sitemap": ("/sitemap.xml", 6),
}


def queries(client, url: str) -> int:
    """The queries of rendering the page (tests/test_cache.py shows a kept page runs none)."""
    cache.clear()
    public_cache.forget_local()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


@pytest.fixture
def collection(db):
    call = CallFactory()
    Publication.objects.create(
        call=call, title="The report", slug="publication-q", introduction="Hi.", published_on=timezone.localdate()
    )
    Perspective.objects.create(publication=Publication.objects.get(slug="publication-q"), title="A view", body="B.")
    themes = [ThemeFactory(slug="theme-q"), ThemeFactory()]
    councils = [CouncilFactory(slug="council-q"), CouncilFactory()]
    principles = [PrincipleFactory(slug="principle-q"), PrincipleFactory()]
    return {"call": call, "themes": themes, "councils": councils, "principles": principles}


@pytest.mark.parametrize("page", list(PAGES))
def test_page_runs_a_fixed_number_of_queries_with_5_or_300_case_studies(client, collection, page):
    url, expected = PAGES[page]
    published_in_bulk(5, **collection)
    with_5 = queries(client, url)
    published_in_bulk(295, **collection)
    with_300 = queries(client, url)
    assert (with_5, with_300) == (expected, expected)
