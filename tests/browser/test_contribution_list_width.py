"""The contributions list fits a 1280 px screen: average score and date visible without scrolling."""

import os

import pytest
from playwright.sync_api import expect

from casestudies import workflow

from ..factories import (
    CallFactory,
    ContributionFactory,
    CouncilFactory,
    ExpressionOfInterestFactory,
    ReviewerFactory,
    ThemeFactory,
)
from .conftest import axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery-staple"


def test_the_contributions_list_fits_1280_px_with_score_and_date_visible(page, live_server):
    call = CallFactory()
    reviewer = ReviewerFactory(username="sam.reviewer", first_name="Sam")
    theme = ThemeFactory(name="Re-balancing the local economy and community wealth building")
    for n in range(6):
        council = CouncilFactory(name=f"Royal Borough of Windsor and Maidenhead Council {n}")
        contribution = ContributionFactory(eoi=ExpressionOfInterestFactory(call=call, council=council), theme=theme)
        workflow.review_save(contribution=contribution, reviewer=reviewer, score=3 + n % 3, comment="")
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill("sam.reviewer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + "/admin/casestudies/contribution/")
    expect(page.locator("#result_list")).to_be_visible()
    if os.environ.get("CCIN_SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['CCIN_SCREENSHOTS']}/contributions.png")
    for column in ("column-average_score", "column-received_at"):
        box = page.locator(f"#result_list thead th.{column}").bounding_box()
        assert box is not None and box["x"] + box["width"] <= 1280, (column, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    axe_check(page)
