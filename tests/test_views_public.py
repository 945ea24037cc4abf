"""The public pages through the Django test client: the call page in each EOI state, the
deadline to the second in summer and winter time, the empty site, the standing pages and 404."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse

from casestudies.models import Call, Theme

from .factories import CallFactory, CallThemeFactory, ThemeFactory, london_five_pm

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
UTC = datetime.UTC


def london(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


def covid_call(**overrides) -> Call:
    """The 2020 call's timetable: deadline Friday 7 August 2020, 17:00 BST."""
    values = {
        "title": "Co-operation through Covid-19",
        "slug": "co-operation-through-covid-19",
        "eoi_opens_at": london(2020, 7, 6, 9, 0),
        "eoi_deadline_at": london_five_pm(datetime.date(2020, 8, 7)),
        "councils_notified_week": datetime.date(2020, 8, 17),
        "case_study_deadline_at": london_five_pm(datetime.date(2020, 9, 7)),
        "publication_month": datetime.date(2020, 10, 1),
        **overrides,
    }
    call = CallFactory(**values)
    for name in ("Food distribution and food security", "Community response hubs and mutual aid"):
        theme = Theme.objects.filter(name=name).first() or ThemeFactory(name=name, description="")
        CallThemeFactory(call=call, theme=theme)
    return call


def winter_call() -> Call:
    """A call whose deadline, Friday 4 December 2020 at 17:00, falls in GMT (UTC+0)."""
    return covid_call(
        title="Winter call",
        slug="winter-call",
        eoi_opens_at=london(2020, 11, 2, 9, 0),
        eoi_deadline_at=london_five_pm(datetime.date(2020, 12, 4)),
        councils_notified_week=datetime.date(2020, 12, 14),
        case_study_deadline_at=london_five_pm(datetime.date(2021, 1, 15)),
        publication_month=datetime.date(2021, 3, 1),
    )


def get_home(client):
    response = client.get(reverse("casestudies:home"))
    assert response.status_code == 200
    return response, response.content.decode()


# --- the call page in each state ------------------------------------------------------------


def test_open_call_says_until_when_and_offers_the_start_button(client):
    covid_call()
    with time_machine.travel(london(2020, 7, 20, 10, 0), tick=False):
        response, html = get_home(client)
    assert response.context["eoi_state"] == "open"
    assert ">Co-operation through Covid-19</h1>" in html
    assert "Expressions of interest are open until 5pm on Friday 7 August 2020." in html
    assert "Submit an expression of interest" in html
    assert 'href="/calls/co-operation-through-covid-19/expression-of-interest/"' in html


def test_call_not_yet_open_says_when_it_opens_and_has_no_start_button(client):
    covid_call()
    with time_machine.travel(london(2020, 7, 1, 12, 0), tick=False):
        response, html = get_home(client)
    assert response.context["eoi_state"] == "not_yet_open"
    assert "Expressions of interest open at 9am on Monday 6 July 2020." in html
    assert "The deadline will be 5pm on Friday 7 August 2020." in html
    assert "Submit an expression of interest" not in html


def test_closed_call_says_it_closed_and_what_happens_next(client):
    covid_call()
    with time_machine.travel(london(2020, 8, 20, 12, 0), tick=False):
        response, html = get_home(client)
    assert response.context["eoi_state"] == "closed"
    assert "Expressions of interest closed at 5pm on Friday 7 August 2020." in html
    assert "week commencing Monday 17 August 2020" in html
    assert "Case studies are due by 5pm on Monday 7 September 2020, for publication in October 2020." in html
    assert "Submit an expression of interest" not in html


@pytest.mark.parametrize(
    ("moment", "state"),
    [
        # Friday 7 August 2020 is British Summer Time: 17:00 in London is 16:00 UTC.
        pytest.param(london(2020, 8, 7, 16, 59, 59), "open", id="bst-one-second-before"),
        pytest.param(london(2020, 8, 7, 17, 0, 0), "closed", id="bst-at-five"),
        pytest.param(datetime.datetime(2020, 8, 7, 15, 59, 59, tzinfo=UTC), "open", id="bst-utc-15-59-59"),
        pytest.param(datetime.datetime(2020, 8, 7, 16, 0, 0, tzinfo=UTC), "closed", id="bst-utc-16-00-00"),
    ],
)
def test_summer_deadline_is_before_five_pm_london_time(client, moment, state):
    covid_call()
    with time_machine.travel(moment, tick=False):
        response, html = get_home(client)
    assert response.context["eoi_state"] == state
    assert f'data-eoi-state="{state}"' in html
    assert ("Submit an expression of interest" in html) is (state == "open")


@pytest.mark.parametrize(
    ("moment", "state"),
    [
        # Friday 4 December 2020 is Greenwich Mean Time: 17:00 in London is 17:00 UTC.
        pytest.param(london(2020, 12, 4, 16, 59, 59), "open", id="gmt-one-second-before"),
        pytest.param(london(2020, 12, 4, 17, 0, 0), "closed", id="gmt-at-five"),
        pytest.param(datetime.datetime(2020, 12, 4, 16, 59, 59, tzinfo=UTC), "open", id="gmt-utc-16-59-59"),
        pytest.param(datetime.datetime(2020, 12, 4, 17, 0, 0, tzinfo=UTC), "closed", id="gmt-utc-17-00-00"),
    ],
)
def test_winter_deadline_is_before_five_pm_london_time(client, moment, state):
    call = winter_call()
    with time_machine.travel(moment, tick=False):
        response = client.get(call.get_absolute_url())
    html = response.content.decode()
    assert response.context["eoi_state"] == state
    assert f'data-eoi-state="{state}"' in html
    if state == "open":
        assert "Expressions of interest are open until 5pm on Friday 4 December 2020." in html
    else:
        assert "Expressions of interest closed at 5pm on Friday 4 December 2020." in html


def test_timetable_shows_times_weeks_and_months_in_london_time(client):
    covid_call()
    with time_machine.travel(london(2020, 7, 20, 10, 0), tick=False):
        _, html = get_home(client)
    assert "9am, Monday 6 July 2020" in html
    assert "5pm, Friday 7 August 2020" in html
    assert "Week commencing Monday 17 August 2020" in html
    assert "5pm, Monday 7 September 2020" in html
    assert "October 2020" in html
    # 16:00 UTC is never shown as 4pm.
    assert "4pm" not in html


def test_winter_times_are_not_shifted_by_an_hour(client):
    call = winter_call()
    response = client.get(call.get_absolute_url())
    html = response.content.decode()
    assert "5pm, Friday 4 December 2020" in html
    assert "Week commencing Monday 14 December 2020" in html
    assert "March 2021" in html


def test_call_page_shows_purpose_paragraphs_themes_word_limits_and_contact(client):
    covid_call(
        purpose="First paragraph of purpose.\n\nSecond paragraph.",
        how_to_take_part="Send an expression of interest.\n\nWe will reply.",
        eoi_words_min=50,
        eoi_words_max=75,
        case_study_words_target=300,
        contact_email="comms@councils.coop",
    )
    _, html = get_home(client)
    assert "<p>First paragraph of purpose.</p>" in html
    assert "<p>Second paragraph.</p>" in html
    assert "<p>Send an expression of interest.</p>" in html
    assert "Food distribution and food security" in html
    assert "Community response hubs and mutual aid" in html
    assert "each contribution in 50 to 75 words" in html
    assert "the case study is about 300 words" in html
    assert 'href="mailto:comms@councils.coop"' in html


def test_sample_call_is_marked_as_sample_content(client):
    covid_call(is_sample=True)
    _, html = get_home(client)
    assert "Sample content" in html
    assert "ccin-tag--sample" in html


def test_real_call_is_not_marked_as_sample_content(client):
    covid_call()
    _, html = get_home(client)
    assert "Sample content" not in html


def test_home_leads_with_the_open_call_and_links_to_the_others(client):
    covid_call()
    winter = winter_call()
    with time_machine.travel(london(2020, 11, 20, 12, 0), tick=False):
        response, html = get_home(client)
    assert response.context["call"] == winter
    assert ">Winter call</h1>" in html
    assert "Other calls" in html
    assert 'href="/calls/co-operation-through-covid-19/"' in html


def test_call_detail_page_has_a_home_breadcrumb_and_the_home_page_does_not(client):
    call = covid_call()
    detail = client.get(call.get_absolute_url()).content.decode()
    _, home = get_home(client)
    assert 'class="govuk-breadcrumbs"' in detail
    assert 'class="govuk-breadcrumbs"' not in home


def test_unknown_call_is_404(client):
    response = client.get(reverse("casestudies:call-detail", kwargs={"slug": "no-such-call"}))
    assert response.status_code == 404


# --- an empty site and the standing pages -----------------------------------------------------


def test_empty_site_home_page_explains_there_are_no_calls_yet(client):
    response, html = get_home(client)
    assert response.context["call"] is None
    assert "There are no calls for case studies yet." in html
    assert 'href="mailto:comms@councils.coop"' in html
    assert "Submit an expression of interest" not in html


def test_page_title_names_the_page_and_the_service(client):
    covid_call()
    _, html = get_home(client)
    assert "<title>Co-operation through Covid-19 – CCIN case studies</title>" in html


@pytest.mark.parametrize(
    ("url_name", "heading"),
    [
        ("casestudies:accessibility", "Accessibility statement for CCIN case studies"),
        ("casestudies:privacy", "Privacy notice"),
    ],
)
def test_standing_pages_render_with_the_contact_address(client, url_name, heading):
    response = client.get(reverse(url_name))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<h1 class="govuk-heading-xl">{heading}</h1>' in html
    assert 'href="mailto:comms@councils.coop"' in html


def test_privacy_notice_covers_controller_data_retention_and_rights(client):
    html = client.get(reverse("casestudies:privacy")).content.decode()
    for phrase in ("data controller", "never publish", "Each call for case studies sets how long", "UK GDPR", "ICO"):
        assert phrase in html


def test_unknown_page_is_a_404_with_our_page_not_found(client):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<title>Page not found – CCIN case studies</title>" in html
    assert "If you typed the web address, check it is correct." in html


@override_settings(CONTACT_EMAIL="help@example.org")
def test_footer_contact_comes_from_settings(client):
    html = client.get(reverse("casestudies:accessibility")).content.decode()
    assert 'href="mailto:help@example.org"' in html


def test_500_page_renders_without_a_request_or_context_processors(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert "Sorry, there is a problem with the service" in html
    assert "/static/build/ccin.css" in html
    assert "mailto:comms@councils.coop" in html


# --- what every page is made of ---------------------------------------------------------------


def _every_page(client) -> dict[str, str]:
    call = covid_call()
    pages = {}
    for url in ("/", call.get_absolute_url(), reverse("casestudies:accessibility"), reverse("casestudies:privacy")):
        pages[url] = client.get(url).content.decode()
    pages["404"] = client.get("/no-such-page/").content.decode()
    pages["500"] = render_to_string("500.html")
    return pages


def test_no_page_uses_gds_transport_or_the_crown(client):
    for url, html in _every_page(client).items():
        lowered = html.lower()
        assert "gds transport" not in lowered, url
        assert "crown" not in lowered, url
        assert "crest" not in lowered, url
        assert "govuk-logo" not in lowered, url
        assert "GOV.UK" not in html, url


def test_every_page_has_the_layout_landmarks_and_no_inline_style(client):
    for url, html in _every_page(client).items():
        assert '<html lang="en-GB"' in html, url
        assert 'href="#main-content"' in html, url
        assert 'id="main-content"' in html, url
        assert "Co-operative Councils' Innovation Network" in html, url
        assert "style=" not in html, url
        assert "<style" not in html, url


def test_there_is_no_inline_script_and_no_nonce_so_a_cached_page_fits_every_response(client):
    response = client.get(reverse("casestudies:privacy"))
    html = response.content.decode()
    assert html.count("<script") == 2
    assert '<script src="/static/js/js-enabled.js"></script>' in html
    assert '<script type="module" src="/static/js/app.mjs"></script>' in html
    assert "nonce" not in html
    assert "nonce" not in response["Content-Security-Policy"]


def test_footer_links_to_accessibility_and_privacy(client):
    _, html = get_home(client)
    assert 'href="/accessibility/"' in html
    assert 'href="/privacy/"' in html


def test_no_page_contains_gds_transport_in_the_built_css():
    """The compiled CSS declares no GDS Transport font face (make test builds it first)."""
    from django.conf import settings

    css = settings.BASE_DIR / "static" / "build" / "ccin.css"
    assert css.exists(), "static/build/ccin.css is not built: run npm run build (make test does)"
    text = css.read_text()
    assert "GDS Transport" not in text
    assert "govuk-crest" not in text
    assert "arial" in text.lower()


def test_with_several_open_calls_the_home_page_shows_each_as_open_and_none_under_other_calls(client):
    closed = CallFactory(
        title="The 2019 call",
        eoi_opens_at=london_five_pm(datetime.date(2019, 6, 1)),
        eoi_deadline_at=london_five_pm(datetime.date(2019, 7, 1)),
    )
    sooner = CallFactory(title="Spring call")
    later = CallFactory(title="Summer call", eoi_deadline_at=sooner.eoi_deadline_at + datetime.timedelta(days=20))
    response = client.get(reverse("casestudies:home"))
    html = " ".join(response.content.decode().split())
    lead = response.context["call"]
    assert lead == later
    also = html[html.index("Another call is open too") : html.index("Why we are asking")]
    deadline = sooner.eoi_deadline_at.astimezone(LONDON)
    assert "Spring call" in also
    assert f"Expressions of interest are open until 5pm on {deadline:%A} {deadline.day} {deadline:%B %Y}." in also
    others = html[html.index("Earlier calls") :]
    assert closed.title in others and "Spring call" not in others and "Other calls" not in html
