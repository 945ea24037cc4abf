"""An editor in Chromium: approves a submitted case study through its confirmation page (which
names the council and previews the email), previews the public page ("Preview – not published",
noindex), publishes from the preview, and a reader finds it through the header's "Publications".
Axe checks the confirmation page, the preview and the publications list."""

import datetime
import os

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from casestudies.models import CaseStudy, Publication

from ..case_study_helpers import invited_case_study, write_and_submit
from ..factories import EditorFactory, ReviewerFactory
from .conftest import axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"
SHOTS = os.environ.get("CCIN_SCREENSHOTS", "")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def an_editor_in_both_groups():
    editor = EditorFactory(username="jo.editor", first_name="Jo", last_name="Bloggs")
    editor.groups.add(*ReviewerFactory().groups.all())
    return editor


def sign_in(page, live_server, username="jo.editor"):
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#user-tools")).to_contain_text("Jo")


def test_editor_approves_previews_and_publishes_and_a_reader_finds_the_publication(page, live_server):
    case_study = invited_case_study(contact_email="officer@council.example")
    write_and_submit(case_study, title="Food hubs that neighbours ran")
    an_editor_in_both_groups()
    sign_in(page, live_server)
    change = f"{live_server.url}/admin/casestudies/casestudy/{case_study.pk}/change/"

    # Approve, through the confirmation page.
    page.goto(change)
    page.get_by_role("link", name="Approve…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm: Approve")
    expect(page.locator(".ccin-recipients")).to_contain_text("officer@council.example")
    expect(page.locator(".ccin-email")).to_contain_text("approved your case study")
    axe_check(page)
    shot(page, "confirm-approve")
    page.get_by_label("Note for the record (optional)").fill("Ready to go.")
    page.get_by_role("button", name="Yes: Approve (1 case study)").click()
    expect(page.locator(".ccin-messages")).to_contain_text("1 case study approved")
    expect(page.locator(".ccin-messages")).to_contain_text("1 email sent.")
    expect(page.locator("#content")).to_contain_text("Approved by Jo Bloggs")
    expect(page.locator("#content")).to_contain_text(": Ready to go.")

    # Preview the public page.
    page.get_by_role("link", name="Preview the public page").click()
    expect(page.get_by_role("heading", name="Preview – not published")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Food hubs that neighbours ran")
    assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex, nofollow"
    axe_check(page)
    shot(page, "preview")

    # Publish from the preview.
    page.get_by_role("link", name="Publish…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm: Publish")
    expect(page.locator(".ccin-email")).to_contain_text("/case-studies/")
    axe_check(page)
    page.get_by_role("button", name="Yes: Publish (1 case study)").click()
    expect(page.locator(".ccin-messages")).to_contain_text("1 case study published")
    case_study.refresh_from_db()
    assert case_study.status == CaseStudy.Status.PUBLISHED
    published = [m for m in mail.outbox if "is published" in m.subject]
    assert published and f"/case-studies/{case_study.slug}/" in published[0].body

    # A reader finds it through the publications list.
    Publication.objects.create(
        call=case_study.call,
        title="Co-operation through Covid-19",
        slug="covid-19",
        introduction="How councils worked with residents.",
        published_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    page.context.clear_cookies()
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Publications").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publications")
    expect(page.locator(".ccin-publication-list")).to_contain_text("1 case study")
    expect(page.locator(".ccin-publication-list")).to_contain_text("(PDF, ")
    axe_check(page)
    shot(page, "publications")
    page.goto(live_server.url + f"/case-studies/{case_study.slug}/")
    expect(page.locator(".ccin-case-study-facts")).to_contain_text("Co-operation through Covid-19")
    shot(page, "case-study")


def test_editor_edits_an_email_s_wording_and_sees_it_previewed(page, live_server):
    from casestudies.email_wording import email_wording_start
    from casestudies.models import EmailWording

    from ..factories import ContributionFactory

    contribution = ContributionFactory(eoi__contact_name="Priya Shah")
    email_wording_start(call=contribution.eoi.call)
    an_editor_in_both_groups()
    sign_in(page, live_server)
    wording = EmailWording.objects.current(call=contribution.eoi.call, kind="contribution_declined")
    page.goto(f"{live_server.url}/admin/casestudies/emailwording/{wording.pk}/change/")
    expect(page.locator(".ccin-email").first).to_contain_text("Dear Priya Shah,")  # in English, then in Welsh
    page.get_by_label("Text (English):").fill("Dear {contact_name},\n\nThank you. {nonsense}")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".errorlist")).to_contain_text("{nonsense} is not a placeholder")
    axe_check(page)
    shot(page, "wording-error")
    page.get_by_label("Text (English):").fill("Dear {contact_name},\n\nThank you, and sorry.\n{message}")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".ccin-email").first).to_contain_text("Thank you, and sorry.")
    axe_check(page)
    shot(page, "wording")
