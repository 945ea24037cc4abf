"""An invited council writes its case study in English and Welsh through its private link, in
Chromium: the language question reveals the Welsh fields, each text has its own word count and
its own errors, the check page and the public page mark the Welsh text. axe checks each page in
its normal and error states; without JavaScript every field is on the page."""

import pytest
from playwright.sync_api import expect

from casestudies import links, workflow
from casestudies.models import CaseStudy

from ..factories import StaffUserFactory, words
from .conftest import axe_check
from .test_case_study_journey import an_invited_case_study, complete_the_rest, press

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
S = CaseStudy.Status
WELSH_SENTENCE = "Rhannodd cymuned y dref bwyd gyda chymdogion bob dydd eleni. "


def welsh(count: int) -> str:
    return " ".join((WELSH_SENTENCE * (count // 10 + 1)).split()[:count])


# --- when ----------------------------------------------------------------------------------------


def write_the_english(page):
    page.get_by_label("Title", exact=True).fill("Food hubs that neighbours ran")
    page.get_by_label("Standfirst", exact=True).fill("Residents and the council ran food hubs together.")
    page.get_by_label("Your case study", exact=True).fill(words(300))


def write_the_welsh(page, body: str):
    page.get_by_label("Title in Welsh").fill("Hybiau bwyd a redwyd gan gymdogion")
    page.get_by_label("Standfirst in Welsh").fill("Rhedodd y trigolion a'r cyngor hybiau bwyd gyda'i gilydd.")
    page.get_by_label("Your case study in Welsh").fill(body)
    page.get_by_label("Outcomes and learning in Welsh").fill("Cafodd pob cartref help o fewn diwrnod.")


# --- the journey ---------------------------------------------------------------------------------


def test_a_council_writes_its_case_study_in_english_and_welsh(chromium, page, live_server, tmp_path):
    editor = StaffUserFactory()
    case_study = an_invited_case_study(editor)
    link = live_server.url + links.case_study_link_url(case_study, absolute=False)

    # The form asks the language first; English is chosen, so the Welsh fields are out of the way.
    page.goto(link)
    expect(page.get_by_role("group", name="Which language will you write your case study in?")).to_be_visible()
    expect(page.get_by_label("English", exact=True)).to_be_checked()
    expect(page.get_by_label("Title in Welsh")).to_be_hidden()
    axe_check(page)

    # Choosing Cymraeg shows the Welsh fields and hides the English; "both" shows both.
    page.get_by_label("Cymraeg", exact=True).check()
    expect(page.get_by_label("Title in Welsh")).to_be_visible()
    expect(page.get_by_label("Title", exact=True)).to_be_hidden()
    page.get_by_label("Both (English and Cymraeg)").check()
    expect(page.get_by_label("Title", exact=True)).to_be_visible()
    expect(page.get_by_label("Title in Welsh")).to_be_visible()
    expect(page.get_by_label("Your case study in Welsh")).to_have_attribute("lang", "cy")
    axe_check(page)

    # Both texts, the Welsh one too short: its own count, and its own error, named.
    write_the_english(page)
    write_the_welsh(page, welsh(120))
    welsh_count = page.locator("#id_body_cy ~ [data-word-count-message]")
    expect(welsh_count).to_contain_text("You have written 120 words.")
    complete_the_rest(page)
    press(page, "Continue")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("The case study in Welsh must be 250 to 350 words; it has 120.")
    expect(summary).not_to_contain_text("The case study must be")
    expect(page.get_by_label("Both (English and Cymraeg)")).to_be_checked()
    expect(page.get_by_label("Title in Welsh")).to_be_visible()
    axe_check(page)
    summary.get_by_role("link", name="The case study in Welsh must be 250 to 350 words; it has 120.").click()
    expect(page.get_by_label("Your case study in Welsh")).to_be_focused()

    # Put right, checked (the Welsh text marked Welsh), submitted.
    page.get_by_label("Your case study in Welsh").fill(welsh(300))
    press(page, "Continue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your case study before you submit it")
    expect(page.locator('.ccin-answer-text[lang="cy"]').first).to_contain_text("Rhannodd cymuned y dref")
    expect(page.locator("main")).to_contain_text("Case study in Welsh")
    axe_check(page)
    page.screenshot(path="/tmp/ccin-lang-check.png", full_page=True)
    press(page, "Submit case study")
    expect(page.locator(".govuk-panel__title")).to_have_text("Case study submitted")
    axe_check(page)
    case_study.refresh_from_db()
    assert case_study.status == S.SUBMITTED and case_study.language == CaseStudy.TextLanguage.BOTH

    # Published: the English page leads with the English text, the Welsh after it, marked Welsh.
    workflow.case_study_approve(case_study=case_study, by=editor)
    published = workflow.case_study_publish(case_study=case_study, by=editor)
    page.goto(live_server.url + published.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Food hubs that neighbours ran")
    expect(page.locator('.ccin-other-language__text[lang="cy"]')).to_contain_text("Hybiau bwyd a redwyd gan gymdogion")
    page.get_by_role("link", name="read it in Welsh").click()
    axe_check(page)
    page.screenshot(path="/tmp/ccin-lang-public.png", full_page=True)


def test_without_javascript_every_field_of_both_languages_is_on_the_form(chromium, live_server):
    case_study = an_invited_case_study(StaffUserFactory())
    context = chromium.new_context(java_script_enabled=False, locale="en-GB")
    try:
        page = context.new_page()
        page.goto(live_server.url + links.case_study_link_url(case_study, absolute=False))
        expect(page.get_by_label("Title", exact=True)).to_be_visible()
        expect(page.get_by_label("Title in Welsh")).to_be_visible()
        expect(page.get_by_label("Your case study in Welsh")).to_be_visible()
        # (axe runs as a script, so it checks this form in the journey above, with JavaScript on.)
    finally:
        context.close()
