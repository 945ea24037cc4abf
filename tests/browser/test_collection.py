"""The published collection in Chromium, at desktop and phone widths: every page type passes axe,
filters work with JavaScript off, search marks its matches, and the publication prints cleanly.

Each page type is photographed at both widths into test-artifacts/collection/ (with the
print rendering and the first pages of the PDF), for a person to look at.
"""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from casestudies import workflow
from casestudies.models import CaseStudy, Council, Perspective, Publication

from ..collection_helpers import published_case_study
from ..factories import CallFactory, CouncilFactory, PrincipleFactory, StaffUserFactory, ThemeFactory
from .conftest import ARTIFACTS, axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}

PAGES = {
    "list": "/case-studies/",
    "filtered-no-results": "/case-studies/?theme=care&place=wales",
    "search": "/case-studies/search/?q=pantry",
    "search-junk": "/case-studies/search/?q=%26%26%26+%27%27%27+%22%22%22+%3B--+%F0%9F%98%80",
    "theme": "/themes/food/",
    "council": "/councils/cardiff/",
    "principle": "/principles/co-production/",
    "publication": "/publications/the-report/",
    "open-data": "/open-data/",
}


def shots_folder(request) -> Path:
    folder = Path(request.config.rootpath) / ARTIFACTS / "collection"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def a_jpeg(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (0, 89, 79)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def collection(settings, tmp_path):
    """Given a published collection: two themes, two councils (one in Wales), principles, an
    image, a consented contact and a dated publication with a perspective."""
    settings.MEDIA_ROOT = tmp_path
    call = CallFactory(title="Co-operation through Covid-19")
    food, care = ThemeFactory(name="Food security", slug="food"), ThemeFactory(name="Social care", slug="care")
    cardiff = CouncilFactory(
        name="Cardiff Council", slug="cardiff", nation=Council.Nation.WALES, region="", gss_code="W06000015"
    )
    oldham = CouncilFactory(name="Oldham Council", slug="oldham", region=Council.Region.NORTH_WEST)
    coproduction = PrincipleFactory(name="Co-production", slug="co-production", summary="Working as equals.")
    learning = PrincipleFactory(name="Learning", slug="learning")
    pantry = published_case_study(
        call=call,
        title="A community pantry in every ward",
        council=cardiff,
        theme=food,
        principles=[coproduction, learning],
        standfirst="Neighbours stocked a pantry in each ward within a week.",
        enquiry_name="Priya Shah",
        enquiry_role="Community lead",
        enquiry_email="priya@example.org",
        enquiry_consent=True,
        image_alt="Shelves of tins and fresh fruit in a church hall",
        image_credit="Cardiff Council",
    )
    display = default_storage.save(f"case-studies/{pantry.pk}/display.jpg", ContentFile(a_jpeg(1200, 800)))
    thumbnail = default_storage.save(f"case-studies/{pantry.pk}/thumb.jpg", ContentFile(a_jpeg(400, 267)))
    CaseStudy.objects.filter(pk=pantry.pk).update(image=display, image_thumbnail=thumbnail)
    published_case_study(call=call, title="Care at home, together", council=oldham, theme=care, principles=[learning])
    hubs = published_case_study(call=call, title="Food hubs that stayed", council=oldham, theme=food)
    publication = Publication.objects.create(
        call=call,
        title="Co-operation through Covid-19: the case studies",
        slug="the-report",
        introduction="How co-operative councils responded.\n\nWhat they learned.",
        published_on=timezone.localdate(),
    )
    Perspective.objects.create(publication=publication, title="A Welsh perspective", author="A. Writer", body="Text.")
    return {"pantry": pantry, "hubs": hubs}


@pytest.fixture(params=list(WIDTHS))
def sized_page(request, chromium):
    context = chromium.new_context(viewport=WIDTHS[request.param], locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.width_name = request.param
    yield page
    context.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_type_passes_axe_at_desktop_and_phone_width(sized_page, live_server, collection, request, name):
    page = sized_page
    response = page.goto(live_server.url + PAGES[name])
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(shots_folder(request) / f"{name}-{page.width_name}.png"), full_page=True)
    axe_check(page)


def test_filters_work_with_javascript_off(chromium, live_server, collection):
    context = chromium.new_context(java_script_enabled=False, viewport=WIDTHS["phone"])
    page = context.new_page()
    page.goto(live_server.url + "/case-studies/")
    expect(page.locator("#result-count")).to_contain_text("3 case studies published")
    page.locator("summary", has_text="Theme").click()
    page.get_by_label("Food security").check()
    page.get_by_label("Nation or English region").select_option(label="Wales")
    page.get_by_role("button", name="Apply filters").click()
    assert re.search(r"theme=food", page.url) and re.search(r"place=wales", page.url)
    expect(page.locator("#result-count")).to_contain_text("1 case study matches your filters")
    expect(page.get_by_role("link", name="A community pantry in every ward")).to_be_visible()
    expect(page.get_by_label("Food security")).to_be_checked()
    page.get_by_role("link", name="Clear filters").first.click()
    expect(page.locator("#result-count")).to_contain_text("3 case studies published")
    context.close()


def test_search_from_the_list_marks_what_matched_and_keeps_the_filters(page, live_server, collection):
    page.goto(live_server.url + "/case-studies/?theme=food")
    page.get_by_label("Search case studies").fill("pantry")
    page.get_by_role("button", name="Search", exact=True).click()
    assert "q=pantry" in page.url and "theme=food" in page.url
    expect(page.locator("#result-count")).to_contain_text("1 case study found for “pantry”")
    expect(page.locator(".ccin-card mark").first).to_have_text(re.compile("pantry", re.IGNORECASE))
    axe_check(page)


def test_publication_prints_without_navigation_and_each_theme_starts_a_page(page, live_server, collection, request):
    page.goto(live_server.url + PAGES["publication"])
    page.emulate_media(media="print")
    for hidden in (".govuk-service-navigation", ".govuk-footer", ".govuk-breadcrumbs", ".ccin-download"):
        assert page.eval_on_selector(hidden, "element => getComputedStyle(element).display") == "none", hidden
    breaks = page.eval_on_selector_all(
        ".ccin-publication__theme", "sections => sections.map(s => getComputedStyle(s).breakBefore)"
    )
    assert breaks and set(breaks) == {"page"}
    after = page.eval_on_selector(".ccin-principle-counts a", "link => getComputedStyle(link, '::after').content")
    assert after in ("none", "normal")
    folder = shots_folder(request)
    page.screenshot(path=str(folder / "publication-print.png"), full_page=True)
    page.pdf(path=str(folder / "publication-print.pdf"), format="A4")


def test_publication_download_is_a_pdf_with_every_title(page, live_server, collection, request):
    page.goto(live_server.url + PAGES["publication"])
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the whole publication (PDF)").click()
    download = download_info.value
    folder = shots_folder(request)
    path = folder / "publication.pdf"
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for title in CaseStudy.objects.published().values_list("title", flat=True):
        assert title in " ".join(text.split())
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "4", str(path), str(folder / "pdf-page")])


# Every link that stands alone in a list item (a list of links, not a link inside a sentence).
LIST_LINKS_SMALLER_THAN_24PX = """() => [...document.querySelectorAll('main li > a')]
  .filter(a => a.parentElement.textContent.trim().startsWith(a.textContent.trim()))
  .map(a => [a.textContent.trim(), a.getBoundingClientRect()])
  .filter(([, box]) => box.width > 0 && (box.height < 24 || box.width < 24))
  .map(([text, box]) => `${text}: ${box.width.toFixed(1)} x ${box.height.toFixed(1)}`)"""


@pytest.mark.parametrize("name", [*PAGES, "case-study", "home", "open-data"])
def test_links_in_lists_are_tap_targets_of_at_least_24_px(sized_page, live_server, collection, name):
    """WCAG 2.2, 2.5.8 (target size, minimum): e.g. "Principles met" and the publication's contents."""
    others = {"case-study": collection["pantry"].get_absolute_url(), "home": "/", "open-data": "/open-data/"}
    url = others.get(name) or PAGES[name]
    sized_page.goto(live_server.url + url)
    assert sized_page.evaluate(LIST_LINKS_SMALLER_THAN_24PX) == []


def test_a_withdrawn_case_study_says_so_and_passes_axe(page, live_server, collection, request):
    hubs = collection["hubs"]
    workflow.case_study_unpublish(case_study=hubs, by=StaffUserFactory(), note="Taken down to correct a name.")
    response = page.goto(live_server.url + hubs.get_absolute_url())
    assert response.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text("This case study has been withdrawn")
    expect(page.get_by_role("link", name="browse the published case studies")).to_be_visible()
    page.screenshot(path=str(shots_folder(request) / "withdrawn.png"), full_page=True)
    axe_check(page)
