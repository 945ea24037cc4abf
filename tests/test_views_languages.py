"""Case studies in English, Welsh or both, through the pages: the council's form, check page and
public page, the card, the filters, search (SQLite and PostgreSQL), the feed and the open data.

A Welsh page is asked for as the service will ask for it once the Welsh addresses exist: the
address reversed with Welsh active (``/cy/…`` then) and the browser asking for Welsh. The tests
check the language of the page and of each text, not the address.
"""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from casestudies import selectors
from casestudies.languages import Language
from casestudies.models import CaseStudy
from casestudies.selectors import search
from casestudies.selectors.search import SearchText

from .case_study_helpers import case_study_post, edit_url, invited_case_study, page_url
from .collection_helpers import published_case_study
from .factories import CallFactory, CouncilFactory, ThemeFactory

pytestmark = pytest.mark.django_db

TL = CaseStudy.TextLanguage
WELSH_BODY = ("Rhannodd cymuned y dref bwyd gyda chymdogion bob dydd eleni. " * 30).strip()  # 300 words
WELSH = {
    "title_cy": "Hybiau bwyd y gymuned",
    "standfirst_cy": "Sut y bwydodd y cyngor a'r trigolion y dref gyda'i gilydd.",
    "body_cy": WELSH_BODY,
    "outcomes_cy": "Ni fu neb yn aros mwy na diwrnod am fwyd.",
}


@pytest.fixture(autouse=True)
def language_reset():
    """The locale middleware leaves the request's language active in the thread: put it back."""
    yield
    translation.deactivate()


def in_welsh(get, url_of, *args, **kwargs):
    """Ask for a page in Welsh: its address made with Welsh active, and Welsh asked for."""
    with translation.override("cy"):
        url = url_of()
    cache.clear()
    try:
        return get(url, *args, HTTP_ACCEPT_LANGUAGE="cy", **kwargs)
    finally:
        translation.deactivate()


# --- the council's form -------------------------------------------------------------------------


def test_the_form_asks_the_language_first_and_marks_the_welsh_fields(client):
    case_study = invited_case_study()
    page = client.get(edit_url(case_study)).content.decode()
    assert page.index('name="language"') < page.index('name="title"') < page.index('name="title_cy"')
    for value in ("en-gb", "cy", "both"):
        assert f'value="{value}"' in page
    body_cy = page[page.index('<textarea name="body_cy"') :].split(">", 1)[0]
    assert 'lang="cy"' in body_cy and 'data-module="ccin-word-count"' in body_cy
    for name in ("title_cy", "standfirst_cy", "partners_cy", "outcomes_cy", "image_alt_cy"):
        tag = page[page.index(f'name="{name}"') - 400 : page.index(f'name="{name}"') + 200]
        assert 'lang="cy"' in tag, name
    # Without JavaScript every field is on the page; the groups say which language they belong to.
    assert 'data-text-language="cy"' in page and 'data-text-language="en-gb"' in page
    assert 'data-module="ccin-language-fields"' in page


def test_a_draft_in_both_languages_saves_at_any_length_and_continue_names_each_welsh_field(client):
    case_study = invited_case_study()
    data = case_study_post(case_study, action="save", language="both", title_cy="Byr", body_cy="dim digon")
    assert client.post(edit_url(case_study), data).status_code == 302
    case_study.refresh_from_db()
    assert (case_study.language, case_study.title_cy, case_study.body_cy) == (TL.BOTH, "Byr", "dim digon")
    data = case_study_post(case_study, language="both", title_cy="", body_cy="dim digon")
    page = client.post(edit_url(case_study), data).content.decode()
    assert 'href="#id_title_cy"' in page and 'href="#id_body_cy"' in page and 'href="#id_outcomes_cy"' in page
    assert "Enter a title in Welsh" in page
    assert "The case study in Welsh must be 250 to 350 words; it has 2." in page


def test_welsh_text_far_too_long_is_refused_and_everything_typed_comes_back(client):
    case_study = invited_case_study()
    data = case_study_post(case_study, language="cy", title_cy="Teitl", body_cy="gair " * 5000)
    response = client.post(edit_url(case_study), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The case study in Welsh is far too long: write 250 to 350 words" in page
    assert 'value="Teitl"' in page
    case_study.refresh_from_db()
    assert case_study.title_cy == "" and case_study.language == TL.EN  # nothing saved


@pytest.mark.parametrize("value", ["fr", "both ", "<script>", "cy-gb"])
def test_an_unknown_language_is_refused_with_a_clear_message(client, value):
    case_study = invited_case_study()
    page = client.post(edit_url(case_study), case_study_post(case_study, language=value)).content.decode()
    assert "Choose English, Cymraeg or both" in page
    assert 'href="#id_language_1"' in page


def test_a_welsh_title_with_markup_is_shown_as_text_marked_welsh_on_the_check_page(client):
    case_study = invited_case_study()
    hostile = '<script>alert("cy")</script> Hybiau'
    data = case_study_post(case_study, language="both", **{**WELSH, "title_cy": hostile})
    assert client.post(edit_url(case_study), data).status_code == 302
    page = client.get(page_url(case_study, "check")).content.decode()
    assert "<script>alert" not in page
    assert '<span lang="cy">&lt;script&gt;alert(&quot;cy&quot;)&lt;/script&gt; Hybiau</span>' in page
    assert "Case study in Welsh" in page


def test_the_form_remembers_the_language_the_officer_used(client):
    case_study = invited_case_study()
    data = case_study_post(case_study, action="save")
    response = in_welsh(client.post, lambda: edit_url(case_study), data)
    assert response.status_code == 302
    case_study.refresh_from_db()
    assert case_study.contact_language == Language.CY


def test_a_case_study_in_welsh_only_submits_through_the_pages(client):
    case_study = invited_case_study()
    data = case_study_post(case_study, language="cy", title="", standfirst="", body="", outcomes="", **WELSH)
    assert client.post(edit_url(case_study), data).status_code == 302
    case_study.refresh_from_db()
    assert client.post(page_url(case_study, "check"), {"version": case_study.version}).status_code == 302
    case_study.refresh_from_db()
    assert case_study.status == CaseStudy.Status.SUBMITTED
    page = client.get(page_url(case_study, "confirmation")).content.decode()
    assert '<div class="govuk-panel__body" lang="cy">Hybiau bwyd y gymuned</div>' in page


# --- the public pages ---------------------------------------------------------------------------


@pytest.fixture
def three(db):
    """Given case studies in English, in Welsh and in both, published."""
    call = CallFactory()
    council = CouncilFactory(name="Cyngor Caerdydd", slug="caerdydd")
    return {
        "en": published_case_study(call=call, title="Neighbourhood pantries", council=council),
        "cy": published_case_study(
            call=call, title="", standfirst="", body="", outcomes="", language=TL.CY, council=council, **WELSH
        ),
        "both": published_case_study(
            call=call,
            title="Food hubs run by neighbours",
            language=TL.BOTH,
            council=council,
            **{**WELSH, "title_cy": "Hybiau bwyd dwyieithog"},
        ),
    }


def test_an_english_page_shows_the_english_text_then_the_welsh_marked_welsh(client, three):
    page = client.get(three["both"].get_absolute_url()).content.decode()
    assert '<h1 class="govuk-heading-xl govuk-!-margin-bottom-6">Food hubs run by neighbours</h1>' in page
    welsh = page[page.index("The case study in Welsh") :]
    assert '<div lang="cy" class="ccin-other-language__text">' in welsh
    assert "Hybiau bwyd dwyieithog" in welsh and "Rhannodd cymuned y dref" in welsh
    assert page.index("Food hubs run by neighbours") < page.index("Hybiau bwyd dwyieithog")
    assert 'href="#case-study-{}-cy"'.format(three["both"].pk) in page


def test_a_welsh_page_leads_with_the_welsh_text_and_marks_the_english(client, three):
    page = in_welsh(client.get, three["both"].get_absolute_url).content.decode()
    assert '<h1 class="govuk-heading-xl govuk-!-margin-bottom-6">Hybiau bwyd dwyieithog</h1>' in page
    english = page[page.index('class="ccin-other-language"') :]
    assert '<div lang="en-GB" class="ccin-other-language__text">' in english
    assert "Food hubs run by neighbours" in english


def test_an_english_only_case_study_on_a_welsh_page_is_marked_english(client, three):
    page = in_welsh(client.get, three["en"].get_absolute_url).content.decode()
    assert '<h1 class="govuk-heading-xl govuk-!-margin-bottom-6" lang="en-GB">Neighbourhood pantries</h1>' in page
    assert "ccin-other-language" not in page


def test_a_welsh_only_case_study_on_an_english_page_is_marked_welsh_everywhere(client, three):
    page = client.get(three["cy"].get_absolute_url()).content.decode()
    assert '<h1 class="govuk-heading-xl govuk-!-margin-bottom-6" lang="cy">Hybiau bwyd y gymuned</h1>' in page
    assert '<div class="ccin-case-study-body" lang="cy">' in page
    assert '"inLanguage": "cy"' in page
    cache.clear()
    listing = client.get(reverse("casestudies:case-study-list")).content.decode()
    assert 'lang="cy">Hybiau bwyd y gymuned</a>' in listing


def test_the_json_ld_of_a_case_study_in_both_names_both_languages(client, three):
    page = client.get(three["both"].get_absolute_url()).content.decode()
    assert '"inLanguage": ["en-GB", "cy"]' in page


# --- filters and search ---------------------------------------------------------------------------


def listed(client, **query) -> set[str]:
    cache.clear()
    response = client.get(reverse("casestudies:case-study-list"), query)
    return {case_study.pk for case_study in response.context["page"].object_list}


def test_readers_filter_by_language_and_a_case_study_in_both_matches_both(client, three):
    ids = {key: case_study.pk for key, case_study in three.items()}
    assert listed(client, language="cy") == {ids["cy"], ids["both"]}
    assert listed(client, language="en-gb") == {ids["en"], ids["both"]}
    assert listed(client, language="klingon") == set(ids.values())  # names nothing: ignored
    cache.clear()
    page = client.get(reverse("casestudies:case-study-list")).content.decode()
    assert '<select class="govuk-select ccin-filters__select" id="filter-language" name="language">' in page


def found(text: str) -> list[CaseStudy]:
    results = search.case_study_search(selectors.case_study_collection(), SearchText.from_raw(text))
    rows = results.rows(results.ids)
    search.search_highlight(rows, SearchText.from_raw(text))
    return rows


def test_search_finds_welsh_words_in_welsh_text(three):
    for word in ("cymuned", "bwyd", "eleni", "Cymuned bwyd"):
        assert {case_study.pk for case_study in found(word)} >= {three["cy"].pk, three["both"].pk}, word
    (welsh,) = [case_study for case_study in found("dwyieithog")]
    assert welsh.pk == three["both"].pk


def test_search_marks_the_welsh_words_in_the_text_a_welsh_card_shows(three):
    (hit,) = [case_study for case_study in found("hybiau") if case_study.pk == three["cy"].pk]
    assert "<mark>" in str(hit.marked_title) and "Hybiau" in str(hit.marked_title)
    (hit,) = [case_study for case_study in found("eleni") if case_study.pk == three["cy"].pk]
    assert "<mark>eleni</mark>" in str(hit.marked_snippet)


def test_a_draft_in_a_language_the_council_did_not_choose_is_never_found(three):
    CaseStudy.objects.filter(pk=three["en"].pk).update(body_cy="draftonlyword " * 10)
    assert found("draftonlyword") == []
    assert [cs.pk for cs in found("pantries")] == [three["en"].pk]


def test_english_search_still_stems(three):
    assert three["en"].pk in {case_study.pk for case_study in found("pantry")}


# --- the feed and the open data ---------------------------------------------------------------------


def test_each_feed_entry_is_marked_with_the_language_of_its_text(client, three):
    feed = ET.fromstring(client.get(reverse("casestudies:case-study-feed")).content)  # noqa: S314 - our own feed
    langs = {
        entry.find("{http://www.w3.org/2005/Atom}title").text: entry.get("{http://www.w3.org/XML/1998/namespace}lang")
        for entry in feed.iter("{http://www.w3.org/2005/Atom}entry")
    }
    assert langs == {
        "Neighbourhood pantries": "en-GB",
        "Hybiau bwyd y gymuned": "cy",
        "Food hubs run by neighbours": "en-GB",
    }


def test_the_open_data_gives_the_language_and_each_text_in_its_own_columns(client, three):
    rows = {
        row["id"]: row
        for row in csv.DictReader(io.StringIO(client.get(reverse("casestudies:open-data-csv")).content.decode()))
    }
    english, welsh, both = (rows[str(three[key].pk)] for key in ("en", "cy", "both"))
    assert (english["language"], welsh["language"], both["language"]) == ("en-gb", "cy", "both")
    assert welsh["title"] == "" and welsh["body"] == "" and welsh["title_cy"] == "Hybiau bwyd y gymuned"
    assert english["title_cy"] == "" and english["body_cy"] == ""
    assert both["title"] == "Food hubs run by neighbours" and both["title_cy"] == "Hybiau bwyd dwyieithog"
    assert both["body_cy"] == WELSH_BODY
    records = {record["id"]: record for record in client.get(reverse("casestudies:open-data-json")).json()}
    assert records[three["cy"].pk]["language"] == "cy"
    assert list(records[three["cy"].pk])[-7:] == [
        "language",
        "title_cy",
        "standfirst_cy",
        "body_cy",
        "partners_cy",
        "outcomes_cy",
        "image_alt_cy",
    ]


def test_a_council_theme_page_card_shows_the_text_in_the_page_language(client, three):
    theme = ThemeFactory()
    CaseStudy.objects.filter(pk=three["both"].pk).update(theme=theme)
    page = in_welsh(client.get, theme.get_absolute_url).content.decode()
    assert "Hybiau bwyd dwyieithog" in page and "Food hubs run by neighbours" not in page
