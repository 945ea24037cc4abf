"""Finding the publications: ``/publications/``, the header's links, the call page's link and
the case study page's "Part of"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casestudies.models import Publication

from .collection_helpers import published_case_study
from .factories import CallFactory

pytestmark = pytest.mark.django_db
LIST = reverse("casestudies:publication-list")


def a_publication(*, title: str, days_ago: int | None, case_studies: int = 1) -> Publication:
    call = CallFactory(title=f"Call for {title}")
    for n in range(case_studies):
        published_case_study(call=call, title=f"{title} case study {n}")
    published_on = None if days_ago is None else timezone.localdate() - datetime.timedelta(days=days_ago)
    return Publication.objects.create(
        call=call, title=title, slug=title.lower().replace(" ", "-"), introduction="Intro.", published_on=published_on
    )


def test_the_list_shows_every_published_publication_newest_first_with_its_call_count_and_pdf(client):
    older = a_publication(title="Older report", days_ago=400, case_studies=1)
    newer = a_publication(title="Newer report", days_ago=3, case_studies=2)
    a_publication(title="Future report", days_ago=-5)
    a_publication(title="Undated report", days_ago=None)
    page = client.get(LIST).content.decode()
    text = " ".join(page.split())
    assert text.index("Newer report") < text.index("Older report")
    assert "Future report" not in page and "Undated report" not in page
    assert "2 case studies" in text and "1 case study." in text
    assert newer.call.get_absolute_url() in page and older.get_absolute_url() in page
    assert reverse("casestudies:publication-download", args=[newer.slug]) in page
    assert "(PDF, " in text and ("KB)" in text or "MB)" in text)


def test_an_empty_list_says_so(client):
    assert "Nothing has been published yet." in client.get(LIST).content.decode()


@pytest.mark.parametrize("url", ["/", "/case-studies/", "/publications/", "/privacy/"])
def test_the_header_links_to_the_case_studies_and_the_publications(client, url):
    page = client.get(url).content.decode()
    header = page[page.index('class="govuk-service-navigation') : page.index("</nav>", page.index("Menu"))]
    assert 'href="/case-studies/"' in header and 'href="/publications/"' in header


def test_the_header_marks_the_page_you_are_on(client):
    page = client.get(LIST).content.decode()
    assert 'href="/publications/" aria-current="page"' in page


def test_a_call_page_links_to_its_publication_once_published(client):
    publication = a_publication(title="Future one", days_ago=-5)
    call_page = publication.call.get_absolute_url()
    assert publication.get_absolute_url() not in client.get(call_page).content.decode()
    Publication.objects.filter(pk=publication.pk).update(published_on=timezone.localdate())
    from casestudies import public_cache

    public_cache.new_generation()
    page = client.get(call_page).content.decode()
    assert publication.get_absolute_url() in page and "Read the publication: Future one" in page
