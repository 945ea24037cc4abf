"""The publication PDF of a case study written in both languages: the Welsh text is in the PDF
and its structure elements say they are Welsh (/Lang cy), as PDF/UA asks of a change of language."""

import pytest
from django.core.cache import cache

from casestudies.models import CaseStudy

from .test_publication import publication  # noqa: F401 - the fixture
from .test_publication_pdf_ua import downloaded, structure

pytestmark = pytest.mark.django_db

WELSH_TITLE = "Croesfannau sebra ymddiriedaeth"
WELSH_BODY = "Rhannodd cymuned y dref bwyd gyda chymdogion bob dydd eleni."


@pytest.fixture
def pdf(client, publication, settings, tmp_path):  # noqa: F811 - the fixture
    """Given the publication with one case study written in English and Welsh, as a PDF."""
    settings.SITE_URL = "https://ccin.example.org"
    CaseStudy.objects.filter(title="Zebra crossings of trust").update(
        language=CaseStudy.TextLanguage.BOTH, title_cy=WELSH_TITLE, body_cy=WELSH_BODY
    )
    with downloaded(client, publication, tmp_path) as document:
        yield document


def test_the_welsh_text_is_in_the_pdf_and_marked_welsh(pdf):
    assert str(pdf.Root.Lang).lower().startswith("en")
    welsh = [element for element, _ancestors in structure(pdf) if str(element.get("/Lang", "")) == "cy"]
    assert welsh, "no structure element says it is Welsh"


def test_the_print_page_marks_the_welsh_text(client, publication):  # noqa: F811
    CaseStudy.objects.filter(title="Zebra crossings of trust").update(
        language=CaseStudy.TextLanguage.BOTH, title_cy=WELSH_TITLE, body_cy=WELSH_BODY
    )
    cache.clear()
    page = client.get(publication.get_absolute_url()).content.decode()
    assert '<div lang="cy" class="ccin-other-language__text">' in page
    assert WELSH_TITLE in page and WELSH_BODY in page
