"""A council officer sends an expression of interest in Chromium: with JavaScript, without it,
and by keyboard alone; axe checks the form, its error state, the check page and the confirmation."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from casestudies.models import ExpressionOfInterest, SavedEoi

from ..factories import CallFactory, CallThemeFactory, CouncilFactory, ThemeFactory, words
from .conftest import axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()


# --- given ---------------------------------------------------------------------------------------


def an_open_call_with_councils():
    call = CallFactory(title="Co-operation through Covid-19")
    for name in ["Food distribution and food security", "Community response hubs and mutual aid", "Social care"]:
        CallThemeFactory(call=call, theme=ThemeFactory(name=name))
    for name in ["Oldham Council", "Kirklees Council", "Cardiff Council"]:
        CouncilFactory(name=name)
    return call


# --- when ----------------------------------------------------------------------------------------


def start_from_the_call_page(page, live_server, call):
    page.goto(live_server.url + call.get_absolute_url())
    page.get_by_role("button", name="Submit an expression of interest").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Submit an expression of interest")


def fill_contact(page):
    page.get_by_label("Your full name").fill("Alex <b>Officer</b>")
    page.get_by_label("Your role").fill("Head of Communities")
    page.get_by_label("Email address").fill("alex.officer@example.gov.uk")
    page.get_by_label("Phone number (optional)").fill("01632 960 001")


def fill_contribution(page, index, theme, text):
    page.locator(f"#id_contributions-{index}-theme").select_option(label=theme)
    page.locator(f"#id_contributions-{index}-description").fill(text)


# --- then ----------------------------------------------------------------------------------------


def the_eoi_was_saved_and_acknowledged(page, themes):
    expect(page.locator(".govuk-panel__title")).to_have_text("Expression of interest sent")
    eoi = ExpressionOfInterest.objects.get()
    expect(page.locator(".govuk-panel__body")).to_contain_text(eoi.reference)
    assert [c.theme.name for c in eoi.contributions.order_by("position")] == themes
    assert len(mail.outbox) == 1
    assert eoi.reference in mail.outbox[0].subject
    return eoi


# --- journeys ------------------------------------------------------------------------------------


def test_officer_sends_two_contributions_with_javascript(page, live_server):
    call = an_open_call_with_councils()
    start_from_the_call_page(page, live_server, call)
    axe_check(page)

    council = page.locator("#id_council")  # the autocomplete's text input takes the select's id
    council.fill("Old")
    page.get_by_role("option", name="Oldham Council").click()
    fill_contact(page)
    fill_contribution(page, 0, "Food distribution and food security", words(42))
    expect(
        page.locator("#id_contributions-0-description ~ .ccin-word-count__message, .ccin-word-count__message").first
    ).to_contain_text("42 words")
    fill_contribution(page, 0, "Food distribution and food security", words(60))
    page.get_by_role("button", name="Add another contribution").click()
    expect(page.locator("#id_contributions-1-theme")).to_be_focused()
    # What was typed before adding is still there.
    expect(page.locator("#id_contributions-0-description")).to_have_value(words(60))
    expect(page.locator("#id_council")).to_have_value("Oldham Council")
    fill_contribution(page, 1, "Social care", words(70, offset=2))
    page.get_by_role("button", name="Continue", exact=True).last.click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your expression of interest"
    )
    expect(page.locator("main")).to_contain_text("Oldham Council")
    expect(page.locator("main")).to_contain_text("Alex <b>Officer</b>")  # shown as typed, escaped
    axe_check(page)
    page.get_by_role("button", name="Accept and send").click()

    eoi = the_eoi_was_saved_and_acknowledged(page, ["Food distribution and food security", "Social care"])
    assert eoi.council.name == "Oldham Council"
    axe_check(page)


def test_officer_sends_an_eoi_without_javascript(chromium, live_server):
    call = an_open_call_with_councils()
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        start_from_the_call_page(page, live_server, call)
        page.locator("#id_council").select_option(label="My council is not listed")
        page.get_by_label("If your council is not listed, its name").fill("Northmoor Town Council")
        fill_contact(page)
        fill_contribution(page, 0, "Social care", words(55))
        page.get_by_role("button", name="Add another contribution").click()
        fill_contribution(page, 1, "Food distribution and food security", "to be removed")
        page.get_by_role("button", name="Add another contribution").click()
        fill_contribution(page, 2, "Community response hubs and mutual aid", words(65, offset=1))
        page.get_by_role("button", name="Remove contribution 2").click()
        expect(page.locator("#id_contributions-2-description")).to_have_count(0)
        expect(page.locator("#id_contributions-1-description")).to_have_value(words(65, offset=1))
        expect(page.locator("#id_contributions-0-description")).to_have_value(words(55))
        expect(page.get_by_label("If your council is not listed, its name")).to_have_value("Northmoor Town Council")
        page.get_by_role("button", name="Continue", exact=True).last.click()
        page.get_by_role("button", name="Accept and send").click()
        eoi = the_eoi_was_saved_and_acknowledged(page, ["Social care", "Community response hubs and mutual aid"])
        assert eoi.council is None and eoi.council_name == "Northmoor Town Council"
    finally:
        context.close()


def test_errors_are_summarised_linked_to_their_fields_and_keep_what_was_typed(page, live_server):
    call = an_open_call_with_councils()
    page.goto(live_server.url + f"/calls/{call.slug}/expression-of-interest/")
    page.get_by_label("Your full name").fill("Alex Officer")
    page.get_by_label("Email address").fill("not an email")
    fill_contribution(page, 0, "Social care", words(49))
    page.get_by_role("button", name="Continue", exact=True).last.click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter your role")
    expect(summary).to_contain_text("Enter an email address in the correct format")
    expect(summary).to_contain_text("Contribution 1: Description must be at least 50 words; it has 49")
    assert page.title().startswith("Error: ")
    expect(page.get_by_label("Your full name")).to_have_value("Alex Officer")
    expect(page.locator("#id_contributions-0-description")).to_have_value(words(49))
    axe_check(page)

    summary.get_by_role("link", name="Enter your role").click()
    expect(page.get_by_label("Your role")).to_be_focused()
    summary.get_by_role("link", name="Contribution 1: Description must be at least 50 words; it has 49").click()
    expect(page.locator("#id_contributions-0-description")).to_be_focused()


def tab_to(page, selector, limit=80):
    """Press Tab until the element matching ``selector`` has focus (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_whole_journey_works_by_keyboard_alone(page, live_server):
    call = an_open_call_with_councils()
    page.goto(live_server.url + call.get_absolute_url())
    tab_to(page, "a.govuk-button")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Submit an expression of interest")

    tab_to(page, "#id_council")
    page.keyboard.type("Kirk")
    expect(page.get_by_role("option", name="Kirklees Council")).to_be_visible()
    # The first match is highlighted; Enter chooses it. (ArrowDown would move to the next
    # suggestion, which is now always "My council is not listed: send “Kirk”".)
    page.keyboard.press("Enter")
    for selector, text in [
        ("#id_contact_name", "Sam Keys"),
        ("#id_contact_role", "Policy officer"),
        ("#id_contact_email", "sam.keys@example.gov.uk"),
    ]:
        tab_to(page, selector)
        page.keyboard.type(text)
    tab_to(page, "#id_contributions-0-theme")
    page.keyboard.press("ArrowDown")  # the first theme
    tab_to(page, "#id_contributions-0-description")
    page.keyboard.type(words(60))
    tab_to(page, "button.govuk-button[value=continue]:not(.govuk-visually-hidden)")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your expression of interest"
    )
    tab_to(page, "button.govuk-button")
    page.keyboard.press("Enter")
    eoi = the_eoi_was_saved_and_acknowledged(page, ["Food distribution and food security"])
    assert eoi.council.name == "Kirklees Council"


def test_officer_saves_an_unfinished_eoi_and_finishes_it_from_the_emailed_link(chromium, page, live_server):
    call = an_open_call_with_councils()
    page.goto(live_server.url + f"/calls/{call.slug}/expression-of-interest/")
    page.get_by_label("Your full name").fill("Jo Later")
    page.get_by_label("Email address").fill("not an email")
    fill_contribution(page, 0, "Social care", "Just a start")
    page.get_by_role("button", name="Save and come back later").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter your email address so that we can send you a link")
    axe_check(page)
    page.get_by_label("Email address").fill("jo.later@example.gov.uk")
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your answers are saved")
    axe_check(page)

    link = next(line for line in mail.outbox[-1].body.splitlines() if "/resume/" in line).strip()
    other = chromium.new_context(viewport={"width": 375, "height": 800})
    phone = other.new_page()
    try:
        phone.goto(live_server.url + "/" + link.split("/", 3)[3])  # the email names SITE_URL
        expect(phone.locator(".govuk-notification-banner")).to_contain_text("Your saved answers are back")
        expect(phone.get_by_label("Your full name")).to_have_value("Jo Later")
        expect(phone.locator("#id_contributions-0-description")).to_have_value("Just a start")
        axe_check(phone)
        phone.locator("#id_council").fill("Card")
        phone.get_by_role("option", name="Cardiff Council").click()
        phone.get_by_label("Your role").fill("Officer")
        fill_contribution(phone, 0, "Social care", words(52))
        phone.get_by_role("button", name="Continue", exact=True).last.click()
        phone.get_by_role("button", name="Accept and send").click()
        expect(phone.locator(".govuk-panel__title")).to_have_text("Expression of interest sent")
    finally:
        other.close()
    assert ExpressionOfInterest.objects.get().contact_email == "jo.later@example.gov.uk"
    assert not SavedEoi.objects.exists()
