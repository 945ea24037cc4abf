"""The Welsh service in Chromium (issue 16): an expression of interest at /cy/ and a case study by
its private link at /cy/write/<token>/, from the form through the error state to the
confirmation, every page Welsh by its address and passing axe; and the language switch keeps
the reader on the same page. Until the catalogue is translated most words are still English,
so these steps find things by structure (ids, roles, addresses, ``lang``), not by Welsh words."""

import re

import pytest
from playwright.sync_api import expect

from casestudies.models import CaseStudy, ExpressionOfInterest

from ..factories import PrincipleFactory, StaffUserFactory, words
from .conftest import axe_check
from .test_case_study_journey import an_invited_case_study, the_link
from .test_eoi_journey import an_open_call_with_councils

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_cache(settings, tmp_path):
    from django.core.cache import cache

    cache.clear()
    settings.MEDIA_ROOT = tmp_path / "media"


# --- then ----------------------------------------------------------------------------------------


def the_page_is_welsh(page, path_pattern: str):
    expect(page).to_have_url(re.compile(path_pattern))
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    switch = page.locator(".ccin-language-switch__link")
    expect(switch).to_have_text("English")
    expect(switch).to_have_attribute("lang", "en-GB")
    expect(switch).to_have_attribute("hreflang", "en-GB")


def the_error_summary_leads(page):
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    assert page.title().startswith("Gwall: ")  # "Error: ", translated in this branch
    return summary


# --- journeys ------------------------------------------------------------------------------------


def test_an_officer_sends_an_expression_of_interest_in_welsh(page, live_server):
    call = an_open_call_with_councils()
    themes = list(call.themes.order_by("order"))
    form = f"/cy/calls/{call.slug}/expression-of-interest/"
    page.goto(live_server.url + f"/cy/calls/{call.slug}/")
    the_page_is_welsh(page, rf"/cy/calls/{call.slug}/$")
    page.locator(f'a.govuk-button--start[href="{form}"]').click()
    the_page_is_welsh(page, re.escape(form) + "$")
    axe_check(page)

    # Continue with nothing filled in: the error state, in Welsh, at the Welsh address.
    page.locator('button.govuk-button[value="continue"]').click()
    summary = the_error_summary_leads(page)
    the_page_is_welsh(page, re.escape(form))
    axe_check(page)
    summary.locator("a").first.click()

    page.locator("#id_council").fill("Old")
    page.get_by_role("option", name="Oldham Council").click()
    page.locator("#id_contact_name").fill("Alex Officer")
    page.locator("#id_contact_role").fill("Head of Communities")
    page.locator("#id_contact_email").fill("alex.officer@example.gov.uk")
    page.locator("#id_contributions-0-theme").select_option(value=str(themes[0].pk))
    page.locator("#id_contributions-0-description").fill(words(60))
    page.locator('button.govuk-button[value="continue"]').click()

    the_page_is_welsh(page, re.escape(form) + "check/$")
    axe_check(page)
    page.locator("main form button[type=submit]").click()

    the_page_is_welsh(page, re.escape(form) + "confirmation/$")
    eoi = ExpressionOfInterest.objects.get()
    expect(page.locator(".govuk-panel__body")).to_contain_text(eoi.reference)
    axe_check(page)


def test_a_council_writes_its_case_study_in_welsh_by_its_private_link(page, live_server):
    case_study = an_invited_case_study(StaffUserFactory())
    PrincipleFactory(name="Learning")
    link = the_link(live_server, case_study)
    welsh = link.replace(live_server.url, live_server.url + "/cy", 1)
    token_path = re.escape(welsh.removeprefix(live_server.url))
    page.goto(welsh)
    the_page_is_welsh(page, token_path + "$")
    axe_check(page)

    page.locator('button.govuk-button[value="continue"]').click()
    the_error_summary_leads(page)
    the_page_is_welsh(page, token_path)
    axe_check(page)

    page.locator("#id_title").fill("Food hubs that neighbours ran")
    page.locator("#id_standfirst").fill("Residents and the council ran food hubs together in the first lockdown.")
    page.locator("#id_body").fill(words(300))
    page.locator('input[name="principles"]').first.check()
    page.locator("#id_partners").fill("The food bank and the tenants' federation.")
    page.locator("#id_outcomes").fill("Every household that asked for help got it within a day.")
    page.locator("#id_enquiry_name").fill("Sam Contact")
    page.locator("#id_enquiry_role").fill("Community hubs manager")
    page.locator("#id_enquiry_email").fill("sam.contact@example.gov.uk")
    page.locator('button.govuk-button[value="continue"]').click()

    the_page_is_welsh(page, token_path + "check/$")
    axe_check(page)
    page.locator("main form button[type=submit]").click()
    the_page_is_welsh(page, token_path + "sent/$")
    axe_check(page)
    case_study.refresh_from_db()
    assert case_study.status == CaseStudy.Status.SUBMITTED


def test_the_language_switch_keeps_the_reader_on_the_same_page(page, live_server):
    call = an_open_call_with_councils()
    page.goto(live_server.url + f"/case-studies/?theme={call.themes.first().slug}")
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")
    page.get_by_role("link", name="Cymraeg").click()
    expect(page).to_have_url(re.compile(rf"/cy/case-studies/\?theme={call.themes.first().slug}$"))
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    axe_check(page)
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(live_server.url)}/case-studies/\?theme="))
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")
    # The home page is English at / (tests/test_language.py: a Welsh browser that chose English stays).
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")
