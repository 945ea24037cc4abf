"""A council that is not in the list, in Chromium with JavaScript: "My council is not listed"
is offered in the search's no-match state and reached by keyboard alone and by mouse; the
typed name goes into the name field and is kept through an error and on the check page.
axe checks the no-match state and the error state. Screenshots of the no-match state are
left in test-artifacts/ to look at."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from casestudies.models import ExpressionOfInterest

from ..factories import words
from .conftest import ARTIFACTS, axe_check
from .test_eoi_journey import an_open_call_with_councils, fill_contact, fill_contribution

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNKNOWN = "Newcastle City Council"
OFFER = f"My council is not listed: send “{UNKNOWN}”"
NAME_LABEL = "If your council is not listed, its name"


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()


# --- given / when --------------------------------------------------------------------------------


def open_the_form(page, live_server):
    call = an_open_call_with_councils()
    page.goto(live_server.url + f"/calls/{call.slug}/expression-of-interest/")
    return call


def type_an_unknown_council(page):
    box = page.locator("#id_council")  # the search box takes the select's id
    box.focus()
    page.keyboard.type(UNKNOWN)
    expect(page.get_by_role("option", name=OFFER)).to_be_visible()
    return box


def screenshot(page, name: str) -> None:
    folder = Path(ARTIFACTS)
    folder.mkdir(exist_ok=True)
    page.locator("#id_council").locator("xpath=ancestor::div[contains(@class, 'govuk-form-group')]").screenshot(
        path=str(folder / f"{name}.png")
    )


# --- then ----------------------------------------------------------------------------------------


def not_listed_is_chosen_with_the_name(page):
    expect(page.locator("#id_council")).to_have_value("My council is not listed")
    expect(page.locator("#id_council-select")).to_have_value("not-listed")
    expect(page.get_by_label(NAME_LABEL)).to_have_value(UNKNOWN)


def the_check_page_shows_the_name(page):
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your expression of interest"
    )
    council_row = page.locator(".govuk-summary-list__row", has_text="Council").first
    expect(council_row).to_contain_text(UNKNOWN)
    expect(council_row).to_contain_text("Not in our list of councils")


# --- journeys ------------------------------------------------------------------------------------


def test_by_keyboard_alone_not_listed_is_reached_from_no_match_and_the_name_kept_through_an_error(page, live_server):
    open_the_form(page, live_server)
    type_an_unknown_council(page)
    # The no-match state: the only suggestion is "not listed", with the typed name; a screen
    # reader hears it as the one result.
    expect(page.locator("#id_council__listbox").get_by_role("option")).to_have_count(1)
    expect(page.locator(".autocomplete__wrapper [role=status]").first).to_contain_text("1 result")
    screenshot(page, "eoi-council-no-match")
    axe_check(page)
    # It is highlighted as the one result (and the status says so), so Enter chooses it.
    expect(page.get_by_role("option", name=OFFER)).to_have_class(re.compile("autocomplete__option--focused"))
    expect(page.locator(".autocomplete__wrapper [role=status]").first).to_contain_text("is highlighted")
    page.keyboard.press("Enter")
    not_listed_is_chosen_with_the_name(page)
    page.keyboard.press("Tab")
    expect(page.get_by_label(NAME_LABEL)).to_be_focused()

    fill_contact(page)
    page.get_by_label("Email address").fill("not an email")
    fill_contribution(page, 0, "Social care", words(60))
    page.get_by_label("Email address").focus()
    page.keyboard.press("Enter")  # Enter in a field continues

    expect(page.locator(".govuk-error-summary")).to_be_visible()
    not_listed_is_chosen_with_the_name(page)
    screenshot(page, "eoi-council-error-state")
    axe_check(page)
    page.get_by_label("Email address").fill("alex.officer@example.gov.uk")
    page.get_by_label("Email address").focus()
    page.keyboard.press("Enter")

    the_check_page_shows_the_name(page)
    page.get_by_role("button", name="Accept and send").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-panel__title")).to_have_text("Expression of interest sent")
    eoi = ExpressionOfInterest.objects.get()
    assert (eoi.council, eoi.council_name) == (None, UNKNOWN)


def test_by_mouse_not_listed_is_chosen_and_the_typed_name_goes_with_it(page, live_server):
    open_the_form(page, live_server)
    type_an_unknown_council(page)
    page.get_by_role("option", name=OFFER).click()
    not_listed_is_chosen_with_the_name(page)
    fill_contact(page)
    fill_contribution(page, 0, "Social care", words(60))
    page.get_by_role("button", name="Continue", exact=True).last.click()
    the_check_page_shows_the_name(page)


def test_continue_straight_after_typing_keeps_the_name(page, live_server):
    open_the_form(page, live_server)
    fill_contact(page)
    fill_contribution(page, 0, "Social care", words(60))
    type_an_unknown_council(page)
    # Leaving the box confirms the highlighted suggestion, as the library does for any match:
    # here the only one, "not listed" with the typed name, which goes into the name field.
    page.get_by_role("button", name="Continue", exact=True).last.click()
    the_check_page_shows_the_name(page)
    page.get_by_role("link", name="Change council").click()
    not_listed_is_chosen_with_the_name(page)


def test_a_council_chosen_and_then_replaced_by_an_unknown_name_is_not_sent(page, live_server):
    open_the_form(page, live_server)
    box = page.locator("#id_council")
    box.fill("Old")
    page.get_by_role("option", name="Oldham Council").click()
    expect(page.locator("#id_council-select")).not_to_have_value("")
    box.fill(UNKNOWN)
    # Leaving the box confirms the highlighted suggestion, as the library does: here the only
    # one, "not listed" with the typed name. Oldham is no longer chosen.
    page.get_by_label("Your full name").click()
    not_listed_is_chosen_with_the_name(page)
