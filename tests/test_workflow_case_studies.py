"""The case study's own actions: saving through the link, submitting once, the editing loop, and the link."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from casestudies import images, links, workflow
from casestudies.models import CaseStudy, EmailLog, StatusChange
from casestudies.workflow import (
    case_study_problems,
    case_study_reissue_link,
    case_study_request_changes,
    case_study_revoke_link,
    case_study_save,
    case_study_submit,
)

from .case_study_helpers import image_bytes, invited_case_study, upload
from .factories import PrincipleFactory, StaffUserFactory, words

pytestmark = pytest.mark.django_db
S = CaseStudy.Status


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


COMPLETE = {
    "title": "Food hubs",
    "standfirst": "Neighbours ran food hubs.",
    "body": words(300),
    "outcomes": "Nobody went without.",
    "enquiry_name": "Sam",
    "enquiry_role": "Manager",
    "enquiry_email": "sam@example.gov.uk",
}


def complete(case_study, **changes):
    case_study.refresh_from_db()
    return case_study_save(
        case_study=case_study,
        changes={**COMPLETE, **changes},
        expected_version=case_study.version,
        principles=[PrincipleFactory()],
    )


# --- saving ------------------------------------------------------------------------------------


def test_a_draft_of_any_length_is_saved_and_the_first_save_moves_invited_to_draft():
    case_study = invited_case_study()
    saved = case_study_save(case_study=case_study, changes={"body": "three short words"}, expected_version=1)
    assert saved.status == S.DRAFT and saved.body == "three short words" and saved.version == 2
    change = StatusChange.objects.for_object(case_study).last()
    assert (change.from_status, change.to_status, change.by_label) == (S.INVITED, S.DRAFT, workflow.COUNCIL_BY_LINK)


def test_saving_after_the_deadline_is_refused_and_nothing_is_written():
    case_study = invited_case_study()
    case_study_save(case_study=case_study, changes={"body": "kept"}, expected_version=1)
    with time_machine.travel(case_study.call.case_study_deadline_at, tick=False):
        with pytest.raises(ValidationError) as caught:
            case_study_save(case_study=case_study, changes={"body": "late"}, expected_version=2)
    assert caught.value.code == "case_study_closed"
    case_study.refresh_from_db()
    assert case_study.body == "kept" and case_study.version == 2


def test_an_extension_lets_the_council_save_after_the_call_deadline():
    case_study = invited_case_study()
    deadline = case_study.call.case_study_deadline_at
    CaseStudy.objects.filter(pk=case_study.pk).update(deadline_extended_to=deadline + datetime.timedelta(days=3))
    with time_machine.travel(deadline + datetime.timedelta(days=1), tick=False):
        saved = case_study_save(case_study=case_study, changes={"body": "late but allowed"}, expected_version=1)
    assert saved.body == "late but allowed"


def test_a_new_image_is_stored_and_the_one_it_replaces_is_deleted_after_commit(
    tmp_path, django_capture_on_commit_callbacks
):
    case_study = invited_case_study()
    first = images.image_process(upload(image_bytes(size=(900, 600))))
    with django_capture_on_commit_callbacks(execute=True):
        saved = case_study_save(case_study=case_study, changes={}, expected_version=1, image=first)
    old_display, old_thumbnail = saved.image.name, saved.image_thumbnail.name
    assert (tmp_path / old_display).read_bytes() == first.display
    second = images.image_process(upload(image_bytes(size=(700, 700))))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        saved = case_study_save(case_study=case_study, changes={}, expected_version=saved.version, image=second)
    assert (tmp_path / old_display).exists()  # not before commit
    for callback in callbacks:
        callback()
    assert not (tmp_path / old_display).exists() and not (tmp_path / old_thumbnail).exists()
    assert (tmp_path / saved.image.name).read_bytes() == second.display


def test_removing_the_image_clears_both_sizes(tmp_path, django_capture_on_commit_callbacks):
    case_study = invited_case_study()
    processed = images.image_process(upload(image_bytes()))
    with django_capture_on_commit_callbacks(execute=True):
        saved = case_study_save(case_study=case_study, changes={}, expected_version=1, image=processed)
        name = saved.image.name
        saved = case_study_save(case_study=case_study, changes={}, expected_version=saved.version, remove_image=True)
    saved.refresh_from_db()
    assert not saved.image and not saved.image_thumbnail
    assert not (tmp_path / name).exists()


def test_a_stale_save_with_an_image_writes_no_file(tmp_path):
    case_study = invited_case_study()
    case_study_save(case_study=case_study, changes={"body": "first tab"}, expected_version=1)
    processed = images.image_process(upload(image_bytes()))
    with pytest.raises(ValidationError) as caught:
        case_study_save(case_study=case_study, changes={"body": "second tab"}, expected_version=1, image=processed)
    assert caught.value.code == "case_study_stale"
    assert not (tmp_path / "case-studies").exists()
    case_study.refresh_from_db()
    assert case_study.body == "first tab"


# --- what a submission needs -------------------------------------------------------------------


def test_problems_list_every_missing_part_in_the_order_of_the_form():
    case_study = invited_case_study()
    assert list(case_study_problems(case_study=case_study)) == [
        "title",
        "standfirst",
        "body",
        "principles",
        "outcomes",
        "enquiry_name",
        "enquiry_role",
        "enquiry_email",
    ]
    complete(case_study)
    case_study.refresh_from_db()
    assert case_study_problems(case_study=case_study) == {}


def test_an_image_needs_alt_text_and_a_credit_before_submission():
    case_study = invited_case_study()
    processed = images.image_process(upload(image_bytes()))
    saved = complete(case_study)
    saved = case_study_save(case_study=case_study, changes={}, expected_version=saved.version, image=processed)
    problems = case_study_problems(case_study=saved)
    assert list(problems) == ["image_alt", "image_credit"]


# --- submitting ----------------------------------------------------------------------------------


def test_submitting_a_complete_case_study_emails_the_council_and_ccin_comms_after_commit(
    django_capture_on_commit_callbacks,
):
    case_study = invited_case_study(contact_email="officer@example.gov.uk")
    saved = complete(case_study)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submitted, created = case_study_submit(case_study=saved, expected_version=saved.version)
    assert created and submitted.status == S.SUBMITTED and submitted.submitted_at
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert sorted(message.to[0] for message in mail.outbox) == ["comms@councils.coop", "officer@example.gov.uk"]
    council_email = next(m for m in mail.outbox if m.to == ["officer@example.gov.uk"])
    editors_email = next(m for m in mail.outbox if m.to == ["comms@councils.coop"])
    assert "Food hubs" in council_email.body and "/write/" in council_email.body
    assert "/admin/casestudies/casestudy/" in editors_email.body and "300 words" in editors_email.body
    assert "/write/" not in editors_email.body
    assert set(EmailLog.objects.filter(kind__startswith="case_study_submitted").values_list("kind", "status")) == {
        ("case_study_submitted", EmailLog.Status.SENT),
        ("case_study_submitted_editors", EmailLog.Status.SENT),
    }


def test_a_second_submit_changes_nothing_and_sends_nothing():
    case_study = invited_case_study()
    saved = complete(case_study)
    case_study_submit(case_study=saved, expected_version=saved.version)
    changes, sent = StatusChange.objects.count(), EmailLog.objects.count()
    again, created = case_study_submit(case_study=saved, expected_version=saved.version)
    assert not created and again.status == S.SUBMITTED
    assert StatusChange.objects.count() == changes and EmailLog.objects.count() == sent


def test_an_incomplete_case_study_is_refused_with_every_problem_by_field():
    case_study = invited_case_study()
    case_study_save(case_study=case_study, changes={"title": "Only a title"}, expected_version=1)
    with pytest.raises(ValidationError) as caught:
        case_study_submit(case_study=case_study)
    assert "principles" in caught.value.message_dict and "body" in caught.value.message_dict
    assert "title" not in caught.value.message_dict
    case_study.refresh_from_db()
    assert case_study.status == S.DRAFT and not EmailLog.objects.filter(kind__startswith="case_study_sub").exists()


@pytest.mark.parametrize("count", [249, 351])
def test_submission_outside_the_word_range_is_refused(count):
    case_study = invited_case_study()
    complete(case_study, body=words(count))
    with pytest.raises(ValidationError) as caught:
        case_study_submit(case_study=case_study)
    assert caught.value.message_dict["body"] == [f"The case study must be 250 to 350 words; it has {count}."]


def test_submission_at_the_deadline_is_refused():
    case_study = invited_case_study()
    saved = complete(case_study)
    with time_machine.travel(case_study.call.case_study_deadline_at, tick=False):
        with pytest.raises(ValidationError) as caught:
            case_study_submit(case_study=saved)
    assert caught.value.code == "case_study_closed"


def test_submission_of_a_version_other_than_the_one_checked_is_refused():
    case_study = invited_case_study()
    saved = complete(case_study)
    with pytest.raises(ValidationError) as caught:
        case_study_submit(case_study=saved, expected_version=saved.version - 1)
    assert caught.value.code == "case_study_stale"


# --- the editing loop ----------------------------------------------------------------------------


def submitted(case_study):
    saved = complete(case_study)
    return case_study_submit(case_study=saved)[0]


def test_requesting_changes_emails_the_comments_and_the_link(django_capture_on_commit_callbacks):
    case_study = submitted(invited_case_study(contact_email="officer@example.gov.uk"))
    editor = StaffUserFactory()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moved = case_study_request_changes(case_study=case_study, by=editor, note="Name <b>partners</b>.")
    assert moved.status == S.CHANGES_REQUESTED
    change = StatusChange.objects.for_object(case_study).last()
    assert (change.to_status, change.by, change.note) == (S.CHANGES_REQUESTED, editor, "Name <b>partners</b>.")
    [message] = mail.outbox
    assert message.to == ["officer@example.gov.uk"]
    assert "Name <b>partners</b>." in message.body
    assert "Name &lt;b&gt;partners&lt;/b&gt;." in message.alternatives[0].content
    token = message.body.split("/write/")[1].split("/")[0]
    assert links.case_study_from_token(token)[0] == case_study


def test_requesting_changes_after_the_deadline_can_give_a_new_one():
    case_study = submitted(invited_case_study())
    deadline = case_study.call.case_study_deadline_at
    new_deadline = deadline + datetime.timedelta(days=14)
    with time_machine.travel(deadline + datetime.timedelta(days=2), tick=False):
        case_study_request_changes(case_study=case_study, by=StaffUserFactory(), note="Shorter.", reply_by=new_deadline)
        case_study.refresh_from_db()
        assert case_study.deadline == new_deadline
        assert case_study.call.case_study_is_open(extended_to=case_study.deadline_extended_to)


def test_a_new_deadline_in_the_past_is_refused_and_nothing_changes():
    case_study = submitted(invited_case_study())
    with pytest.raises(ValidationError) as caught:
        case_study_request_changes(
            case_study=case_study,
            by=StaffUserFactory(),
            note="Shorter.",
            reply_by=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
        )
    assert caught.value.code == "reply_by_past"
    case_study.refresh_from_db()
    assert case_study.status == S.SUBMITTED


def test_requesting_changes_to_a_draft_is_refused_with_the_models_message_and_no_email():
    case_study = invited_case_study()
    case_study_save(case_study=case_study, changes={"body": "draft"}, expected_version=1)
    with pytest.raises(ValidationError) as caught:
        case_study_request_changes(case_study=case_study, by=StaffUserFactory(), note="More.")
    assert caught.value.messages == ["A case study that is draft cannot be changes requested."]
    assert not EmailLog.objects.filter(kind="case_study_changes_requested").exists()


def test_resubmitting_after_changes_makes_one_more_submission():
    case_study = submitted(invited_case_study())
    case_study_request_changes(case_study=case_study, by=StaffUserFactory(), note="Shorter.")
    case_study.refresh_from_db()
    saved = case_study_save(case_study=case_study, changes={"body": words(260)}, expected_version=case_study.version)
    again, created = case_study_submit(case_study=saved, expected_version=saved.version)
    assert created and again.status == S.SUBMITTED
    moves = list(StatusChange.objects.for_object(case_study).values_list("to_status", flat=True))
    assert moves == [S.INVITED, S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED, S.SUBMITTED]


# --- the private link ------------------------------------------------------------------------------


def test_reissuing_the_link_stops_the_old_one_and_emails_the_new_one(django_capture_on_commit_callbacks):
    case_study = invited_case_study()
    old_token = links.case_study_link_token(case_study)
    case_study_save(case_study=case_study, changes={"body": "kept draft"}, expected_version=1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reissued = case_study_reissue_link(case_study=case_study, by=StaffUserFactory())
    assert links.case_study_from_token(old_token) == (None, links.LinkProblem.REVOKED)
    [message] = mail.outbox
    new_token = message.body.split("/write/")[1].split("/")[0]
    opened, problem = links.case_study_from_token(new_token)
    assert problem is None and opened == reissued and opened.body == "kept draft"
    assert EmailLog.objects.get(kind="case_study_link_reissued").status == EmailLog.Status.SENT


def test_revoking_the_link_stops_it_and_reissuing_restores_access():
    case_study = invited_case_study()
    token = links.case_study_link_token(case_study)
    case_study_revoke_link(case_study=case_study, by=StaffUserFactory())
    assert links.case_study_from_token(token) == (None, links.LinkProblem.REVOKED)
    assert not EmailLog.objects.filter(kind="case_study_link_reissued").exists()
    reissued = case_study_reissue_link(case_study=case_study, by=StaffUserFactory())
    assert reissued.access_revoked_at is None
    assert links.case_study_from_token(links.case_study_link_token(reissued)) == (reissued, None)
    assert links.case_study_from_token(token)[1] == links.LinkProblem.REVOKED
