"""A call's publication: only once its day has come; introduction, perspectives, contents, case
studies by theme, principle counts; and the whole of it as one PDF, checked by reading it back."""

import datetime
import shutil
import subprocess

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from casestudies import public_cache, publication_document, workflow
from casestudies.models import CaseStudy, Perspective, Publication

from .collection_helpers import published_case_study
from .factories import CallFactory, CouncilFactory, PrincipleFactory, StaffUserFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def publication(db):
    """Given a published publication with two perspectives and case studies on two themes."""
    call = CallFactory(title="Co-operation through Covid-19")
    early, late = ThemeFactory(name="Community hubs", order=1), ThemeFactory(name="Food security", order=2)
    coproduction = PrincipleFactory(name="Co-production", order=1)
    learning = PrincipleFactory(name="Learning", order=2)
    PrincipleFactory(name="Walking the talk", order=3)
    published_case_study(
        call=call,
        title="Zebra crossings of trust",
        theme=early,
        principles=[coproduction],
        licence=CaseStudy.Licence.OGL,
        enquiry_name="Priya Shah",
        enquiry_role="Community lead",
        enquiry_email="priya@example.org",
        enquiry_consent=True,
    )
    published_case_study(
        call=call,
        title="Apples for every street",
        theme=early,
        principles=[coproduction, learning],
        enquiry_name="Hidden Person",
        enquiry_email="hidden@example.org",
        enquiry_consent=False,
    )
    published_case_study(
        call=call,
        title="Food banks as partners",
        theme=late,
        principles=[learning],
        licence=CaseStudy.Licence.ALL_RIGHTS_RESERVED,
        council=CouncilFactory(name="Cardiff Council"),
    )
    unpublished = published_case_study(call=call, title="Taken down for now", theme=late)
    workflow.case_study_unpublish(case_study=unpublished, by=StaffUserFactory(), note="Taken down to correct a name.")
    publication = Publication.objects.create(
        call=call,
        title="Co-operation through Covid-19: case studies",
        slug="covid-19-case-studies",
        introduction="How councils worked with residents.\n\nA second paragraph.",
        published_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    Perspective.objects.create(publication=publication, title="A Welsh perspective", author="A. Writer", body="W.")
    Perspective.objects.create(publication=publication, title="A Scottish perspective", body="S.", order=2)
    return publication


def page_url(publication) -> str:
    return reverse("casestudies:publication-detail", kwargs={"slug": publication.slug})


def download_url(publication) -> str:
    return reverse("casestudies:publication-download", kwargs={"slug": publication.slug})


def test_publication_page_has_contents_intro_perspectives_and_case_studies_by_theme(client, publication):
    response = client.get(page_url(publication))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Co-operation through Covid-19: case studies – CCIN case studies</title>" in html
    assert '<meta property="og:type" content="article">' in html
    for anchor in ("#introduction", "#principles", "#licences", "#theme-", "#perspective-"):
        assert f'href="{anchor}' in html
    assert "<p>How councils worked with residents.</p>" in html
    assert html.index("A Welsh perspective") < html.index("A Scottish perspective")
    # Themes in theme order, case studies by title within a theme.
    order = [html.index(f'id="case-study-{cs.slug}"') for cs in _in_order()]
    assert order == sorted(order)
    assert "Taken down for now" not in html
    assert "Download the whole publication (PDF)" in html


def _in_order():
    return list(CaseStudy.objects.published().order_by("theme__order", "title"))


def test_publication_page_counts_the_case_studies_showing_each_principle(client, publication):
    response = client.get(page_url(publication))
    counts = {principle.name: principle.case_study_count for principle in response.context["principle_counts"]}
    assert counts == {"Co-production": 2, "Learning": 2, "Walking the talk": 0}


def test_publication_shows_each_licence_and_the_contact_only_with_consent(client, publication):
    html = client.get(page_url(publication)).content.decode()
    assert "Open Government Licence v3.0" in html
    assert "Creative Commons Attribution 4.0 International (CC BY 4.0)" in html
    assert "All rights reserved: ask Cardiff Council before reusing this text." in html
    assert "priya@example.org" in html
    assert "hidden@example.org" not in html
    assert "Hidden Person" not in html


@pytest.mark.parametrize("published_on", [None, "tomorrow"])
def test_publication_not_yet_published_is_404_page_and_download(client, publication, published_on):
    publication.published_on = None if published_on is None else timezone.localdate() + datetime.timedelta(days=1)
    publication.save()
    assert client.get(page_url(publication)).status_code == 404
    assert client.get(download_url(publication)).status_code == 404


def test_sample_publication_is_marked(client, publication):
    publication.call.is_sample = True
    publication.call.save()
    assert "Sample content" in client.get(page_url(publication)).content.decode()


# --- the download ----------------------------------------------------------------------------------


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "publication.pdf"
    path.write_bytes(content)
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: scripts/system-deps.sh tests (make test runs it)"
    result = subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, check=True, text=True)
    return " ".join(result.stdout.split())


def test_download_is_one_pdf_with_every_case_study_and_its_licence(client, publication, tmp_path):
    cache.clear()
    response = client.get(download_url(publication))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="covid-19-case-studies.pdf"'
    content = response.getvalue()
    assert content.startswith(b"%PDF")
    assert response["Content-Length"] == str(len(content))
    text = pdf_text(content, tmp_path)
    for case_study in CaseStudy.objects.published():
        assert case_study.title in text
    assert "Taken down for now" not in text
    assert "Licence: Open Government Licence v3.0" in text
    assert "Licence: Creative Commons Attribution 4.0 International (CC BY 4.0)" in text
    assert "https://creativecommons.org/licenses/by/4.0/" in text.replace(" ", "")  # may wrap
    assert "All rights reserved: ask Cardiff Council before reusing this text." in text
    assert "A Welsh perspective" in text
    assert "hidden@example.org" not in text


@pytest.fixture
def counted_renders(monkeypatch):
    import weasyprint

    renders = []
    original = weasyprint.HTML.write_pdf

    def counting_write_pdf(self, *args, **kwargs):
        renders.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", counting_write_pdf)
    return renders


def stored_pdfs(publication) -> list[str]:
    """The publication's stored PDFs, in every language's folder."""
    folder = f"{publication_document.FOLDER}/{publication.pk}"
    return [
        name
        for language in default_storage.listdir(folder)[0]
        for name in default_storage.listdir(f"{folder}/{language}")[1]
    ]


def test_download_is_made_once_stored_and_streamed_until_the_publication_changes(
    client, publication, counted_renders, django_assert_num_queries
):
    first = client.get(download_url(publication))
    with django_assert_num_queries(2):  # the publication (and its perspectives); no case study, nothing rendered
        second = client.get(download_url(publication))
    assert len(counted_renders) == 1
    assert first.getvalue() == second.getvalue()
    assert first["ETag"] == second["ETag"]
    assert stored_pdfs(publication) == [first["ETag"].strip('"') + ".pdf"]

    # Every write path that changes public content starts a new generation (public_cache).
    case_study = CaseStudy.objects.published().first()
    CaseStudy.objects.filter(pk=case_study.pk).update(title="A new title")
    public_cache.new_generation()
    third = client.get(download_url(publication))
    assert len(counted_renders) == 2
    assert third["ETag"] != first["ETag"]
    assert stored_pdfs(publication) == [third["ETag"].strip('"') + ".pdf"]  # the old one is gone


def test_a_case_study_unpublished_is_never_in_the_pdf_served_after(
    client, publication, counted_renders, tmp_path, django_capture_on_commit_callbacks
):
    before = client.get(download_url(publication))
    leaving = CaseStudy.objects.published().get(title="Apples for every street")
    assert "Apples for every street" in pdf_text(before.getvalue(), tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.case_study_unpublish(case_study=leaving, by=StaffUserFactory(), note="Taken down to correct a name.")
    after = client.get(download_url(publication))
    assert after["ETag"] != before["ETag"]
    assert "Apples for every street" not in pdf_text(after.getvalue(), tmp_path)
    assert len(stored_pdfs(publication)) == 1


def test_a_pdf_another_server_replaced_is_made_again_not_a_500(client, publication, counted_renders):
    first = client.get(download_url(publication))
    folder = f"{publication_document.FOLDER}/{publication.pk}"
    for language in default_storage.listdir(folder)[0]:
        default_storage.delete(f"{folder}/{language}/{first['ETag'].strip(chr(34))}.pdf")
    again = client.get(download_url(publication))
    assert again.status_code == 200 and again.getvalue() == first.getvalue()
    assert len(counted_renders) == 2


def test_the_list_of_publications_gives_the_stored_pdfs_size(client, publication):
    size = len(client.get(download_url(publication)).getvalue())
    html = client.get(reverse("casestudies:publication-list")).content.decode()
    assert publication.title in html
    assert stored_pdfs(publication)  # made once, for the list and the download alike
    assert size > 0


def test_download_answers_304_when_the_browser_has_it(client, publication):
    first = client.get(download_url(publication))
    again = client.get(download_url(publication), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert not again.content


def test_pdf_fetcher_refuses_everything_but_case_study_images():
    fetcher = publication_document._image_fetcher()
    for url in ("http://example.org/x.png", "file:///etc/passwd", "ccin-image:../secret", "ccin-image:other/x.jpg"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
