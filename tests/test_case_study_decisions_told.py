"""The council hears about every editors' decision (approved, published, unpublished, a later
deadline), each email logged and resendable; every action, moving a status or not, is in the
history with its note, read in words; the confirmation page names the councils and the emails."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casestudies import workflow
from casestudies.admin.history import change_in_words
from casestudies.emails import EMAIL_KINDS
from casestudies.models import CaseStudy, EmailLog, Publication, StatusChange

from .case_study_helpers import invited_case_study, write_and_submit
from .factories import EditorFactory, StaffUserFactory

pytestmark = pytest.mark.django_db
S = CaseStudy.Status
DECIDE = "admin:casestudies_casestudy_decide"


def approved(**kwargs) -> CaseStudy:
    case_study = invited_case_study(**kwargs)
    write_and_submit(case_study)
    return workflow.case_study_approve(case_study=case_study, by=StaffUserFactory())


def last_email(kind: str) -> EmailLog:
    return EmailLog.objects.filter(kind=kind).latest("pk")


def test_approval_tells_the_council_when_publication_is_planned(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        case_study = approved(contact_email="officer@council.example")
    log = last_email("case_study_approved")
    assert log.to == "officer@council.example" and log.status == EmailLog.Status.SENT
    assert log.object_id == case_study.pk
    month = case_study.call.publication_month.strftime("%B %Y")
    assert f"We plan to publish it in {month}" in log.body_text
    assert mailoutbox[-1].to == ["officer@council.example"]


def test_approval_gives_the_day_once_the_publication_has_one():
    case_study = invited_case_study()
    Publication.objects.create(
        call=case_study.call, title="Report", slug="report", introduction="Hi", published_on=datetime.date(2031, 10, 1)
    )
    write_and_submit(case_study)
    workflow.case_study_approve(case_study=case_study, by=StaffUserFactory())
    assert "We plan to publish it on 1 October 2031" in last_email("case_study_approved").body_text


def test_publishing_emails_the_public_link_the_attribution_and_the_licence(settings):
    case_study = approved()
    published = workflow.case_study_publish(case_study=case_study, by=EditorFactory())
    log = last_email("case_study_published")
    assert f"{settings.SITE_URL}/case-studies/{published.slug}/" in log.body_text
    assert "Creative Commons Attribution 4.0 International (CC BY 4.0)" in log.body_text
    assert f"by {published.council_name}, from the CCIN case studies" in log.body_text
    assert f'href="{settings.SITE_URL}/case-studies/{published.slug}/"' in log.body_html


def test_the_published_email_escapes_what_the_council_wrote():
    case_study = invited_case_study()
    write_and_submit(case_study, title="<script>alert(1)</script> & hubs")
    workflow.case_study_approve(case_study=case_study, by=StaffUserFactory())
    workflow.case_study_publish(case_study=case_study, by=EditorFactory())
    log = last_email("case_study_published")
    assert "<script>" not in log.body_html and "&lt;script&gt;" in log.body_html


def test_unpublishing_emails_the_reason_the_editor_gave():
    case_study = approved()
    editor = EditorFactory()
    workflow.case_study_publish(case_study=case_study, by=editor)
    workflow.case_study_unpublish(case_study=case_study, by=editor, note="A resident's name must come out.")
    log = last_email("case_study_unpublished")
    assert "A resident's name must come out." in log.body_text
    assert "A resident&#x27;s name must come out." in log.body_html


def test_a_failed_decision_email_leaves_the_decision_standing_and_can_be_resent(
    settings, admin_client, django_capture_on_commit_callbacks, mailoutbox
):
    case_study = approved()
    settings.EMAIL_BACKEND = "tests.failing_email.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        workflow.case_study_publish(case_study=case_study, by=EditorFactory())
    case_study.refresh_from_db()
    assert case_study.status == S.PUBLISHED
    log = last_email("case_study_published")
    assert log.status == EmailLog.Status.FAILED and "SMTP server down" in log.error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    changelist = reverse("admin:casestudies_emaillog_changelist")
    admin_client.post(changelist, {"action": "resend", "_selected_action": [log.pk]})
    log.refresh_from_db()
    assert log.status == EmailLog.Status.SENT
    assert mailoutbox[-1].subject == log.subject


def test_extending_the_deadline_records_it_and_emails_the_new_date():
    case_study = invited_case_study()
    later = case_study.deadline + datetime.timedelta(days=14)
    by = StaffUserFactory(first_name="Jo", last_name="Bloggs")
    workflow.case_study_extend_deadline(case_study=case_study, by=by, new_deadline=later, note="Staff ill")
    case_study.refresh_from_db()
    assert case_study.deadline == later
    change = StatusChange.objects.for_object(case_study).latest("pk")
    assert (change.event, change.from_status, change.to_status, change.note) == (
        "extend-deadline",
        S.INVITED,
        S.INVITED,
        "Staff ill",
    )
    assert change_in_words(change).startswith("Deadline extended by Jo Bloggs, ")
    assert change_in_words(change).endswith(": Staff ill")
    log = last_email("case_study_deadline_extended")
    assert "Staff ill" in log.body_text and later.astimezone(timezone.get_current_timezone()).strftime("%-d %B") in (
        log.subject + log.body_text
    )


def test_a_deadline_that_is_not_later_is_refused_and_nothing_is_written():
    case_study = invited_case_study()
    before = (StatusChange.objects.count(), EmailLog.objects.count())
    with pytest.raises(ValidationError) as caught:
        workflow.case_study_extend_deadline(
            case_study=case_study, by=StaffUserFactory(), new_deadline=case_study.deadline - datetime.timedelta(days=1)
        )
    assert caught.value.code == "deadline_not_later"
    assert (StatusChange.objects.count(), EmailLog.objects.count()) == before


@pytest.mark.parametrize("name", ["remind", "reissue-link", "revoke-link"])
def test_an_action_that_moves_no_status_is_in_the_history_with_its_note(name):
    case_study = invited_case_study()
    workflow.CASE_STUDY_ACTIONS[name].function(case_study=case_study, by=StaffUserFactory(), note="Asked by phone")
    change = StatusChange.objects.for_object(case_study).latest("pk")
    assert change.event == name and change.from_status == change.to_status == S.INVITED
    assert change.note == "Asked by phone"
    assert change_in_words(change).startswith(str(workflow.CASE_STUDY_ACTIONS[name].history) + " by ")


def test_the_history_reads_in_words_never_codes(client):
    case_study = invited_case_study()
    write_and_submit(case_study)
    editor = StaffUserFactory(first_name="Jo", last_name="Bloggs")
    workflow.case_study_request_changes(case_study=case_study, by=editor, note="add the outcomes")
    change = StatusChange.objects.for_object(case_study).latest("pk")
    local = timezone.localtime(change.at)
    assert change_in_words(change) == f"Changes requested by Jo Bloggs, {local:%-d %b %Y %H:%M}: add the outcomes"
    client.force_login(editor)
    page = client.get(reverse("admin:casestudies_casestudy_change", args=[case_study.pk])).content.decode()
    assert "Changes requested by Jo Bloggs" in page and "changes_requested" not in page.split("history")[-1]
    history = client.get(reverse("admin:casestudies_statuschange_changelist")).content.decode()
    assert "Changes requested by Jo Bloggs" in history
    filtered = client.get(reverse("admin:casestudies_statuschange_changelist"), {"what": "event:remind"})
    assert filtered.status_code == 200


def test_the_email_log_names_each_kind_in_words(admin_client):
    approved()
    page = admin_client.get(reverse("admin:casestudies_emaillog_changelist")).content.decode()
    assert str(EMAIL_KINDS["case_study_approved"]) in page
    assert ">case_study_approved<" not in page


def test_every_kind_of_email_sent_is_named_in_words_and_has_its_wording():
    from casestudies.email_wording import DEFAULTS

    for action in (*workflow.CASE_STUDY_ACTIONS.values(), *workflow.CONTRIBUTION_ACTIONS.values()):
        if action.email_kind:
            assert action.email_kind in EMAIL_KINDS, action.name
    assert set(DEFAULTS) == set(EMAIL_KINDS)


@pytest.mark.parametrize("name", ["approve", "publish", "unpublish", "extend-deadline", "remind"])
def test_the_confirmation_page_names_the_councils_and_previews_the_email(client, name):
    case_study = {"approve": None}.get(name) or invited_case_study(contact_email="officer@council.example")
    if name in ("approve", "publish", "unpublish"):
        write_and_submit(case_study)
    if name in ("publish", "unpublish"):
        workflow.case_study_approve(case_study=case_study, by=StaffUserFactory())
    if name == "unpublish":
        workflow.case_study_publish(case_study=case_study, by=EditorFactory())
    client.force_login(EditorFactory())
    page = client.get(reverse(DECIDE, kwargs={"decision": name}), {"ids": case_study.pk}).content.decode()
    assert f"{case_study.council_name}): officer@council.example" in page
    assert "Email preview" in page and "Subject:" in page
    assert "Note" in page
