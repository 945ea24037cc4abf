"""Each language its own address (issue 16): /… English, /cy/… Welsh, the admin English, the
language switch, hreflang alternates, the home page's one use of a browser's preference, caches
kept apart by language, and dates the Welsh way."""

import datetime
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from casestudies import public_cache

from .test_cache import pages

pytestmark = pytest.mark.django_db

WELSH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "cy,en-GB;q=0.8"}
LONDON = ZoneInfo("Europe/London")


# --- addresses ---------------------------------------------------------------------------------------


def test_reverse_gives_unprefixed_addresses_in_english_and_cy_in_welsh():
    assert reverse("casestudies:case-study-list") == "/case-studies/"
    with translation.override("cy"):
        assert reverse("casestudies:case-study-list") == "/cy/case-studies/"
        assert reverse("casestudies:case-study-edit", args=["abc"]) == "/cy/write/abc/"
        assert reverse("casestudies:eoi-start", args=["x"]) == "/cy/calls/x/expression-of-interest/"


def test_addresses_where_a_language_makes_no_sense_stay_outside_the_prefix():
    with translation.override("cy"):
        assert reverse("casestudies:healthz") == "/healthz/"
        assert reverse("casestudies:robots") == "/robots.txt"
        assert reverse("casestudies:sitemap") == "/sitemap.xml"
        assert reverse("casestudies:case-study-image", args=["x"]) == "/case-studies/x/image/"
        assert reverse("casestudies:case-study-image-display", args=["t"]) == "/write/t/image/display/"
        assert reverse("admin:index") == "/admin/"


@pytest.mark.parametrize("name", ["home", "call", "list", "case study", "theme", "council", "principle", "publication"])
def test_every_public_page_has_a_welsh_address_with_lang_cy(client, site, name):
    english = pages(site)[name]
    welsh = client.get("/cy" + english)
    assert welsh.status_code == 200
    assert '<html lang="cy"' in welsh.content.decode()
    assert welsh["Content-Language"] == "cy"
    assert '<html lang="en-GB"' in client.get(english).content.decode()


def test_the_language_is_the_addresss_never_the_browsers_or_the_cookies(client, site):
    client.cookies[translation.trans_real.settings.LANGUAGE_COOKIE_NAME] = "cy"
    english = client.get("/case-studies/", **WELSH_BROWSER)
    assert '<html lang="en-GB"' in english.content.decode()
    assert english["Content-Language"] == "en-GB"


def test_the_admin_is_english_even_for_a_welsh_browser_and_cookie(admin_client):
    admin_client.cookies["django_language"] = "cy"
    response = admin_client.get("/admin/", **WELSH_BROWSER)
    assert response.status_code == 200
    assert 'lang="en-gb"' in response.content.decode().lower()
    assert admin_client.get("/cy/admin/").status_code == 404


def test_the_private_case_study_link_has_a_welsh_address(client, call):
    from .case_study_helpers import edit_url, invited_case_study

    url = edit_url(invited_case_study(call=call))
    response = client.get("/cy" + url)
    assert response.status_code == 200
    assert '<html lang="cy"' in response.content.decode()


# --- the home page and a browser's preference ---------------------------------------------------------


def test_a_welsh_browser_is_sent_from_home_to_cy_with_vary(client, site):
    response = client.get("/", **WELSH_BROWSER)
    assert response.status_code == 302
    assert response["Location"] == "/cy/"
    assert {"Accept-Language", "Cookie"} <= {part.strip() for part in response["Vary"].split(",")}


def test_an_english_browser_stays_at_home(client, site):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,cy;q=0.5")
    assert response.status_code == 200
    assert "Accept-Language" in response["Vary"]


def test_a_reader_who_chose_english_is_not_sent_to_welsh(client, site):
    client.cookies["django_language"] = "en-gb"
    assert client.get("/", **WELSH_BROWSER).status_code == 200


def test_only_home_looks_at_the_browser(client, site):
    response = client.get("/case-studies/", **WELSH_BROWSER)
    assert response.status_code == 200
    assert "Accept-Language" not in response.get("Vary", "")


def test_while_welsh_is_incomplete_the_browser_chooses_nothing(client, site, settings):
    settings.WELSH_COMPLETE = False
    assert client.get("/", **WELSH_BROWSER).status_code == 200
    client.cookies["django_language"] = "cy"
    assert client.get("/").status_code == 302  # a reader's own choice still counts


# --- the switch and the alternates ---------------------------------------------------------------------


def test_the_switch_link_leads_to_the_same_page_in_the_other_language_keeping_the_query(client, site):
    html = client.get("/case-studies/?theme=food-security&principle=learning").content.decode()
    assert (
        '<a class="govuk-header__link ccin-language-switch__link" '
        'href="/language/cy/?next=/cy/case-studies/%3Ftheme%3Dfood-security%26principle%3Dlearning" '
        'hreflang="cy" lang="cy" rel="alternate">Cymraeg</a>'
    ) in html
    welsh = client.get("/cy/case-studies/").content.decode()
    assert (
        'href="/language/en-gb/?next=/case-studies/" hreflang="en-GB" lang="en-GB" rel="alternate">English</a>' in welsh
    )


def test_the_switch_records_the_choice_and_shows_the_page(client, site):
    response = client.get("/language/cy/", {"next": "/case-studies/?theme=food-security"})
    assert response.status_code == 302
    assert response["Location"] == "/cy/case-studies/?theme=food-security"
    assert response.cookies["django_language"].value == "cy"
    assert "no-store" in response["Cache-Control"]
    back = client.get("/language/en-gb/", {"next": "/cy/case-studies/"})
    assert back["Location"] == "/case-studies/"
    assert back.cookies["django_language"].value == "en-gb"
    # Chose English: / stays English for a Welsh browser from now on.
    assert client.get("/", **WELSH_BROWSER).status_code == 200


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""])
def test_the_switch_never_leaves_the_site(client, db, target):
    response = client.get("/language/cy/", {"next": target})
    assert response["Location"] == "/cy/"


def test_the_switch_refuses_an_unknown_language(client, db):
    assert client.get("/language/fr/", {"next": "/"}).status_code == 404


def test_each_page_names_its_addresses_in_both_languages_in_its_head(client, site, settings):
    html = client.get("/cy/themes/food-security/?page=1").content.decode()
    site_url = settings.SITE_URL
    assert f'<link rel="alternate" hreflang="en-GB" href="{site_url}/themes/food-security/?page=1">' in html
    assert f'<link rel="alternate" hreflang="cy" href="{site_url}/cy/themes/food-security/?page=1">' in html
    assert f'<link rel="alternate" hreflang="x-default" href="{site_url}/themes/food-security/?page=1">' in html
    assert '<meta property="og:locale" content="cy_GB">' in html


def test_the_404_page_in_welsh_offers_the_same_address_in_english(client, db):
    html = client.get("/cy/no-such-page/").content.decode()
    assert '<html lang="cy"' in html
    assert "next=/no-such-page/" in html


def test_robots_txt_keeps_crawlers_out_of_private_places_in_both_languages(client, db):
    lines = client.get("/robots.txt").content.decode().splitlines()
    for path in ["/write/", "/cy/write/", "/case-studies/search/", "/cy/case-studies/search/", "/language/"]:
        assert f"Disallow: {path}" in lines


def test_the_sitemap_lists_both_languages_with_alternates(client, site, settings):
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own output
    sitemap, xhtml = "{http://www.sitemaps.org/schemas/sitemap/0.9}", "{http://www.w3.org/1999/xhtml}"
    urls = {url.findtext(f"{sitemap}loc"): url for url in root.findall(f"{sitemap}url")}
    base = settings.SITE_URL
    assert {f"{base}/case-studies/", f"{base}/cy/case-studies/"} <= set(urls)
    links = {
        link.get("hreflang"): link.get("href") for link in urls[f"{base}/cy/case-studies/"].findall(f"{xhtml}link")
    }
    assert links == {
        "en-gb": f"{base}/case-studies/",
        "cy": f"{base}/cy/case-studies/",
        "x-default": f"{base}/case-studies/",
    }


# --- caches kept apart ----------------------------------------------------------------------------------


def test_a_welsh_and_an_english_page_never_share_a_cache_entry(client, site):
    english = client.get("/case-studies/").content.decode()
    welsh = client.get("/cy/case-studies/").content.decode()
    assert '<html lang="cy"' in welsh and '<html lang="en-GB"' in english
    # From the cache, each still in its own language.
    assert '<html lang="cy"' in client.get("/cy/case-studies/").content.decode()
    assert '<html lang="en-GB"' in client.get("/case-studies/").content.decode()


def test_remember_keeps_a_value_once_per_language(db):
    made = []

    def compute():
        made.append(translation.get_language())
        return translation.gettext("Case studies")

    with translation.override("en-gb"):
        assert public_cache.remember("label", compute) == "Case studies"
    with translation.override("cy"):
        public_cache.remember("label", compute)
        public_cache.remember("label", compute)
    assert made == ["en-gb", "cy"]


@pytest.mark.parametrize("name", ["list", "case study"])
def test_http_validators_differ_by_language(client, site, name):
    url = pages(site)[name]
    english, welsh = client.get(url), client.get("/cy" + url)
    assert english["ETag"] != welsh["ETag"]
    assert client.get("/cy" + url, HTTP_IF_NONE_MATCH=english["ETag"]).status_code == 200


def test_the_feed_and_open_data_have_welsh_addresses_with_their_own_etags(client, site):
    english, welsh = client.get("/case-studies/feed/"), client.get("/cy/case-studies/feed/")
    assert welsh.status_code == 200
    assert english["ETag"] != welsh["ETag"]
    assert client.get("/cy/open-data/case-studies.json").status_code == 200


# --- dates and numbers ----------------------------------------------------------------------------------


def _render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load ccin %}" + source).render(Context(context))


FRIDAY_5PM = datetime.datetime(2020, 8, 7, 17, 0, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en-gb", "5pm on Friday 7 August 2020"), ("cy", "5pm, dydd Gwener 7 Awst 2020")],
)
def test_a_deadline_in_words(language, expected):
    assert _render("{{ when|moment }}", language, when=FRIDAY_5PM) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en-gb", "5pm, Friday 7 August 2020"), ("cy", "5pm, dydd Gwener 7 Awst 2020")],
)
def test_a_timetable_line_as_the_call_page_writes_it(language, expected):
    source = '{{ when|time_of_day }}, {{ when|date:"l j F Y" }}'
    assert _render(source, language, when=FRIDAY_5PM) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en-gb", "July 2021 · Monday 12 July 2021 · midday · 9:30am"),
        ("cy", "Gorffennaf 2021 · dydd Llun 12 Gorffennaf 2021 · canol dydd · 9:30am"),
    ],
)
def test_month_and_day_names_and_times(language, expected):
    noon = datetime.datetime(2021, 7, 12, 12, 0, tzinfo=LONDON)
    morning = noon.replace(hour=9, minute=30)
    source = '{{ noon|date:"F Y" }} · {{ noon|date:"l j F Y" }} · {{ noon|time_of_day }} · {{ morning|time_of_day }}'
    assert _render(source, language, noon=noon, morning=morning) == expected


@pytest.mark.parametrize(("language", "expected"), [("en-gb", "12,345 · 7 Aug 2020"), ("cy", "12,345 · 7 Awst 2020")])
def test_numbers_and_the_default_date_format(language, expected):
    source = "{% load humanize %}{{ number|intcomma }} · {{ day|date }}"
    assert _render(source, language, number=12345, day=datetime.date(2020, 8, 7)) == expected
