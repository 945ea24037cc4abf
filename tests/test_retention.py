"""Personal data is kept no longer than the call's retention period."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from casestudies import workflow
from casestudies.models import CaseStudy, EmailLog, ExpressionOfInterest, SavedEoi
from casestudies.retention import purge_personal_data

from .case_study_helpers import write_and_submit
from .factories import CallFactory, ContributionFactory, ExpressionOfInterestFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

WORDS_300 = " ".join(["word"] * 300)


@pytest.fixture
def story(django_capture_on_commit_callbacks):
    """One call with: a declined EOI, a withdrawn one, an invited one that never submitted,
    a submitted and published one (with consent), and an unfinished saved EOI."""
    by = StaffUserFactory()
    call = CallFactory(retention_days=30)
    with django_capture_on_commit_callbacks(execute=True):
        declined = ContributionFactory(eoi=ExpressionOfInterestFactory(call=call))
        workflow.contribution_decline(contribution=declined, by=by)
        withdrawn = ContributionFactory(eoi=ExpressionOfInterestFactory(call=call))
        workflow.contribution_withdraw(contribution=withdrawn, by=by)
        stale = ContributionFactory(eoi=ExpressionOfInterestFactory(call=call))
        workflow.contribution_shortlist(contribution=stale, by=by)
        stale_case_study = workflow.contribution_invite(contribution=stale, by=by)
        workflow.case_study_save(
            case_study=stale_case_study,
            changes={"body": "draft", "enquiry_name": "Pat Draft", "enquiry_email": "pat@example.org"},
            expected_version=1,
        )
        published = ContributionFactory(eoi=ExpressionOfInterestFactory(call=call))
        workflow.contribution_shortlist(contribution=published, by=by)
        case_study = workflow.contribution_invite(contribution=published, by=by)
        write_and_submit(
            case_study,
            title="Hubs",
            body=WORDS_300,
            enquiry_name="Sam Public",
            enquiry_email="sam@example.org",
            enquiry_consent=True,
        )
        workflow.case_study_approve(case_study=case_study, by=by)
        workflow.case_study_publish(case_study=case_study, by=by)
        saved = workflow.eoi_save_for_later(
            call=call, answers={"contact": {"contact_name": "Unfinished"}}, contact_email="u@example.org"
        )
    return {
        "call": call,
        "declined": declined.eoi,
        "withdrawn": withdrawn.eoi,
        "stale": stale.eoi,
        "stale_case_study": stale_case_study,
        "published": published.eoi,
        "case_study": case_study,
        "saved": saved,
    }


def after_retention(call, days=1):
    return call.case_study_deadline_at + datetime.timedelta(days=call.retention_days + days)


def test_nothing_is_removed_before_the_retention_period_ends(story):
    call = story["call"]
    report = purge_personal_data(now=after_retention(call, days=-1))
    assert report.eois_anonymised == 0
    assert ExpressionOfInterest.objects.filter(contact_email="").count() == 0
    assert report.saved_eois_deleted == 1  # unfinished EOIs go as soon as the EOI deadline passes


def test_unsuccessful_eois_and_stale_drafts_lose_their_personal_data_after_retention(story):
    report = purge_personal_data(now=after_retention(story["call"]))
    assert report.eois_anonymised == 3
    for key in ("declined", "withdrawn", "stale"):
        eoi = ExpressionOfInterest.objects.get(pk=story[key].pk)
        assert (eoi.contact_name, eoi.contact_role, eoi.contact_email, eoi.contact_phone) == ("", "", "", "")
        assert eoi.personal_data_removed_at is not None
        assert eoi.contributions.exists()  # the ideas stay, for the record of the call
    stale = CaseStudy.objects.get(pk=story["stale_case_study"].pk)
    assert (stale.enquiry_name, stale.enquiry_email) == ("", "")
    assert stale.body == "draft"
    assert not SavedEoi.objects.exists()


def test_published_consented_content_and_its_council_contact_are_kept(story):
    purge_personal_data(now=after_retention(story["call"]))
    eoi = ExpressionOfInterest.objects.get(pk=story["published"].pk)
    assert eoi.contact_email and eoi.personal_data_removed_at is None
    case_study = CaseStudy.objects.get(pk=story["case_study"].pk)
    assert case_study.enquiry_name == "Sam Public" and case_study.is_published


def test_emails_about_removed_people_are_redacted(story):
    addresses = {story[key].contact_email for key in ("declined", "stale")}
    assert EmailLog.objects.filter(to__in=addresses).exists()
    report = purge_personal_data(now=after_retention(story["call"]))
    assert report.emails_redacted >= 2
    assert not EmailLog.objects.filter(to__in=addresses | {"u@example.org"}).exists()
    assert EmailLog.objects.filter(to=story["published"].contact_email).exists()


def test_dry_run_changes_nothing(story):
    report = purge_personal_data(now=after_retention(story["call"]), dry_run=True)
    assert report.eois_anonymised == 3
    assert not ExpressionOfInterest.objects.filter(contact_email="").exists()
    assert SavedEoi.objects.count() == 1


def test_running_twice_removes_nothing_more(story):
    now = after_retention(story["call"])
    purge_personal_data(now=now)
    again = purge_personal_data(now=now)
    assert (again.eois_anonymised, again.case_studies_cleared, again.saved_eois_deleted) == (0, 0, 0)


def test_the_command_reports_what_it_did(story, settings):
    out = StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    assert "Would remove" in out.getvalue()
