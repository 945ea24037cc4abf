"""The call page and the standing pages in Chromium: content, keyboard, scripts under the CSP, axe."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ..factories import CallFactory, CallThemeFactory, london_five_pm
from .conftest import axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def the_2020_call():
    """Given the 2020 call, deadline Friday 7 August 2020 at 17:00 (so closed by now)."""
    call = CallFactory(
        title="Co-operation through Covid-19",
        slug="co-operation-through-covid-19",
        eoi_opens_at=datetime.datetime(2020, 7, 6, 8, 0, tzinfo=datetime.UTC),
        eoi_deadline_at=london_five_pm(datetime.date(2020, 8, 7)),
        councils_notified_week=datetime.date(2020, 8, 17),
        case_study_deadline_at=london_five_pm(datetime.date(2020, 9, 7)),
        publication_month=datetime.date(2020, 10, 1),
    )
    for _ in range(3):
        CallThemeFactory(call=call)
    return call


def a_call_in_state(state: str):
    """Given a call whose EOIs are open, closed or not yet open, relative to now."""
    today = timezone.localdate()
    if state == "open":
        call = CallFactory()
    elif state == "not_yet_open":
        call = CallFactory(
            eoi_opens_at=timezone.now() + datetime.timedelta(days=3),
            eoi_deadline_at=london_five_pm(today + datetime.timedelta(days=20)),
        )
    else:
        call = CallFactory(
            eoi_opens_at=timezone.now() - datetime.timedelta(days=40),
            eoi_deadline_at=london_five_pm(today - datetime.timedelta(days=5)),
        )
    for _ in range(3):
        CallThemeFactory(call=call)
    return call


def watch_for_errors(page) -> list[str]:
    """Collect console errors (a CSP refusal shows here) and uncaught exceptions."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_home_page_shows_the_call_and_its_timetable(page, live_server):
    the_2020_call()
    errors = watch_for_errors(page)
    page.goto(live_server.url + "/")
    expect(page).to_have_title("Co-operation through Covid-19 – CCIN case studies")
    expect(page.get_by_role("heading", level=1)).to_have_text("Co-operation through Covid-19")
    timetable = page.locator(".govuk-summary-list")
    expect(timetable).to_contain_text("5pm")
    expect(timetable).to_contain_text("Friday 7 August 2020")
    expect(timetable).to_contain_text("Week commencing Monday 17 August 2020")
    expect(timetable).to_contain_text("October 2020")
    expect(page.locator("body")).to_have_class("govuk-template__body js-enabled govuk-frontend-supported")
    assert errors == []
    axe_check(page)


@pytest.mark.parametrize("state", ["open", "closed", "not_yet_open"])
def test_call_page_in_each_state_passes_axe(page, live_server, state):
    call = a_call_in_state(state)
    errors = watch_for_errors(page)
    page.goto(live_server.url + call.get_absolute_url())
    expect(page.locator(f'[data-eoi-state="{state}"]')).to_be_visible()
    start = page.get_by_role("button", name="Submit an expression of interest")
    expect(start).to_have_count(1 if state == "open" else 0)
    assert errors == []
    axe_check(page)


def test_skip_link_moves_focus_to_main_content_by_keyboard(page, live_server):
    the_2020_call()
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main#main-content")).to_be_focused()


def test_empty_site_home_page_passes_axe(page, live_server):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("CCIN case studies")
    axe_check(page)


def test_404_page_passes_axe(page, live_server):
    response = page.goto(live_server.url + "/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    axe_check(page)


@pytest.mark.parametrize(
    ("path", "heading"),
    [("/accessibility/", "Accessibility statement for CCIN case studies"), ("/privacy/", "Privacy notice")],
)
def test_standing_pages_pass_axe_and_are_reached_from_the_footer(page, live_server, path, heading):
    page.goto(live_server.url + "/no-such-page/")
    link_text = "Accessibility statement" if path == "/accessibility/" else "Privacy notice"
    page.get_by_role("contentinfo").get_by_role("link", name=link_text).click()
    expect(page).to_have_url(live_server.url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    axe_check(page)


def test_service_name_in_the_header_leads_home(page, live_server):
    page.goto(live_server.url + "/privacy/")
    page.get_by_role("link", name="CCIN case studies").click()
    expect(page).to_have_url(live_server.url + "/")


def test_home_page_with_two_open_calls_shows_both_as_open(page, live_server):
    import os

    the_2020_call()
    CallFactory(title="Spring call")
    CallFactory(title="Summer call", eoi_deadline_at=london_five_pm(timezone.localdate() + datetime.timedelta(days=30)))
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Summer call")
    expect(page.locator(".ccin-also-open")).to_contain_text("Spring call")
    expect(page.locator(".ccin-also-open")).to_contain_text("Expressions of interest are open until 5pm")
    expect(page.get_by_role("heading", name="Earlier calls")).to_be_visible()
    if os.environ.get("CCIN_SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['CCIN_SCREENSHOTS']}/home-two-open.png", full_page=True)
    axe_check(page)
