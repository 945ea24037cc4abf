"""Subject access and erasure for one email address, from the admin."""

import json

import pytest
from django.urls import reverse

from casestudies import workflow
from casestudies.models import CaseStudy, EmailLog, ExpressionOfInterest, SavedEoi
from casestudies.personal_data import personal_data_erase, personal_data_export

from .case_study_helpers import write_and_submit
from .factories import ContributionFactory, ExpressionOfInterestFactory, StaffUserFactory

pytestmark = pytest.mark.django_db
WORDS_300 = " ".join(["word"] * 300)
EMAIL = "Pat.Person@Example.org"


@pytest.fixture
def held(call, django_capture_on_commit_callbacks):
    by = StaffUserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        eoi = ExpressionOfInterestFactory(
            call=call, contact_email=EMAIL, contact_name="Pat Person", contact_phone="0161"
        )
        contribution = ContributionFactory(eoi=eoi)
        workflow.contribution_decline(contribution=contribution, by=by)
        other = ContributionFactory(eoi=ExpressionOfInterestFactory(call=call))
        workflow.contribution_shortlist(contribution=other, by=by)
        case_study = workflow.contribution_invite(contribution=other, by=by)
        write_and_submit(
            case_study,
            title="Hubs",
            body=WORDS_300,
            enquiry_name="Pat Person",
            enquiry_email=EMAIL.lower(),
            enquiry_consent=True,
        )
        workflow.case_study_approve(case_study=case_study, by=by)
        workflow.case_study_publish(case_study=case_study, by=by)
        workflow.eoi_save_for_later(call=call, answers={"contact": {"contact_name": "Pat"}}, contact_email=EMAIL)
    return {"eoi": eoi, "case_study": case_study}


def test_export_finds_everything_whatever_the_case_of_the_address(held):
    data = personal_data_export(email="pat.person@example.ORG")
    assert [e["reference"] for e in data["expressions_of_interest"]] == [held["eoi"].reference]
    assert data["expressions_of_interest"][0]["contact_phone"] == "0161"
    assert data["case_study_enquiry_contacts"][0]["consent_to_publish"] is True
    assert len(data["unfinished_expressions_of_interest"]) == 1
    assert data["emails_sent"]
    json.dumps(data)  # ready to download


def test_erase_keeps_published_consented_contact_unless_consent_is_withdrawn(held):
    counts = personal_data_erase(email=EMAIL)
    eoi = ExpressionOfInterest.objects.get(pk=held["eoi"].pk)
    assert (eoi.contact_name, eoi.contact_email, eoi.contact_phone) == ("", "", "")
    assert counts["unfinished_expressions_of_interest"] == 1 and not SavedEoi.objects.exists()
    assert not EmailLog.objects.filter(to__iexact=EMAIL).exists()
    case_study = CaseStudy.objects.get(pk=held["case_study"].pk)
    assert case_study.enquiry_name == "Pat Person" and case_study.is_published
    personal_data_erase(email=EMAIL, withdraw_published_consent=True)
    case_study.refresh_from_db()
    assert (case_study.enquiry_name, case_study.enquiry_email, case_study.enquiry_consent) == ("", "", False)
    assert case_study.body == WORDS_300 and case_study.is_published


def test_admin_page_exports_and_erases_for_superusers(admin_client, held):
    url = reverse("admin-personal-data")
    page = admin_client.post(url, {"email": EMAIL, "action": "find"})
    assert held["eoi"].reference in page.content.decode()
    download = admin_client.post(url, {"email": EMAIL, "action": "export"})
    assert download["Content-Type"].startswith("application/json")
    assert json.loads(download.content)["expressions_of_interest"][0]["contact_name"] == "Pat Person"
    unconfirmed = admin_client.post(url, {"email": EMAIL, "action": "erase"})
    assert "Tick the box to confirm the erasure" in unconfirmed.content.decode()
    assert ExpressionOfInterest.objects.filter(contact_email=EMAIL).exists()
    done = admin_client.post(url, {"email": EMAIL, "action": "erase", "confirm_erase": "on"}, follow=True)
    assert "Erased: 1 expression(s) of interest" in done.content.decode()
    assert not ExpressionOfInterest.objects.filter(contact_email=EMAIL).exists()


def test_admin_page_is_for_superusers_only(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("admin-personal-data")).status_code == 403


def test_admin_page_needs_a_login(client, db):
    response = client.get(reverse("admin-personal-data"))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_bad_email_is_an_error_not_a_crash(admin_client):
    response = admin_client.post(reverse("admin-personal-data"), {"email": "<script>", "action": "export"})
    assert response.status_code == 200
    assert "Enter a valid email address" in response.content.decode()
