"""Every status move: each legal one works and is recorded; every illegal one is refused."""

import functools

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from casestudies import links, workflow
from casestudies.models import CaseStudy, Contribution, EmailLog, IllegalTransition, StatusChange

from .case_study_helpers import complete_text
from .factories import CaseStudyFactory, ContributionFactory, PrincipleFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

C = Contribution.Status
S = CaseStudy.Status

CONTRIBUTION_ACTIONS = {
    C.SHORTLISTED: workflow.contribution_shortlist,
    C.DECLINED: workflow.contribution_decline,
    C.WITHDRAWN: workflow.contribution_withdraw,
    C.INVITED: workflow.contribution_invite,
}
# How to reach each contribution status from submitted, by legal moves.
CONTRIBUTION_PATHS = {
    C.SUBMITTED: [],
    C.SHORTLISTED: [C.SHORTLISTED],
    C.INVITED: [C.SHORTLISTED, C.INVITED],
    C.DECLINED: [C.DECLINED],
    C.WITHDRAWN: [C.WITHDRAWN],
}
LEGAL_CONTRIBUTION_MOVES = {(a, b) for a, targets in Contribution.TRANSITIONS.items() for b in targets}


def contribution_in(status, by):
    contribution = ContributionFactory()
    for step in CONTRIBUTION_PATHS[status]:
        CONTRIBUTION_ACTIONS[step](contribution=contribution, by=by)
    contribution.refresh_from_db()
    assert contribution.status == status
    return contribution


def test_contribution_status_line_is_the_one_the_spec_gives():
    assert LEGAL_CONTRIBUTION_MOVES == {
        (C.SUBMITTED, C.SHORTLISTED),
        (C.SUBMITTED, C.DECLINED),
        (C.SUBMITTED, C.WITHDRAWN),
        (C.SHORTLISTED, C.INVITED),
        (C.SHORTLISTED, C.DECLINED),
        (C.SHORTLISTED, C.WITHDRAWN),
    }


@pytest.mark.parametrize("start,target", sorted(LEGAL_CONTRIBUTION_MOVES))
def test_each_legal_contribution_move_is_made_and_recorded(start, target):
    by = StaffUserFactory()
    contribution = contribution_in(start, by)
    before = StatusChange.objects.count()
    CONTRIBUTION_ACTIONS[target](contribution=contribution, by=by)
    contribution.refresh_from_db()
    assert contribution.status == target
    assert contribution.status_changed_at is not None
    change = StatusChange.objects.for_object(contribution).last()
    assert (change.from_status, change.to_status, change.by) == (start, target, by)
    assert StatusChange.objects.count() > before


@pytest.mark.parametrize(
    "start,target",
    sorted((a, b) for a in C.values for b in CONTRIBUTION_ACTIONS if (a, b) not in LEGAL_CONTRIBUTION_MOVES),
)
def test_each_illegal_contribution_move_is_refused_and_nothing_is_written(start, target):
    by = StaffUserFactory()
    contribution = contribution_in(start, by)
    changes, emails, case_studies = StatusChange.objects.count(), EmailLog.objects.count(), CaseStudy.objects.count()
    with pytest.raises(IllegalTransition):
        CONTRIBUTION_ACTIONS[target](contribution=contribution, by=by)
    contribution.refresh_from_db()
    assert contribution.status == start
    assert StatusChange.objects.count() == changes
    assert EmailLog.objects.count() == emails
    assert CaseStudy.objects.count() == case_studies


def test_inviting_creates_an_invited_case_study_with_a_private_link_and_emails_it(django_capture_on_commit_callbacks):
    by = StaffUserFactory()
    contribution = contribution_in(C.SHORTLISTED, by)
    with django_capture_on_commit_callbacks(execute=True):
        case_study = workflow.contribution_invite(contribution=contribution, by=by)
    assert case_study.status == S.INVITED
    assert case_study.call == contribution.eoi.call
    assert case_study.theme == contribution.theme
    assert len(case_study.access_key) >= 40
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [contribution.eoi.contact_email]
    assert "/write/" in message.body
    # The link in the email opens this case study, and only while its key is current.
    token = message.body.split("/write/")[1].split("/")[0]
    assert links.case_study_from_token(token) == (case_study, None)
    assert EmailLog.objects.get(kind="case_study_invitation").status == EmailLog.Status.SENT


def test_declining_sends_a_courteous_email_after_commit(django_capture_on_commit_callbacks):
    by = StaffUserFactory()
    contribution = ContributionFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.contribution_decline(contribution=contribution, by=by)
    assert mail.outbox == []  # nothing is sent before the transaction commits
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    assert "sorry" in mail.outbox[0].body


# --- case studies ---------------------------------------------------------------------------

LEGAL_CASE_STUDY_MOVES = {(a, b) for a, targets in CaseStudy.TRANSITIONS.items() for b in targets}


def test_case_study_status_line_is_the_one_the_spec_gives():
    assert LEGAL_CASE_STUDY_MOVES == {
        (S.INVITED, S.DRAFT),
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.CHANGES_REQUESTED),
        (S.CHANGES_REQUESTED, S.SUBMITTED),
        (S.SUBMITTED, S.APPROVED),
        (S.APPROVED, S.PUBLISHED),
        (S.PUBLISHED, S.UNPUBLISHED),
        (S.UNPUBLISHED, S.PUBLISHED),
    }


WORDS_300 = " ".join(["word"] * 300)


def case_study_in(status, by):
    case_study = CaseStudyFactory()
    steps = {
        S.INVITED: [],
        S.DRAFT: ["draft"],
        S.SUBMITTED: ["draft", "submit"],
        S.CHANGES_REQUESTED: ["draft", "submit", "changes"],
        S.APPROVED: ["draft", "submit", "approve"],
        S.PUBLISHED: ["draft", "submit", "approve", "publish"],
        S.UNPUBLISHED: ["draft", "submit", "approve", "publish", "unpublish"],
    }[status]
    for step in steps:
        case_study.refresh_from_db()
        if step == "draft":
            workflow.case_study_save(
                case_study=case_study,
                changes=complete_text(title="Food hub", body=WORDS_300),
                expected_version=case_study.version,
                principles=[PrincipleFactory()],
            )
        else:
            move_case_study(step, case_study, by)
    case_study.refresh_from_db()
    assert case_study.status == status
    return case_study


def move_case_study(step, case_study, by):
    if step == "submit":
        return workflow.case_study_submit(case_study=case_study)[0]
    if step == "changes":
        return workflow.case_study_request_changes(case_study=case_study, by=by, note="Shorter, please.")
    return {
        "approve": workflow.case_study_approve,
        "publish": workflow.case_study_publish,
        "unpublish": functools.partial(workflow.case_study_unpublish, note="Taken down to correct a name."),
    }[step](case_study=case_study, by=by)


STEP_FOR_TARGET = {
    S.SUBMITTED: "submit",
    S.CHANGES_REQUESTED: "changes",
    S.APPROVED: "approve",
    S.PUBLISHED: "publish",
    S.UNPUBLISHED: "unpublish",
}


@pytest.mark.parametrize("start,target", sorted((a, b) for (a, b) in LEGAL_CASE_STUDY_MOVES if b in STEP_FOR_TARGET))
def test_each_legal_case_study_move_is_made_and_recorded(start, target):
    by = StaffUserFactory()
    case_study = case_study_in(start, by)
    move_case_study(STEP_FOR_TARGET[target], case_study, by)
    case_study.refresh_from_db()
    assert case_study.status == target
    change = StatusChange.objects.for_object(case_study).last()
    assert (change.from_status, change.to_status) == (start, target)


@pytest.mark.parametrize(
    "start,target",
    sorted(
        (a, b)
        for a in S.values
        for b in STEP_FOR_TARGET
        if (a, b) not in LEGAL_CASE_STUDY_MOVES
        # invited → submitted is the one allowed shortcut: submit saves through draft.
        and (a, b) != (S.INVITED, S.SUBMITTED)
        # submitted → submitted is a repeat (a double click), answered without a move: see below.
        and (a, b) != (S.SUBMITTED, S.SUBMITTED)
    ),
)
def test_each_illegal_case_study_move_is_refused(start, target):
    by = StaffUserFactory()
    case_study = case_study_in(start, by)
    changes = StatusChange.objects.count()
    with pytest.raises(ValidationError):
        move_case_study(STEP_FOR_TARGET[target], case_study, by)
    case_study.refresh_from_db()
    assert case_study.status == start
    assert StatusChange.objects.count() == changes


def test_submitting_a_submitted_case_study_again_changes_nothing():
    by = StaffUserFactory()
    case_study = case_study_in(S.SUBMITTED, by)
    changes = StatusChange.objects.count()
    again, submitted = workflow.case_study_submit(case_study=case_study)
    assert (again.status, submitted) == (S.SUBMITTED, False)
    assert StatusChange.objects.count() == changes


def test_publishing_gives_a_slug_and_dates_and_republishing_keeps_the_first_date():
    by = StaffUserFactory()
    case_study = case_study_in(S.PUBLISHED, by)
    assert case_study.slug and case_study.published_at and case_study.first_published_at
    first = case_study.first_published_at
    workflow.case_study_unpublish(case_study=case_study, by=by, note="Taken down to correct a name.")
    workflow.case_study_publish(case_study=case_study, by=by)
    case_study.refresh_from_db()
    assert case_study.first_published_at == first
    assert case_study.published_at >= first


def test_submit_refuses_a_case_study_outside_the_word_range():
    case_study = CaseStudyFactory()
    workflow.case_study_save(
        case_study=case_study,
        changes=complete_text(body="too short"),
        expected_version=1,
        principles=[PrincipleFactory()],
    )
    case_study.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        workflow.case_study_submit(case_study=case_study)
    assert set(caught.value.message_dict) == {"body"}
    assert "it has 2" in caught.value.message_dict["body"][0]
    case_study.refresh_from_db()
    assert case_study.status == S.DRAFT


def test_a_stale_save_is_refused_and_the_newer_text_stays():
    case_study = CaseStudyFactory()
    workflow.case_study_save(case_study=case_study, changes={"body": "first tab"}, expected_version=1)
    with pytest.raises(ValidationError) as caught:
        workflow.case_study_save(case_study=case_study, changes={"body": "second tab"}, expected_version=1)
    assert caught.value.code == "case_study_stale"
    case_study.refresh_from_db()
    assert case_study.body == "first tab"


def test_request_changes_needs_a_note():
    by = StaffUserFactory()
    case_study = case_study_in(S.SUBMITTED, by)
    with pytest.raises(ValidationError):
        workflow.case_study_request_changes(case_study=case_study, by=by, note="  ")
