"""Reusing the collection: the Atom feed, sitemap.xml, robots.txt and the open data (CSV and
JSON), each parsed back; no personal data in any of them unless the council consented. Every
address in them starts with SITE_URL, whatever host the request named (``site_url``)."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from casestudies import opendata, workflow
from casestudies.models import CaseStudy, Council, Publication

from .collection_helpers import published_case_study
from .factories import (
    CallFactory,
    CaseStudyFactory,
    CouncilFactory,
    PrincipleFactory,
    StaffUserFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


SITE = "https://ccin.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    """Given the site's address is SITE, and requests name another host (the test client's)."""
    settings.SITE_URL = SITE
    return SITE


@pytest.fixture
def published(db):
    """Given two published case studies (one with a consented contact), one unpublished, one draft."""
    call = CallFactory(title="Co-operation through Covid-19")
    theme = ThemeFactory(name="Food security", slug="food-security")
    cardiff = CouncilFactory(
        name="Cardiff Council",
        slug="cardiff",
        nation=Council.Nation.WALES,
        region="",
        council_type=Council.Type.WELSH_UNITARY,
        gss_code="W06000015",
    )
    coproduction = PrincipleFactory(name="Co-production", slug="co-production")
    learning = PrincipleFactory(name="Learning", slug="learning")
    first = published_case_study(
        call=call,
        title='=HYPERLINK("http://evil.example")',
        council=cardiff,
        theme=theme,
        principles=[coproduction, learning],
        licence=CaseStudy.Licence.OGL,
        enquiry_name="Priya Shah",
        enquiry_role="Community lead",
        enquiry_email="priya@example.org",
        enquiry_consent=True,
        standfirst="+44 is not a formula; -1 is not either; @everyone neither.",
    )
    second = published_case_study(
        call=call,
        title="Pantries in every ward",
        theme=theme,
        enquiry_name="Hidden Person",
        enquiry_email="hidden@example.org",
        enquiry_consent=False,
    )
    gone = published_case_study(call=call, title="Taken down")
    workflow.case_study_unpublish(case_study=gone, by=StaffUserFactory(), note="Taken down to correct a name.")
    CaseStudyFactory(contribution__eoi__call=call)
    return {"first": first, "second": second, "call": call}


# --- the feed -------------------------------------------------------------------------------------


def test_atom_feed_lists_newly_published_case_studies_with_their_licences(client, published):
    response = client.get(reverse("casestudies:case-study-feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own output, parsed back
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "Pantries in every ward",
        '=HYPERLINK("http://evil.example")',
    ]
    newest, oldest = entries
    assert newest.find(f"{ATOM}link").get("href") == f"{SITE}{published['second'].get_absolute_url()}"
    assert newest.findtext(f"{ATOM}id") == f"{SITE}{published['second'].get_absolute_url()}"
    assert root.findtext(f"{ATOM}id") == f"{SITE}/case-studies/feed/"
    assert newest.findtext(f"{ATOM}rights") == (
        "Creative Commons Attribution 4.0 International (CC BY 4.0): https://creativecommons.org/licenses/by/4.0/"
    )
    assert oldest.findtext(f"{ATOM}rights") == (
        "Open Government Licence v3.0: https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    )
    assert oldest.findtext(f"{ATOM}author/{ATOM}name") == "Cardiff Council"
    assert {(c.get("scheme"), c.get("term"), c.get("label")) for c in oldest.findall(f"{ATOM}category")} == {
        (f"{SITE}/themes/", "food-security", "Food security"),
        (f"{SITE}/principles/", "co-production", "Co-production"),
        (f"{SITE}/principles/", "learning", "Learning"),
    }
    assert oldest.find(f"{ATOM}summary").get("type") == "text"
    assert oldest.findtext(f"{ATOM}summary") == published["first"].standfirst
    body = response.content.decode()
    assert "Taken down" not in body
    assert "@example.org" not in body
    assert "Hidden Person" not in body and "Priya Shah" not in body


# --- sitemap and robots ---------------------------------------------------------------------------------


def test_sitemap_lists_public_pages_and_nothing_unpublished(client, published):
    Publication.objects.create(
        call=published["call"], title="The report", slug="the-report", introduction="Hello.", published_on="2020-10-01"
    )
    Publication.objects.create(
        call=CallFactory(), title="Not yet", slug="not-yet", introduction="Soon.", published_on=None
    )
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own output, parsed back
    locations = {url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")}
    base = SITE
    expected = {
        f"{base}/",
        f"{base}/case-studies/",
        f"{base}/open-data/",
        f"{base}{published['call'].get_absolute_url()}",
        f"{base}{published['first'].get_absolute_url()}",
        f"{base}{published['second'].get_absolute_url()}",
        f"{base}/themes/food-security/",
        f"{base}/councils/cardiff/",
        f"{base}/principles/co-production/",
        f"{base}/principles/learning/",
        f"{base}/publications/the-report/",
    }
    assert expected <= locations
    assert not any("not-yet" in location or "taken-down" in location for location in locations)


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_private_places(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /write/" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines


# --- open data ------------------------------------------------------------------------------------------


def get_json(client) -> list[dict]:
    response = client.get(reverse("casestudies:open-data-json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.content)


def get_csv(client) -> list[dict]:
    response = client.get(reverse("casestudies:open-data-csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    reader = csv.DictReader(io.StringIO(response.content.decode("utf-8")))
    assert tuple(reader.fieldnames) == opendata.FIELDS
    return list(reader)


def test_json_open_data_has_the_documented_shape(client, published):
    first, second = get_json(client)
    assert list(first) == list(opendata.FIELDS)
    case_study = published["first"]
    assert first["id"] == case_study.pk
    assert first["url"] == f"{SITE}{case_study.get_absolute_url()}"
    assert first["principles"] == ["Co-production", "Learning"]
    assert first["principle_slugs"] == ["co-production", "learning"]
    assert (first["council_gss_code"], first["council_nation"], first["council_type"]) == (
        "W06000015",
        "wales",
        "welsh_unitary",
    )
    assert first["council_region"] is None
    assert first["licence"] == "ogl-3.0"
    assert first["licence_url"].startswith("https://www.nationalarchives.gov.uk/")
    assert first["published_at"].endswith("Z") and "T" in first["published_at"]
    assert first["is_sample"] is False
    assert second["licence"] == "cc-by-4.0"


def test_open_data_includes_the_enquiry_contact_only_with_consent_and_no_other_personal_data(client, published):
    data = get_json(client)
    first, second = data
    assert first["enquiry_name"] == "Priya Shah"
    assert first["url"].endswith(published["first"].get_absolute_url())  # the page that shows the address
    assert second["enquiry_name"] is None
    everything = json.dumps(data) + "\n".join(str(row) for row in get_csv(client))
    assert "Hidden Person" not in everything
    assert "hidden@example.org" not in everything
    for eoi_contact in CaseStudy.objects.values_list("contribution__eoi__contact_email", flat=True):
        assert eoi_contact not in everything


def test_csv_open_data_matches_the_json_and_is_safe_from_formulas(client, published):
    rows = get_csv(client)
    assert len(rows) == 2
    first = rows[0]
    assert first["title"] == '\'=HYPERLINK("http://evil.example")'
    assert first["standfirst"].startswith("'+44")
    assert first["principles"] == "Co-production; Learning"
    assert first["council_gss_code"] == "W06000015"
    assert first["council_region"] == ""
    assert first["is_sample"] == "false"
    assert rows[1]["enquiry_name"] == ""


def test_open_data_carries_no_email_address_even_one_published_with_consent(client, published):
    """The collection in bulk must not be a ready-made mailing list: the address is on the page."""
    data = get_json(client)
    package = client.get(reverse("casestudies:open-data-package")).json()
    assert int(package["version"].split(".")[0]) >= 2  # version 2 removed enquiry_email
    for resource in package["resources"]:
        assert "enquiry_email" not in [field["name"] for field in resource.get("schema", {}).get("fields", [])]
    assert all("enquiry_email" not in record for record in data)
    csv_text = client.get(reverse("casestudies:open-data-csv")).content.decode()
    for text in (json.dumps(data), csv_text):
        assert "priya@example.org" not in text
        assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text)
    page = client.get(published["first"].get_absolute_url()).content.decode()
    assert 'href="mailto:priya@example.org"' in page


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("plain", "plain"),
        (None, ""),
        (True, "true"),
        (["a", "b"], "a; b"),
        (7, "7"),
    ],
)
def test_csv_cells_are_neutralised(value, cell):
    assert opendata.csv_cell(value) == cell


def test_open_data_page_documents_every_field_and_links_the_files(client, db):
    html = client.get(reverse("casestudies:open-data")).content.decode()
    for name in opendata.FIELDS:
        assert f'<code class="ccin-code">{name}</code>' in html
    assert 'href="/open-data/case-studies.csv"' in html
    assert 'href="/open-data/case-studies.json"' in html
    assert 'href="/open-data/case-studies-excel.csv"' in html
    assert 'href="/open-data/datapackage.json"' in html


def test_docs_describe_every_open_data_field():
    from pathlib import Path

    docs = (Path(__file__).resolve().parent.parent / "docs" / "open-data.md").read_text()
    for name in opendata.FIELDS:
        assert f"`{name}`" in docs, name
