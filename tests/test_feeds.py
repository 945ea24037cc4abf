"""The Atom feeds (all case studies, one theme, one council) read as a feed reader reads them,
with hostile text typed by a council: it stays text in the feed, the sitemap and the open data."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from casestudies import workflow

from .collection_helpers import published_case_study
from .factories import CallFactory, CouncilFactory, PrincipleFactory, StaffUserFactory, ThemeFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://ccin.example.org"
HOSTILE_TITLE = '<img src=x onerror="alert(1)"> & pantries'
HOSTILE_STANDFIRST = "<script>alert(1)</script><b>bold</b> &amp; more"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["*"]


@pytest.fixture
def hostile(db):
    """Given a case study whose council typed markup into its title and standfirst."""
    theme = ThemeFactory(name="Food <security>", slug="food-security")
    council = CouncilFactory(name="Kingsmere <i>Council</i>", slug="kingsmere")
    return published_case_study(
        call=CallFactory(),
        title=HOSTILE_TITLE,
        standfirst=HOSTILE_STANDFIRST,
        theme=theme,
        council=council,
        principles=[PrincipleFactory(name="Learning & <sharing>", slug="learning")],
    )


def feed_entries(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own output, parsed back
    return root, root.findall(f"{ATOM}entry")


def test_the_feed_sends_a_standfirst_as_text_so_a_reader_never_runs_markup_in_it(client, hostile):
    root, (entry,) = feed_entries(client, reverse("casestudies:case-study-feed"))
    summaries = entry.findall(f"{ATOM}summary")
    assert len(summaries) == 1
    assert summaries[0].get("type") == "text"
    # What a reader shows is exactly what was typed, characters and all.
    assert summaries[0].text == HOSTILE_STANDFIRST
    assert entry.findtext(f"{ATOM}title") == HOSTILE_TITLE
    assert entry.find(f"{ATOM}title").get("type") in (None, "text")
    raw = client.get(reverse("casestudies:case-study-feed")).content.decode()
    assert "<script>" not in raw and "<img" not in raw and "<b>" not in raw
    assert 'type="html"' not in raw


def test_no_element_in_the_feed_is_html_typed(client, hostile):
    root, _ = feed_entries(client, reverse("casestudies:case-study-feed"))
    for element in root.iter():
        assert element.get("type") != "html", element.tag


def test_feed_addresses_come_from_site_url_not_the_host_header(client, hostile):
    root, (entry,) = feed_entries(client, reverse("casestudies:case-study-feed"), HTTP_HOST="attacker.example")
    body = ET.tostring(root).decode()
    assert "attacker.example" not in body
    assert root.findtext(f"{ATOM}id") == f"{SITE}/case-studies/feed/"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {"alternate": f"{SITE}/case-studies/", "self": f"{SITE}/case-studies/feed/"}
    assert entry.findtext(f"{ATOM}id") == f"{SITE}{hostile.get_absolute_url()}"


def test_categories_say_which_list_they_come_from(client, hostile):
    _, (entry,) = feed_entries(client, reverse("casestudies:case-study-feed"))
    categories = {(c.get("scheme"), c.get("term"), c.get("label")) for c in entry.findall(f"{ATOM}category")}
    assert categories == {
        (f"{SITE}/themes/", "food-security", "Food <security>"),
        (f"{SITE}/principles/", "learning", "Learning & <sharing>"),
    }


def test_a_theme_feed_and_a_council_feed_list_only_their_own_case_studies(client, db):
    call = CallFactory()
    food, care = ThemeFactory(slug="food"), ThemeFactory(slug="care")
    oldham = CouncilFactory(slug="oldham")
    published_case_study(call=call, title="Food in Oldham", theme=food, council=oldham)
    published_case_study(call=call, title="Care elsewhere", theme=care)
    gone = published_case_study(call=call, title="Food withdrawn", theme=food, council=oldham)
    workflow.case_study_unpublish(case_study=gone, by=StaffUserFactory(), note="Taken down to correct a name.")

    root, entries = feed_entries(client, reverse("casestudies:theme-feed", kwargs={"slug": "food"}))
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Food in Oldham"]
    assert root.findtext(f"{ATOM}id") == f"{SITE}/themes/food/feed/"
    assert {link.get("href") for link in root.findall(f"{ATOM}link")} == {
        f"{SITE}/themes/food/",
        root.findtext(f"{ATOM}id"),
    }

    root, entries = feed_entries(client, reverse("casestudies:council-feed", kwargs={"slug": "oldham"}))
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Food in Oldham"]
    assert root.findtext(f"{ATOM}id") == f"{SITE}/councils/oldham/feed/"

    assert client.get("/themes/no-such-theme/feed/").status_code == 404
    assert client.get("/councils/no-such-council/feed/").status_code == 404


def test_theme_and_council_pages_link_their_feeds(client, hostile):
    theme_page = client.get(reverse("casestudies:theme-detail", kwargs={"slug": "food-security"})).content.decode()
    assert 'type="application/atom+xml"' in theme_page
    assert 'href="/themes/food-security/feed/"' in theme_page
    council_page = client.get(reverse("casestudies:council-detail", kwargs={"slug": "kingsmere"})).content.decode()
    assert 'href="/councils/kingsmere/feed/"' in council_page


def test_hostile_text_stays_text_in_the_sitemap_and_the_open_data(client, hostile):
    sitemap = client.get("/sitemap.xml", HTTP_HOST="attacker.example")
    ET.fromstring(sitemap.content)  # noqa: S314 - well-formed whatever the names
    assert b"attacker.example" not in sitemap.content
    assert b"<script" not in sitemap.content

    records = json.loads(client.get(reverse("casestudies:open-data-json")).content)
    assert records[0]["title"] == HOSTILE_TITLE
    assert records[0]["standfirst"] == HOSTILE_STANDFIRST
    assert records[0]["url"].startswith(SITE)
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("casestudies:open-data-csv")).content.decode())))
    assert rows[0]["standfirst"] == HOSTILE_STANDFIRST
    assert rows[0]["council_name"] == "Kingsmere <i>Council</i>"
