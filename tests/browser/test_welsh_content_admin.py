"""An editor writes a theme's Welsh beside its English in the admin (issue 16): the two side by side
in one line, each input naming its language, and the page passes axe."""

import os

import pytest
from playwright.sync_api import expect

from casestudies.models import Theme

from ..factories import StaffUserFactory, ThemeFactory
from .conftest import axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery-staple"


def test_an_editor_writes_a_theme_s_welsh_beside_its_english(page, live_server):
    # Given a theme with only its English, and an editor signed in to the admin
    theme = ThemeFactory(name="Food security", slug="food-security", description="Getting food to people.")
    StaffUserFactory(username="eleri.editor")
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill("eleri.editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # When they open the theme
    page.goto(f"{live_server.url}/admin/casestudies/theme/{theme.pk}/change/")

    # Then the English and the Welsh of each field are side by side, English first
    english, welsh = page.get_by_label("Description (English)"), page.get_by_label("Description (Welsh)")
    expect(english).to_have_attribute("lang", "en-GB")
    expect(welsh).to_have_attribute("lang", "cy")
    left, right = english.bounding_box(), welsh.bounding_box()
    assert left is not None and right is not None
    assert abs(left["y"] - right["y"]) < 2 and left["x"] + left["width"] <= right["x"]
    if os.environ.get("CCIN_SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['CCIN_SCREENSHOTS']}/theme-welsh.png", full_page=True)
    axe_check(page)

    # When they write the Welsh and save
    page.get_by_label("Name (Welsh)").fill("Diogeledd bwyd")
    welsh.fill("Cael bwyd i bobl.")
    page.get_by_role("button", name="Save", exact=True).click()

    # Then both languages are kept
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    theme = Theme.objects.get(pk=theme.pk)
    assert (theme.name_en_gb, theme.name_cy, theme.description_cy) == (
        "Food security",
        "Diogeledd bwyd",
        "Cael bwyd i bobl.",
    )
