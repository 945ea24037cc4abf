"""What search engines and link previews read in a public page's <head>: the canonical address,
a description, Open Graph and Twitter card tags and schema.org JSON-LD, all on SITE_URL, with
text a council typed kept inside its script element."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from casestudies.models import CaseStudy, Publication

from .collection_helpers import published_case_study
from .factories import CallFactory, CouncilFactory, PrincipleFactory, ThemeFactory

pytestmark = pytest.mark.django_db

SITE = "https://ccin.example.org"
BREAKOUT = '</script><script>alert("x")</script><!--'


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["*"]


class HeadParser(HTMLParser):
    """The <meta> and <link> tags of a page, and the text of each script element by type."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.scripts, self._script = [], [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            self.meta.append(attrs)
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script":
            self._script = [attrs.get("type"), ""]
            self.scripts.append(self._script)

    def handle_data(self, data):
        if self._script is not None:
            self._script[1] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def content(self, key, value):
        return [m.get("content") for m in self.meta if m.get(key) == value]

    def canonical(self):
        return [link["href"] for link in self.links if link.get("rel") == "canonical"]

    def json_ld(self):
        return [json.loads(text) for kind, text in self.scripts if kind == "application/ld+json"]


def head(client, url, status=200, **extra) -> HeadParser:
    response = client.get(url, **extra)
    assert response.status_code == status, url
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def collection(db):
    """Given a call with a publication, a published case study whose text tries to end its script."""
    call = CallFactory(title="Co-operation through Covid-19", slug="covid")
    Publication.objects.create(
        call=call, title="The report", slug="the-report", introduction="Hi.", published_on="2020-10-01"
    )
    theme = ThemeFactory(name="Food", slug="food")
    council = CouncilFactory(name="Northmoor Council", slug="northmoor", website="https://northmoor.example.org")
    case_study = published_case_study(
        call=call,
        title=f"Food hubs {BREAKOUT}",
        standfirst=f"Neighbours ran hubs {BREAKOUT}",
        theme=theme,
        council=council,
        principles=[PrincipleFactory(name="Learning", slug="learning")],
        licence=CaseStudy.Licence.OGL,
    )
    return {"call": call, "case_study": case_study}


def public_pages(collection) -> list[str]:
    call, case_study = collection["call"], collection["case_study"]
    return [
        "/",
        call.get_absolute_url(),
        reverse("casestudies:eoi-start", kwargs={"slug": call.slug}),
        "/case-studies/",
        case_study.get_absolute_url(),
        "/themes/food/",
        "/councils/northmoor/",
        "/principles/learning/",
        "/publications/the-report/",
        "/open-data/",
        "/accessibility/",
        "/privacy/",
    ]


def test_every_public_page_has_one_canonical_address_a_description_and_card_tags(client, collection):
    for url in public_pages(collection):
        parser = head(client, url, HTTP_HOST="attacker.example")
        assert parser.canonical() == [f"{SITE}{url}"], url
        (description,) = parser.content("name", "description")
        assert description.strip(), url
        assert parser.content("property", "og:url") == [f"{SITE}{url}"], url
        assert parser.content("property", "og:title") and parser.content("property", "og:description"), url
        (image,) = parser.content("property", "og:image")
        assert image.startswith(f"{SITE}/"), url
        assert parser.content("name", "twitter:card") == ["summary_large_image"], url


def test_the_canonical_address_drops_filters_and_page_one_and_keeps_a_later_page(client, collection, rf):
    from casestudies.site import canonical_url

    parser = head(client, "/case-studies/?theme=food&page=1")
    assert parser.canonical() == [f"{SITE}/case-studies/"]
    assert canonical_url(rf.get("/case-studies/", {"theme": "food", "page": "3"})) == f"{SITE}/case-studies/?page=3"
    assert canonical_url(rf.get("/case-studies/", {"page": "²"})) == f"{SITE}/case-studies/"


def test_a_page_without_an_image_offers_the_ccin_card(client, collection):
    parser = head(client, "/open-data/")
    (image,) = parser.content("property", "og:image")
    assert image == f"{SITE}/static/images/ccin-card.png"
    assert finders.find("images/ccin-card.png")


def test_a_case_study_is_an_article_whose_text_cannot_leave_its_script(client, collection):
    case_study = collection["case_study"]
    response = client.get(case_study.get_absolute_url())
    html = response.content.decode()
    assert BREAKOUT not in html.split("</head>")[0]
    ld_blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(ld_blocks) == 1
    assert "<" not in ld_blocks[0] and ">" not in ld_blocks[0]
    (article,) = head(client, case_study.get_absolute_url()).json_ld()
    assert article["@context"] == "https://schema.org"
    assert article["@type"] == "Article"
    assert article["headline"] == case_study.title
    assert article["author"] == {
        "@type": "Organization",
        "name": "Northmoor Council",
        "url": f"{SITE}/councils/northmoor/",
        "sameAs": "https://northmoor.example.org",
    }
    assert article["publisher"]["name"] == "Co-operative Councils' Innovation Network"
    assert article["datePublished"].endswith("Z") and article["dateModified"].endswith("Z")
    assert article["license"] == "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    assert article["image"] == f"{SITE}/static/images/ccin-card.png"
    assert article["isPartOf"] == {
        "@type": "CreativeWork",
        "name": "The report",
        "inLanguage": "en-GB",
        "url": f"{SITE}/publications/the-report/",
    }
    assert article["url"] == f"{SITE}{case_study.get_absolute_url()}"


def test_an_all_rights_reserved_case_study_claims_no_licence_and_is_part_of_the_collection(client, db):
    case_study = published_case_study(call=CallFactory(), title="Kept", licence=CaseStudy.Licence.ALL_RIGHTS_RESERVED)
    (article,) = head(client, case_study.get_absolute_url()).json_ld()
    assert "license" not in article
    assert article["isPartOf"]["url"] == f"{SITE}/case-studies/"


def test_the_open_data_page_is_a_dataset_and_the_home_page_an_organization(client, collection):
    (dataset,) = head(client, "/open-data/").json_ld()
    assert dataset["@type"] == "Dataset"
    assert dataset["url"] == f"{SITE}/open-data/"
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert {d["contentUrl"] for d in dataset["distribution"]} == {
        f"{SITE}/open-data/case-studies.csv",
        f"{SITE}/open-data/case-studies.json",
        f"{SITE}/open-data/datapackage.json",
    }
    assert dataset["dateModified"].endswith("Z")
    (organization,) = head(client, "/").json_ld()
    assert organization["@type"] == "Organization"
    assert organization["name"] == "Co-operative Councils' Innovation Network"


def test_json_ld_is_written_as_json_script_escapes_it():
    from casestudies.templatetags.ccin import json_ld

    written = json_ld({"headline": "</script><b>&"})
    assert (
        written
        == '<script type="application/ld+json">{"headline": "\\u003C/script\\u003E\\u003Cb\\u003E\\u0026"}</script>'
    )
