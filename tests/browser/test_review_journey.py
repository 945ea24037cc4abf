"""A steering group member reviews in Chromium: signs in through the admin login page, filters
the contributions by theme, scores one, shortlists two and invites them through the
confirmation page, and looks at the spread board; two invitation emails go. Axe checks the
list, the confirmation page and the board (whole pages, the admin's own parts included)."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from casestudies.models import CaseStudy, Contribution, Review

from ..factories import (
    CallFactory,
    CallNationTargetFactory,
    CallThemeFactory,
    ContributionFactory,
    CouncilFactory,
    ExpressionOfInterestFactory,
    ReviewerFactory,
    ThemeFactory,
)
from .conftest import axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"
FOOD = "Food distribution and food security"
HUBS = "Community response hubs and mutual aid"


# --- given ---------------------------------------------------------------------------------------


def a_call_with_contributions():
    call = CallFactory(title="Co-operation through Covid-19")
    food, hubs = ThemeFactory(name=FOOD), ThemeFactory(name=HUBS)
    CallThemeFactory(call=call, theme=food, target_case_studies=2)
    CallThemeFactory(call=call, theme=hubs, target_case_studies=1)
    CallNationTargetFactory(call=call, nation="wales", minimum_case_studies=1)
    rows = []
    for name, theme in [("Oldham Council", food), ("Kirklees Council", food), ("Cardiff Council", food)]:
        eoi = ExpressionOfInterestFactory(call=call, council=CouncilFactory(name=name))
        rows.append(ContributionFactory(eoi=eoi, theme=theme))
    ContributionFactory(eoi=ExpressionOfInterestFactory(call=call), theme=hubs)
    return call, rows


def a_reviewer():
    return ReviewerFactory(username="sam.reviewer", first_name="Sam", last_name="Reviewer")


# --- when ----------------------------------------------------------------------------------------


def sign_in(page, live_server):
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill("sam.reviewer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#user-tools")).to_contain_text("Sam")


def open_contributions(page, live_server):
    page.goto(live_server.url + "/admin/casestudies/contribution/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("contribution")


def tick(page, rows):
    for row in rows:
        page.locator(f'input[name="_selected_action"][value="{row.pk}"]').check()


def run_action(page, label):
    page.locator('select[name="action"]').select_option(label=label)
    page.get_by_role("button", name="Go").click()


# --- the journey ---------------------------------------------------------------------------------


def test_reviewer_filters_scores_shortlists_and_invites_two(page, live_server):
    call, (oldham, kirklees, cardiff) = a_call_with_contributions()
    a_reviewer()
    sign_in(page, live_server)
    open_contributions(page, live_server)
    axe_check(page)

    # Filter by theme: only the three Food contributions are listed.
    page.locator("#changelist-filter").get_by_role("link", name=FOOD).click()
    expect(page.locator("#result_list tbody tr")).to_have_count(3)

    # Open one and score it.
    page.get_by_role("link", name=str(oldham)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review contribution")
    expect(page.locator("#content")).to_contain_text("Oldham Council")
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Your comment").fill("Clear example of a food hub run with volunteers.")
    page.get_by_role("button", name="Save my review", exact=True).click()
    expect(page.locator(".ccin-messages")).to_contain_text("Your review of")
    assert Review.objects.get().score == 4
    expect(page.locator("#result_list tbody tr")).to_have_count(3)  # the filter was kept
    expect(page.locator("#result_list")).to_contain_text("4.0 (1)")

    # Shortlist two, through the confirmation page.
    tick(page, [oldham, kirklees])
    run_action(page, "Shortlist the selected contributions…")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm: Shortlist")
    page.get_by_role("button", name="Yes: Shortlist (2 contributions)").click()
    expect(page.locator(".ccin-messages")).to_contain_text("2 contributions shortlisted")

    # Invite them: the confirmation page previews the email and the spread after.
    tick(page, [oldham, kirklees])
    run_action(page, "Invite the selected contributions to write case studies…")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm: Invite")
    expect(page.locator(".ccin-email")).to_contain_text("You are invited to write a case study")
    expect(page.locator("#content")).to_contain_text("2 emails will be sent")
    axe_check(page)
    page.get_by_label("Note for the record (optional)").fill("Two strong food examples.")
    page.get_by_role("button", name="Yes: Invite (2 contributions)").click()
    expect(page.locator(".ccin-messages")).to_contain_text("2 contributions invited")
    expect(page.locator(".ccin-messages")).to_contain_text("2 emails sent.")

    invitations = [m for m in mail.outbox if "invited to write a case study" in m.subject]
    assert sorted(m.to[0] for m in invitations) == sorted([oldham.eoi.contact_email, kirklees.eoi.contact_email])
    assert CaseStudy.objects.count() == 2
    assert Contribution.objects.get(pk=cardiff.pk).status == Contribution.Status.SUBMITTED

    # The spread board: Food now has 2 invited (its target); Hubs has nothing invited.
    page.get_by_role("link", name=f"Theme spread: {call.title}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Theme spread")
    expect(page.locator(".ccin-summary")).to_contain_text("Nothing invited on this theme yet.")
    expect(page.locator(".ccin-summary")).to_contain_text("Short of its minimum of 1")
    axe_check(page)


def test_after_five_wrong_passwords_the_login_says_it_is_locked_and_for_how_long(page, live_server):
    a_reviewer()
    for _ in range(5):
        page.goto(live_server.url + "/admin/login/")
        page.get_by_label("Username").fill("sam.reviewer")
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many failed attempts to sign in")
    expect(page.locator("#content")).to_contain_text("Wait 1 hour, then try again.")
    axe_check(page)


def test_a_reviewer_sees_their_own_council_marked_and_a_bulk_shortlist_refuses_it_by_name(page, live_server):
    call, (oldham, kirklees, cardiff) = a_call_with_contributions()
    ReviewerFactory(username="sam.reviewer", first_name="Sam", council=oldham.eoi.council)
    sign_in(page, live_server)
    open_contributions(page, live_server)
    own_row = page.locator("#result_list tbody tr", has=page.locator(f'input[value="{oldham.pk}"]'))
    expect(own_row).to_contain_text("Your council")
    axe_check(page)

    tick(page, [oldham, kirklees])
    run_action(page, "Shortlist the selected contributions…")
    expect(page.locator("#content")).to_contain_text("Oldham Council")
    axe_check(page)
    page.get_by_role("button", name="Yes: Shortlist").click()
    messages = page.locator(".ccin-messages")
    expect(messages).to_contain_text("Oldham Council")
    expect(messages).to_contain_text("1 contribution shortlisted")
    assert Contribution.objects.get(pk=oldham.pk).status == Contribution.Status.SUBMITTED
    assert Contribution.objects.get(pk=kirklees.pk).status == Contribution.Status.SHORTLISTED
