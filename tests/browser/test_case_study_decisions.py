"""An editor who works for a council decides on case studies in Chromium: the buttons open the
confirmation page, a bulk action names their own council's row and does the rest, and a note
that is required is asked for with an error summary. axe checks each page in its normal and
error states."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from casestudies import access, workflow
from casestudies.models import CaseStudy

from ..case_study_helpers import invited_case_study, write_and_submit
from ..factories import CouncilFactory, ReviewerFactory, StaffUserFactory
from .conftest import axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
S = CaseStudy.Status
PASSWORD = "correct-horse-battery-staple"  # the factories' password


def shot(page, name: str) -> None:
    """With CCIN_SCREENSHOTS=folder, keep a picture of the page to look at."""
    folder = os.environ.get("CCIN_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def submitted_for(council) -> CaseStudy:
    case_study = invited_case_study(council=council)
    return write_and_submit(case_study)


def test_an_editor_from_a_council_approves_others_and_is_refused_their_own(page, live_server):
    oldham, kirklees = CouncilFactory(name="Oldham Council"), CouncilFactory(name="Kirklees Council")
    own, other = submitted_for(oldham), submitted_for(kirklees)
    editor = ReviewerFactory(username="jo.editor", first_name="Jo", council=oldham)
    editor.groups.add(access.editors_sync())

    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("jo.editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + "/admin/casestudies/casestudy/")
    own_row = page.locator("#result_list tbody tr", has=page.locator(f'input[value="{own.pk}"]'))
    expect(own_row).to_contain_text("Your council")

    # Bulk approve both: the confirmation page names the own-council row and will not change it.
    for case_study in (own, other):
        page.locator(f'input[name="_selected_action"][value="{case_study.pk}"]').check()
    page.locator('select[name="action"]').select_option(label="Approve the selected case studies…")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm: Approve")
    expect(page.locator("#content")).to_contain_text("1 case study will be approved.")
    expect(page.locator("#content")).to_contain_text("You work for Oldham Council")
    axe_check(page, context="#content-main")
    shot(page, "case-study-bulk-approve-confirm")
    page.get_by_role("button", name="Yes: Approve (1 case study)").click()
    messages = page.locator(".ccin-messages")
    expect(messages).to_contain_text("1 case study approved")
    expect(messages).to_contain_text("Not approved:")
    assert CaseStudy.objects.get(pk=own.pk).status == S.SUBMITTED
    assert CaseStudy.objects.get(pk=other.pk).status == S.APPROVED

    # The own council's case study offers no buttons.
    page.goto(live_server.url + f"/admin/casestudies/casestudy/{own.pk}/change/")
    expect(page.locator(".ccin-admin-workflow")).to_contain_text("There is nothing you can do")
    shot(page, "case-study-change-own-council")


def test_unpublishing_asks_for_a_reason_with_an_error_summary(page, live_server):
    case_study = submitted_for(CouncilFactory())
    workflow.case_study_approve(case_study=case_study, by=StaffUserFactory())
    workflow.case_study_publish(case_study=case_study, by=StaffUserFactory())
    StaffUserFactory(username="pat.editor", first_name="Pat")

    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("pat.editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + f"/admin/casestudies/casestudy/{case_study.pk}/change/")
    shot(page, "case-study-change-published")
    page.get_by_role("link", name="Unpublish…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm: Unpublish")
    axe_check(page, context="#content-main")
    page.get_by_role("button", name="Yes: Unpublish (1 case study)").click()
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Say why the case study is being taken down")
    expect(page).to_have_title(re.compile(r"^Error: "))
    axe_check(page, context="#content-main")
    shot(page, "case-study-unpublish-error")
    summary.get_by_role("link", name="Say why the case study is being taken down").click()
    expect(page.get_by_label("Note (required)")).to_be_focused()
    page.get_by_label("Note (required)").fill("A partner's name was wrong.")
    page.get_by_role("button", name="Yes: Unpublish (1 case study)").click()
    expect(page.locator(".ccin-messages")).to_contain_text("1 case study unpublished")
    assert CaseStudy.objects.get(pk=case_study.pk).status == S.UNPUBLISHED
