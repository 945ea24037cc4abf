"""The editors' preview of a case study's public page: staff only, marked, never indexed, and
publishing offered from it to those who may publish."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from casestudies import public_cache, workflow
from casestudies.models import Publication

from .case_study_helpers import invited_case_study, write_and_submit
from .factories import EditorFactory, ReviewerFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def preview_url(case_study) -> str:
    return reverse("admin:casestudies_casestudy_preview", args=[case_study.pk])


def approved_case_study():
    case_study = invited_case_study()
    write_and_submit(case_study, title="Food hubs that neighbours ran")
    return workflow.case_study_approve(case_study=case_study, by=StaffUserFactory())


def test_an_editor_sees_the_page_as_it_will_look_marked_not_published_and_not_indexed(client):
    case_study = approved_case_study()
    client.force_login(EditorFactory())
    response = client.get(preview_url(case_study))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Preview – not published" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert "Food hubs that neighbours ran" in page and case_study.attribution.split("”")[0] in page
    publish = reverse("admin:casestudies_casestudy_decide", kwargs={"decision": "publish"})
    assert publish in page


def test_the_preview_offers_publishing_only_to_those_who_may_publish_now(client):
    case_study = approved_case_study()
    client.force_login(ReviewerFactory())  # the steering group approves; the editors publish
    page = client.get(preview_url(case_study)).content.decode()
    assert "Preview – not published" in page and "Publish…" not in page
    submitted = invited_case_study()
    write_and_submit(submitted)
    client.force_login(EditorFactory())
    assert "Publish…" not in client.get(preview_url(submitted)).content.decode()


def test_the_preview_is_for_staff_only():
    case_study = approved_case_study()
    response = Client().get(preview_url(case_study))
    assert response.status_code == 302 and "/login/" in response["Location"]
    # And the public address of an unpublished case study says it was withdrawn, and shows nothing of it.
    workflow.case_study_publish(case_study=case_study, by=EditorFactory())
    case_study.refresh_from_db()
    workflow.case_study_unpublish(case_study=case_study, by=EditorFactory(), note="Wrong")
    response = Client().get(case_study.get_absolute_url())
    assert response.status_code == 410 and "Food hubs that neighbours ran" not in response.content.decode()


def test_the_change_page_links_to_the_preview(client):
    case_study = approved_case_study()
    client.force_login(EditorFactory())
    page = client.get(reverse("admin:casestudies_casestudy_change", args=[case_study.pk])).content.decode()
    assert preview_url(case_study) in page


def test_a_published_case_study_says_which_publication_it_is_part_of(client):
    case_study = approved_case_study()
    workflow.case_study_publish(case_study=case_study, by=EditorFactory())
    case_study.refresh_from_db()
    publication = Publication.objects.create(
        call=case_study.call, title="Co-operation through Covid-19", slug="covid", introduction="Hi"
    )
    assert "Part of" not in client.get(case_study.get_absolute_url()).content.decode()  # not yet published
    Publication.objects.filter(pk=publication.pk).update(published_on=datetime.date(2020, 10, 1))
    public_cache.new_generation()
    page = client.get(case_study.get_absolute_url()).content.decode()
    assert "Part of" in page and publication.get_absolute_url() in page
