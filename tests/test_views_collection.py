"""The published collection through the test client: browse with filters, the theme, council and
principle pages, what they show and never show, their 404s, titles and Open Graph tags."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from casestudies import workflow
from casestudies.models import Council

from .case_study_helpers import write_and_submit
from .collection_helpers import published_case_study, published_in_bulk
from .factories import CallFactory, CaseStudyFactory, CouncilFactory, PrincipleFactory, StaffUserFactory, ThemeFactory

pytestmark = pytest.mark.django_db

LIST = reverse("casestudies:case-study-list")


def titles(response) -> list[str]:
    return [case_study.title for case_study in response.context["page"].object_list]


@pytest.fixture
def collection(db):
    """Given three published case studies and one that is only approved, across two calls."""
    call, other_call = CallFactory(title="First call"), CallFactory(title="Second call")
    food, care = ThemeFactory(name="Food", slug="food"), ThemeFactory(name="Care", slug="care")
    wales = CouncilFactory(
        name="Cardiff Council", slug="cardiff", nation=Council.Nation.WALES, region="", gss_code="W06000015"
    )
    london = CouncilFactory(name="Brent", slug="brent", region=Council.Region.LONDON, gss_code="E09000005")
    north = CouncilFactory(name="Oldham", slug="oldham", region=Council.Region.NORTH_WEST, gss_code="E08000004")
    coproduction, learning = PrincipleFactory(name="Co-production"), PrincipleFactory(name="Learning")
    cases = {
        "cardiff-food": published_case_study(
            call=call, title="Cardiff food hubs", council=wales, theme=food, principles=[coproduction]
        ),
        "brent-care": published_case_study(
            call=call, title="Brent care at home", council=london, theme=care, principles=[coproduction, learning]
        ),
        "oldham-food": published_case_study(
            call=other_call, title="Oldham food pantry", council=north, theme=food, principles=[learning]
        ),
    }
    approved = CaseStudyFactory(contribution__eoi__call=call, contribution__eoi__council=north)
    write_and_submit(approved, title="Not yet published", body="x " * 300)
    workflow.case_study_approve(case_study=approved, by=StaffUserFactory())
    return {
        "calls": (call, other_call),
        "themes": (food, care),
        "councils": (wales, london, north),
        "principles": (coproduction, learning),
        "cases": cases,
    }


# --- browse ------------------------------------------------------------------------------------


def test_list_shows_published_case_studies_newest_first_and_nothing_else(client, collection):
    response = client.get(LIST)
    assert response.status_code == 200
    assert titles(response) == ["Oldham food pantry", "Brent care at home", "Cardiff food hubs"]
    html = response.content.decode()
    assert "Not yet published" not in html
    assert "3 case studies published" in html
    assert "<title>Case studies – CCIN case studies</title>" in html


def test_list_cards_show_council_theme_and_standfirst_and_no_contact_details(client, collection):
    cardiff = collection["cases"]["cardiff-food"]
    html = client.get(LIST).content.decode()
    assert 'href="/councils/cardiff/">Cardiff Council</a>' in html
    assert 'href="/themes/food/">Food</a>' in html
    assert cardiff.standfirst in html
    assert "@example.org" not in html
    assert "Bulk Contact" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?theme=food", ["Oldham food pantry", "Cardiff food hubs"]),
        ("?theme=food&theme=care", ["Oldham food pantry", "Brent care at home", "Cardiff food hubs"]),
        ("?principle=learning-x", ["Oldham food pantry", "Brent care at home", "Cardiff food hubs"]),
        ("?council=brent", ["Brent care at home"]),
        ("?place=wales", ["Cardiff food hubs"]),
        ("?place=england", ["Oldham food pantry", "Brent care at home"]),
        ("?place=london", ["Brent care at home"]),
        ("?theme=food&place=england", ["Oldham food pantry"]),
        ("?theme=care&place=wales", []),
        ("?no-such-filter=1&theme=no-such-theme", ["Oldham food pantry", "Brent care at home", "Cardiff food hubs"]),
    ],
)
def test_filters_combine_and_ignore_what_names_nothing(client, collection, query, expected):
    assert titles(client.get(LIST + query)) == expected


def test_filter_by_call(client, collection):
    _, other_call = collection["calls"]
    assert titles(client.get(LIST, {"call": other_call.slug})) == ["Oldham food pantry"]


def test_filter_by_principle_lists_each_case_study_once(client, collection):
    coproduction, learning = collection["principles"]
    response = client.get(LIST, {"principle": [coproduction.slug, learning.slug]})
    assert titles(response) == ["Oldham food pantry", "Brent care at home", "Cardiff food hubs"]
    assert titles(client.get(LIST, {"principle": learning.slug})) == ["Oldham food pantry", "Brent care at home"]


def test_chosen_filters_stay_ticked_and_are_described_in_words(client, collection):
    html = client.get(LIST + "?theme=food&place=england").content.decode()
    assert re.search(r'name="theme" type="checkbox" value="food" checked', html)
    assert re.search(r'<option value="england" selected>England</option>', html)
    assert "1 case study matches your filters" in html
    assert "Food, England" in html
    assert 'href="/case-studies/">Clear filters</a>' in html


def test_no_results_page_is_helpful(client, collection):
    response = client.get(LIST + "?theme=care&place=wales")
    html = response.content.decode()
    assert response.status_code == 200
    assert "No case studies match your filters" in html
    assert "Clear filters and see every case study" in html


def test_filter_options_only_offer_what_has_published_case_studies(client, collection):
    ThemeFactory(name="An empty theme", slug="empty")
    CouncilFactory(name="A council with nothing published", slug="quiet")
    html = client.get(LIST).content.decode()
    assert 'value="empty"' not in html
    assert 'value="quiet"' not in html
    assert '<option value="wales">Wales</option>' in html
    assert '<option value="scotland">' not in html


def test_list_paginates_twenty_a_page_and_keeps_filters_in_page_links(client, call):
    theme = ThemeFactory(slug="busy")
    published_in_bulk(45, call=call, themes=[theme])
    first = client.get(LIST, {"theme": "busy"})
    assert len(first.context["page"].object_list) == 20
    html = first.content.decode()
    assert "45 case studies match your filters" in html
    assert 'href="?theme=busy&amp;page=2"' in html
    third = client.get(LIST, {"theme": "busy", "page": 3})
    assert len(third.context["page"].object_list) == 5
    assert "<title>Case studies (page 3 of 3) – CCIN case studies</title>" in third.content.decode()


@pytest.mark.parametrize("page", ["0", "-1", "abc", "3", "999", "1e3", "%00", ""])
def test_a_page_beyond_the_last_or_not_a_number_is_not_found(client, call, page):
    published_in_bulk(25, call=call)
    assert client.get(LIST, {"page": page}).status_code == 404


def test_a_theme_page_beyond_the_last_is_not_found(client, call):
    theme = ThemeFactory(slug="quiet")
    assert client.get(reverse("casestudies:theme-detail", kwargs={"slug": "quiet"})).status_code == 200
    assert client.get(theme.get_absolute_url(), {"page": "2"}).status_code == 404
    assert client.get(theme.get_absolute_url(), {"page": "two"}).status_code == 404


def test_the_last_page_and_page_one_of_an_empty_list_are_found(client, call):
    assert client.get(LIST, {"page": "1"}).status_code == 200
    published_in_bulk(25, call=call)
    assert client.get(LIST, {"page": "2"}).status_code == 200


def test_empty_collection_says_none_are_published_yet(client, db):
    html = client.get(LIST).content.decode()
    assert "No case studies have been published yet." in html


def test_sample_content_is_marked_on_cards(client, db):
    call = CallFactory(is_sample=True)
    published_case_study(call=call, title="An invented story")
    html = client.get(LIST).content.decode()
    assert "Sample content" in html


def test_case_study_of_an_unlisted_council_shows_the_name_it_gave(client, call):
    case_study = CaseStudyFactory(
        contribution__eoi__call=call,
        contribution__eoi__council=None,
        contribution__eoi__council_name="Little Snoring Parish Council",
    )
    write_and_submit(case_study, title="Parish pantry", body="word " * 300)
    workflow.case_study_approve(case_study=case_study, by=StaffUserFactory())
    workflow.case_study_publish(case_study=case_study, by=StaffUserFactory())
    assert "Little Snoring Parish Council" in client.get(LIST).content.decode()


# --- theme, council and principle pages --------------------------------------------------------------


def test_theme_page_lists_its_published_case_studies(client, collection):
    response = client.get(reverse("casestudies:theme-detail", kwargs={"slug": "food"}))
    assert response.status_code == 200
    assert titles(response) == ["Oldham food pantry", "Cardiff food hubs"]
    html = response.content.decode()
    assert "<title>Food: case studies – CCIN case studies</title>" in html
    assert '<meta property="og:title" content="Food">' in html
    assert '<meta property="og:type" content="website">' in html
    assert f'<meta property="og:url" content="{settings.SITE_URL}/themes/food/">' in html
    assert '<meta name="description" content="A theme for tests.">' in html


def test_council_page_describes_the_council_and_lists_its_case_studies(client, collection):
    response = client.get(reverse("casestudies:council-detail", kwargs={"slug": "cardiff"}))
    html = response.content.decode()
    assert titles(response) == ["Cardiff food hubs"]
    assert "<title>Cardiff Council: case studies – CCIN case studies</title>" in html
    assert "Wales" in html
    assert 'property="og:description" content="Case studies of co-operative working from Cardiff Council' in html


def test_council_page_of_a_sample_council_is_marked(client, db):
    council = CouncilFactory(is_sample=True, slug="invented")
    html = client.get(reverse("casestudies:council-detail", kwargs={"slug": council.slug})).content.decode()
    assert "Sample content" in html
    assert "No case studies from this council have been published yet." in html


def test_principle_page_shows_its_summary_and_case_studies(client, collection):
    coproduction, _ = collection["principles"]
    response = client.get(reverse("casestudies:principle-detail", kwargs={"slug": coproduction.slug}))
    html = response.content.decode()
    assert titles(response) == ["Brent care at home", "Cardiff food hubs"]
    assert coproduction.summary in html
    assert f'<meta name="description" content="{coproduction.summary}">' in html


@pytest.mark.parametrize("name", ["theme-detail", "council-detail", "principle-detail", "publication-detail"])
def test_unknown_slugs_are_404(client, db, name):
    response = client.get(reverse(f"casestudies:{name}", kwargs={"slug": "no-such-thing"}))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_og_image_is_given_where_a_listed_case_study_has_an_image(client, collection):
    case_study = collection["cases"]["cardiff-food"]
    type(case_study).objects.filter(pk=case_study.pk).update(
        image="case-studies/1/display.jpg", image_thumbnail="case-studies/1/thumb.jpg", image_alt="A food hub"
    )
    html = client.get(reverse("casestudies:theme-detail", kwargs={"slug": "food"})).content.decode()
    assert f'<meta property="og:image" content="{settings.SITE_URL}/case-studies/{case_study.slug}/image/">' in html
    assert '<meta property="og:image:alt" content="A food hub">' in html
    assert f'src="/case-studies/{case_study.slug}/thumbnail/" alt="A food hub"' in html
