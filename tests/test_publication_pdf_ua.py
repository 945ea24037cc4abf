"""The publication PDF read back with pikepdf against the PDF/UA-1 (ISO 14289-1) requirements
that the Matterhorn Protocol checks: metadata, title, language, tags, headings, tables, alternative
text, links and the outline."""

import contextlib
import shutil
import subprocess

import pikepdf
import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from casestudies.models import CaseStudy

from .case_study_helpers import image_bytes
from .test_publication import download_url, publication  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

SITE = "https://ccin.example.org"


@pytest.fixture
def pdf(client, publication, settings, tmp_path):  # noqa: F811 - the fixture
    """Given the publication, one of its case studies with an image, downloaded as a PDF."""
    settings.SITE_URL = SITE
    settings.MEDIA_ROOT = tmp_path
    name = default_storage.save("case-studies/hub.jpg", ContentFile(image_bytes()))
    CaseStudy.objects.filter(title="Zebra crossings of trust").update(image=name, image_alt="Volunteers at the hub")
    with downloaded(client, publication, tmp_path) as document:
        yield document


@contextlib.contextmanager
def downloaded(client, publication, tmp_path):  # noqa: F811 - the fixture's value
    """The publication's PDF as it is now, downloaded and opened."""
    cache.clear()
    response = client.get(download_url(publication))
    assert response.status_code == 200
    (tmp_path / "publication.pdf").write_bytes(response.getvalue())
    with pikepdf.open(tmp_path / "publication.pdf") as document:
        yield document


def structure(document) -> list[tuple[pikepdf.Dictionary, tuple[str, ...]]]:
    """Every structure element, in reading order, with the types of its ancestors."""
    found = []

    def walk(element, ancestors):
        if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
            return
        found.append((element, ancestors))
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            walk(kid, (*ancestors, str(element.S)))

    kids = document.Root.StructTreeRoot.K
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        walk(kid, ())
    return found


def of_type(document, kind: str) -> list:
    return [element for element, _ in structure(document) if element.S == kind]


def test_metadata_names_the_title_and_claims_pdf_ua_1(pdf, publication):  # noqa: F811
    # Matterhorn 06-001 (a metadata stream), 06-002 (the PDF/UA identifier), 06-003 (dc:title).
    assert "/Metadata" in pdf.Root
    metadata = pdf.open_metadata()
    assert metadata.get("pdfuaid:part") == "1"
    assert metadata.get("dc:title") == publication.title
    # 07-001, 07-002: the viewer shows the title, not the file name.
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True


def test_the_document_is_tagged_and_says_its_language(pdf):
    # 01 (tagged content): MarkInfo /Marked and a structure tree; 11 (natural language): /Lang.
    assert pdf.Root.MarkInfo.Marked is True
    assert "/StructTreeRoot" in pdf.Root
    assert str(pdf.Root.Lang).lower().startswith("en")


def test_headings_start_at_one_and_skip_no_level(pdf):
    # 14-002 (the first heading is H1), 14-003 (no level is skipped).
    levels = [int(str(element.S)[2:]) for element, _ in structure(pdf) if str(element.S)[:2] == "/H"]
    assert levels[0] == 1
    assert all(later <= earlier + 1 for earlier, later in zip(levels, levels[1:], strict=False))


def test_every_table_header_cell_has_its_scope(pdf):
    # 15-003: a TH in a table without Headers/IDs needs /Scope; both are given here.
    headers = [(element, ancestors) for element, ancestors in structure(pdf) if element.S == "/TH"]
    assert headers
    for element, ancestors in headers:
        expected = "/Column" if "/THead" in ancestors else "/Row"
        assert element.A.Scope == expected
    assert {str(element.A.Scope) for element, _ in headers} == {"/Column", "/Row"}


def test_every_figure_has_alternative_text(pdf):
    # 13-004: a Figure needs /Alt.
    figures = of_type(pdf, "/Figure")
    assert figures
    assert [str(figure.Alt) for figure in figures] == ["Volunteers at the hub"]


def test_links_are_tagged_described_and_read_online_is_a_real_link(pdf, publication):  # noqa: F811
    # 28-011 (a link annotation is nested in a Link tag, through its StructParent), a /Contents
    # that describes each link, and pages with annotations give their tab order (/Tabs /S).
    uris = set()
    for page in pdf.pages:
        annotations = [a for a in page.get("/Annots", []) if a.Subtype == "/Link"]
        if annotations:
            assert page.Tabs == "/S"
        for annotation in annotations:
            assert "/StructParent" in annotation
            assert str(annotation.get("/Contents", "")).strip()
            if "/A" in annotation and "/URI" in annotation.A:
                uris.add(str(annotation.A.URI))
    assert f"{SITE}/publications/{publication.slug}/" in uris
    assert f"{SITE}/open-data/" in uris
    assert any(uri.startswith(f"{SITE}/case-studies/") for uri in uris)
    assert of_type(pdf, "/Link")


def test_web_addresses_are_never_broken_across_lines(pdf, publication, tmp_path):  # noqa: F811
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: apt-get install poppler-utils"
    text = subprocess.run(
        [pdftotext, "-layout", str(tmp_path / "publication.pdf"), "-"], capture_output=True, check=True, text=True
    ).stdout
    lines = text.splitlines()
    assert any(f"{SITE}/publications/{publication.slug}/" in line for line in lines)
    for case_study in CaseStudy.objects.published():
        assert any(f"{SITE}{case_study.get_absolute_url()}" in line for line in lines), case_study.slug


def test_the_outline_leads_to_each_part(pdf):
    # PDF/UA-1 7.1: bookmarks for a document this long, from its headings.
    with pdf.open_outline() as outline:
        titles = []

        def collect(items):
            for item in items:
                titles.append(item.title)
                collect(item.children)

        collect(outline.root)
    assert "Introduction" in titles
    assert "Zebra crossings of trust" in titles
