"""An invited council writes its case study in Chromium, the editors send it back, approve and publish
it, and it appears publicly. axe checks every council-facing page, its error states included, and
each page a link can lead to when something is wrong."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from casestudies import links, workflow
from casestudies.models import Call, CaseStudy, Principle
from casestudies.workflow import case_study_revoke_link

from ..case_study_helpers import image_bytes
from ..factories import (
    CallFactory,
    CallThemeFactory,
    ContributionFactory,
    CouncilFactory,
    ExpressionOfInterestFactory,
    PrincipleFactory,
    StaffUserFactory,
    ThemeFactory,
    words,
)
from .conftest import axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery-staple"
S = CaseStudy.Status


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# --- given ---------------------------------------------------------------------------------------


def an_invited_case_study(editor) -> CaseStudy:
    """Oldham's contribution on food, shortlisted and invited the way the steering group does it."""
    call = CallFactory(title="Co-operation through Covid-19")
    for name in ["Food distribution and food security", "Community response hubs and mutual aid"]:
        CallThemeFactory(call=call, theme=ThemeFactory(name=name))
    for name, summary in [
        ("Co-production", "Designing and delivering services with the people who use them."),
        ("Social partnership", "Working as equals with the voluntary, community and business sectors."),
    ]:
        PrincipleFactory(name=name, summary=summary)
    eoi = ExpressionOfInterestFactory(call=call, council=CouncilFactory(name="Oldham Council"))
    contribution = ContributionFactory(eoi=eoi)
    workflow.contribution_shortlist(contribution=contribution, by=editor)
    return workflow.contribution_invite(contribution=contribution, by=editor)


def the_link(live_server, case_study) -> str:
    case_study.refresh_from_db()
    return live_server.url + links.case_study_link_url(case_study, absolute=False)


def a_photo(tmp_path):
    path = tmp_path / "food-hub.jpg"
    path.write_bytes(image_bytes(size=(1600, 1000), colour=(40, 110, 80)))
    return str(path)


# --- when ----------------------------------------------------------------------------------------


def fill_the_case_study(page, body):
    page.get_by_label("Title", exact=True).fill("Food hubs that neighbours ran")
    page.get_by_label("Standfirst", exact=True).fill(
        "Residents and the council ran food hubs together in the first lockdown."
    )
    page.get_by_label("Your case study", exact=True).fill(body)


def complete_the_rest(page):
    page.get_by_label("Co-production").check()
    page.get_by_label("Partners", exact=True).fill("The food bank and the tenants' federation.")
    page.get_by_label("Outcomes and learning", exact=True).fill(
        "Every household that asked for help got it within a day."
    )
    page.get_by_label("Name", exact=True).fill("Sam Contact")
    page.get_by_label("Role", exact=True).fill("Community hubs manager")
    page.get_by_label("Email address").fill("sam.contact@example.gov.uk")
    page.get_by_label("Publish this contact with the case study").check()
    page.get_by_label("Open Government Licence v3.0").check()


def press(page, name):
    page.get_by_role("button", name=name, exact=True).click()


def editor_logs_in(chromium, live_server, editor):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_be_visible()
    return context, page


def editor_opens(page, live_server, case_study):
    page.goto(live_server.url + f"/admin/casestudies/casestudy/{case_study.pk}/change/")
    # Django's own admin markup is not ours to fix: axe checks the part this project wrote.
    axe_check(page, context=".ccin-admin-workflow")


# --- then ----------------------------------------------------------------------------------------


def the_status_is(case_study, status):
    case_study.refresh_from_db()
    assert case_study.status == status


# --- the journey ---------------------------------------------------------------------------------


def test_invited_council_writes_editors_send_it_back_then_publish_it(chromium, page, live_server, tmp_path):
    editor = StaffUserFactory()
    case_study = an_invited_case_study(editor)
    link = the_link(live_server, case_study)

    # The council opens its link and saves a 120-word draft.
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Write your case study")
    expect(page.get_by_text("Co-production")).to_be_visible()
    expect(page.get_by_text("Designing and delivering services with the people who use them.")).to_be_visible()
    expect(page.get_by_label("Creative Commons Attribution 4.0 International (CC BY 4.0)")).to_be_checked()
    axe_check(page)
    fill_the_case_study(page, words(120))
    expect(page.locator("#id_body ~ [data-word-count-message]")).to_contain_text("You have written 120 words.")
    press(page, "Save draft")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Your draft has been saved")
    axe_check(page)

    # Continuing with 120 words: saved, and told what to put right.
    press(page, "Continue")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("The case study must be 250 to 350 words; it has 120.")
    expect(summary).to_contain_text("Choose at least one co-operative principle")
    assert page.title().startswith("Error: ")
    axe_check(page)
    summary.get_by_role("link", name="Choose at least one co-operative principle").click()
    expect(page.get_by_label("Co-production")).to_be_focused()

    # They come back later: the draft is there.
    page.goto(link)
    expect(page.get_by_label("Your case study", exact=True)).to_have_value(words(120))

    # They finish at 300 words, add a photo but forget its description.
    fill_the_case_study(page, words(300))
    complete_the_rest(page)
    page.get_by_label("Upload an image").set_input_files(a_photo(tmp_path))
    press(page, "Continue")
    expect(summary).to_contain_text("Enter a description of the image (alt text)")
    expect(page.locator("#unsaved-upload")).to_contain_text("food-hub.jpg")
    expect(page.get_by_label("Your case study", exact=True)).to_have_value(words(300))
    axe_check(page)
    summary.get_by_role("link", name="Enter a description of the image (alt text)").click()
    expect(page.get_by_label("Image description (alt text)")).to_be_focused()
    page.get_by_label("Image description (alt text)").fill("Volunteers packing food parcels at a community hub")
    page.get_by_label("Image credit").fill("Photo: Oldham Council")
    page.get_by_label("Upload an image").set_input_files(a_photo(tmp_path))
    press(page, "Continue")

    # Check, then submit.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your case study before you submit it")
    expect(page.get_by_role("img", name="Volunteers packing food parcels at a community hub")).to_be_visible()
    expect(page.locator("main")).to_contain_text("300 words")
    axe_check(page)
    press(page, "Submit case study")
    expect(page.locator(".govuk-panel__title")).to_have_text("Case study submitted")
    axe_check(page)
    the_status_is(case_study, S.SUBMITTED)
    submitted_emails = [
        m for m in mail.outbox if m.subject.startswith(("We have your case study", "Case study submitted"))
    ]
    assert sorted(m.to[0] for m in submitted_emails) == sorted(
        ["comms@councils.coop", case_study.contribution.eoi.contact_email]
    )

    # The editor logs in through the login page and asks for changes.
    context, admin = editor_logs_in(chromium, live_server, editor)
    try:
        editor_opens(admin, live_server, case_study)
        admin.get_by_role("link", name="Request changes").click()
        expect(admin.get_by_role("heading", level=1)).to_have_text("Confirm: Request changes")
        axe_check(admin, context="#content-main")  # the page is ours inside Django's admin frame
        confirm = admin.get_by_role("button", name="Yes: Request changes (1 case study)")
        confirm.click()
        expect(admin.locator(".errorlist")).to_contain_text("Say what needs to change")
        expect(admin).to_have_title(re.compile(r"^Error: "))
        axe_check(admin, context="#content-main")
        admin.get_by_label("What needs to change").fill("Please name the food bank, and say how many households.")
        confirm.click()
        expect(admin.locator(".ccin-messages")).to_contain_text("1 case study sent back for changes")
        the_status_is(case_study, S.CHANGES_REQUESTED)

        # The council opens its link, sees the comment, edits and resubmits.
        page.goto(link)
        banner = page.locator(".govuk-notification-banner")
        expect(banner).to_contain_text("Changes requested")
        expect(banner).to_contain_text("Please name the food bank, and say how many households.")
        axe_check(page)
        page.get_by_label("Partners", exact=True).fill("Oldham Food Bank and the tenants' federation.")
        page.get_by_label("Your case study", exact=True).fill(words(290))
        press(page, "Continue")
        press(page, "Submit case study")
        expect(page.locator(".govuk-panel__title")).to_have_text("Case study submitted")
        the_status_is(case_study, S.SUBMITTED)

        # The editor approves and publishes.
        editor_opens(admin, live_server, case_study)
        admin.get_by_role("link", name="Approve…").click()
        axe_check(admin, context="#content-main")
        admin.get_by_role("button", name="Yes: Approve (1 case study)").click()
        expect(admin.locator(".ccin-messages")).to_contain_text("1 case study approved")
        admin.get_by_role("link", name="Publish…").click()
        admin.get_by_role("button", name="Yes: Publish (1 case study)").click()
        expect(admin.locator(".ccin-messages")).to_contain_text("1 case study published")
        the_status_is(case_study, S.PUBLISHED)
    finally:
        context.close()

    # The case study appears publicly.
    page.goto(live_server.url + case_study.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Food hubs that neighbours ran")
    expect(page.get_by_role("img", name="Volunteers packing food parcels at a community hub")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Oldham Food Bank")
    expect(page.locator("main")).to_contain_text("Principles met")
    expect(page.locator("main")).to_contain_text("Photo: Oldham Council")
    licence = page.get_by_role("link", name="Open Government Licence v3.0")
    expect(licence).to_have_attribute(
        "href", "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    )
    expect(page.locator(".ccin-attribution")).to_contain_text("licensed under the Open Government Licence v3.0")
    axe_check(page)
    # And the council's link now says it is published, with a link to it.
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your case study is published")
    axe_check(page)


def test_two_tabs_the_later_save_shows_both_texts_and_saves_nothing(chromium, live_server):
    case_study = an_invited_case_study(StaffUserFactory())
    link = the_link(live_server, case_study)
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    try:
        first, second = context.new_page(), context.new_page()
        first.goto(link)
        second.goto(link)
        first.get_by_label("Your case study", exact=True).fill("The first tab's words.")
        first.get_by_role("button", name="Save draft", exact=True).click()
        second.get_by_label("Your case study", exact=True).fill("The second tab's words.")
        second.get_by_role("button", name="Save draft", exact=True).click()
        conflict = second.locator("#conflict")
        expect(conflict).to_contain_text("The first tab's words.")
        expect(conflict).to_contain_text("The second tab's words.")
        expect(second.get_by_label("Your case study", exact=True)).to_have_value("The second tab's words.")
        axe_check(second)
        case_study.refresh_from_db()
        assert case_study.body == "The first tab's words."
    finally:
        context.close()


def test_each_page_a_link_can_lead_to_says_what_to_do_and_passes_axe(page, live_server):
    editor = StaffUserFactory()
    case_study = an_invited_case_study(editor)
    page.goto(live_server.url + "/write/not-a-real-link/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    expect(page.locator("main")).to_contain_text("comms@councils.coop")
    axe_check(page)

    old = the_link(live_server, case_study)
    case_study_revoke_link(case_study=case_study, by=editor)
    page.goto(old)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link has been replaced")
    axe_check(page)

    other = an_invited_case_study_in_a_closed_call(editor)
    page.goto(the_link(live_server, other))
    expect(page.get_by_role("heading", level=1)).to_have_text("Editing has closed")
    expect(page.locator("main")).to_contain_text("A draft written before the deadline")
    axe_check(page)


def an_invited_case_study_in_a_closed_call(editor) -> CaseStudy:
    now = timezone.now()
    call = CallFactory(
        eoi_opens_at=now - datetime.timedelta(days=90),
        eoi_deadline_at=now - datetime.timedelta(days=60),
        case_study_deadline_at=now - datetime.timedelta(days=1),
    )
    CallThemeFactory(call=call)
    if not Principle.objects.exists():
        PrincipleFactory()
    contribution = ContributionFactory(eoi=ExpressionOfInterestFactory(call=call))
    workflow.contribution_shortlist(contribution=contribution, by=editor)
    case_study = workflow.contribution_invite(contribution=contribution, by=editor)
    # Written before the deadline: the deadline is moved back afterwards.
    Call.objects.filter(pk=call.pk).update(case_study_deadline_at=now + datetime.timedelta(days=1))
    workflow.case_study_save(
        case_study=case_study, changes={"body": "A draft written before the deadline."}, expected_version=1
    )
    Call.objects.filter(pk=call.pk).update(case_study_deadline_at=now - datetime.timedelta(days=1))
    return case_study
