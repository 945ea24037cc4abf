"""Reviews, conflicts of interest, decisions over many rows, reminders and the CSV, at the
workflow layer: the rules hold whatever the admin shows or hides."""

import csv
import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from casestudies import access, links, review, workflow
from casestudies.models import CaseStudy, Contribution, EmailLog, Review, StatusChange
from casestudies.workflow.contributions import REVIEW_SCORE_OUT_OF_RANGE

from .case_study_helpers import write_and_submit
from .factories import CaseStudyFactory, ContributionFactory, ExpressionOfInterestFactory, ReviewerFactory
from .review_helpers import BODY_300, invite, shortlist

pytestmark = pytest.mark.django_db

C = Contribution.Status


# --- reviews -------------------------------------------------------------------------------------


def test_a_reviewer_saves_and_then_changes_their_own_review():
    contribution, reviewer = ContributionFactory(), ReviewerFactory()
    workflow.review_save(contribution=contribution, reviewer=reviewer, score=3, comment=" Good. ")
    workflow.review_save(contribution=contribution, reviewer=reviewer, score=5, comment="Better on reflection.")
    review_row = Review.objects.get()
    assert (review_row.score, review_row.comment, review_row.reviewer) == (5, "Better on reflection.", reviewer)


def test_reviews_by_others_are_left_alone():
    contribution, first, second = ContributionFactory(), ReviewerFactory(), ReviewerFactory()
    workflow.review_save(contribution=contribution, reviewer=first, score=2, comment="Thin.")
    workflow.review_save(contribution=contribution, reviewer=second, score=4)
    assert sorted(Review.objects.values_list("reviewer__username", "score")) == sorted(
        [(first.username, 2), (second.username, 4)]
    )


@pytest.mark.parametrize("score", [0, 6, -1, "3", 3.0, True, None])
def test_a_score_outside_1_to_5_is_refused_and_nothing_is_written(score):
    with pytest.raises(ValidationError) as caught:
        workflow.review_save(contribution=ContributionFactory(), reviewer=ReviewerFactory(), score=score)
    assert caught.value.code == "review_score"
    assert caught.value.messages == [str(REVIEW_SCORE_OUT_OF_RANGE)]
    assert not Review.objects.exists()


# --- conflicts of interest -----------------------------------------------------------------------


def own_council_row():
    contribution = ContributionFactory()
    return contribution, ReviewerFactory(council=contribution.eoi.council)


def test_reviewer_cannot_score_own_councils_contribution():
    contribution, reviewer = own_council_row()
    with pytest.raises(ValidationError) as caught:
        workflow.review_save(contribution=contribution, reviewer=reviewer, score=5)
    assert caught.value.code == "conflict_of_interest"
    expected = access.CONFLICT_OF_INTEREST % {"council": contribution.eoi.council.name}
    assert caught.value.messages == [expected]
    assert not Review.objects.exists()


DECISIONS = {
    "shortlist": (C.SUBMITTED, workflow.contribution_shortlist),
    "invite": (C.SHORTLISTED, workflow.contribution_invite),
    "decline": (C.SUBMITTED, workflow.contribution_decline),
}


@pytest.mark.parametrize("name", sorted(DECISIONS))
def test_reviewer_cannot_decide_own_councils_contribution(name):
    start, action = DECISIONS[name]
    contribution, reviewer = own_council_row()
    if start == C.SHORTLISTED:
        shortlist(contribution, ReviewerFactory())
    changes, emails = StatusChange.objects.count(), EmailLog.objects.count()
    with pytest.raises(ValidationError) as caught:
        action(contribution=contribution, by=reviewer)
    assert caught.value.code == "conflict_of_interest"
    contribution.refresh_from_db()
    assert contribution.status == start
    assert (StatusChange.objects.count(), EmailLog.objects.count()) == (changes, emails)
    assert not CaseStudy.objects.exists()


@pytest.mark.parametrize("name", sorted(DECISIONS))
def test_a_reviewer_from_another_council_may_decide(name):
    start, action = DECISIONS[name]
    contribution = ContributionFactory()
    reviewer = ReviewerFactory(council=ExpressionOfInterestFactory().council)
    if start == C.SHORTLISTED:
        shortlist(contribution, reviewer)
    action(contribution=contribution, by=reviewer)
    contribution.refresh_from_db()
    assert contribution.status != start


def test_a_contribution_from_an_unlisted_council_conflicts_with_no_one():
    contribution = ContributionFactory(eoi=ExpressionOfInterestFactory(council=None, council_name="Northmoor TC"))
    reviewer = ReviewerFactory(council=ExpressionOfInterestFactory().council)
    workflow.review_save(contribution=contribution, reviewer=reviewer, score=4)


# --- many rows at once ---------------------------------------------------------------------------


def test_a_bulk_decision_refuses_illegal_and_conflicted_rows_by_name_and_does_the_rest():
    by = ReviewerFactory()
    ready, only_submitted, own = ContributionFactory(), ContributionFactory(), ContributionFactory()
    by_with_council = ReviewerFactory(council=own.eoi.council)
    shortlist(ready, by)
    shortlist(own, by)
    rows = list(Contribution.objects.filter(pk__in=[ready.pk, only_submitted.pk, own.pk]).order_by("pk"))
    result = workflow.apply(
        action=workflow.CONTRIBUTION_ACTIONS["invite"],
        entity="contribution",
        objects=rows,
        by=by_with_council,
        note="Strong on food.",
    )
    assert result.done == [ready]
    refused = {c.pk: reason for c, reason in result.refused}
    assert refused[only_submitted.pk] == "A contribution that is submitted cannot be invited."
    assert refused[own.pk] == access.CONFLICT_OF_INTEREST % {"council": own.eoi.council.name}
    assert StatusChange.objects.for_object(ready).last().note == "Strong on food."
    assert review.row_label(own) == f"{own} ({own.eoi.council.name})"


def test_the_plan_says_what_a_decision_would_do_without_doing_it():
    ready, submitted = ContributionFactory(), ContributionFactory()
    shortlist(ready, ReviewerFactory())
    rows = list(Contribution.objects.filter(pk__in=[ready.pk, submitted.pk]).order_by("pk").select_related("eoi"))
    plan = workflow.plan(action=workflow.CONTRIBUTION_ACTIONS["invite"], objects=rows, user=ReviewerFactory())
    assert [(p.allowed, p.reason) for p in plan] == [
        (True, ""),
        (False, "A contribution that is submitted cannot be invited."),
    ]
    assert not CaseStudy.objects.exists()


def test_an_email_that_fails_leaves_the_decision_standing_and_can_be_resent(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.failing_email.Backend"
    by = ReviewerFactory()
    contribution = ContributionFactory()
    shortlist(contribution, by)
    with django_capture_on_commit_callbacks(execute=True):
        case_study = workflow.contribution_invite(contribution=contribution, by=by)
    contribution.refresh_from_db()
    assert contribution.status == C.INVITED
    assert CaseStudy.objects.get() == case_study
    log = EmailLog.objects.get(kind="case_study_invitation")
    assert log.status == EmailLog.Status.FAILED
    assert "SMTP server down" in log.error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from casestudies import emails

    assert emails.email_send(log_id=log.pk)
    assert len(mail.outbox) == 1


def test_bulk_decline_with_failing_email_counts_the_failures(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.failing_email.Backend"
    rows = [ContributionFactory(), ContributionFactory()]
    with django_capture_on_commit_callbacks(execute=True):
        result = workflow.apply(
            action=workflow.CONTRIBUTION_ACTIONS["decline"], entity="contribution", objects=rows, by=ReviewerFactory()
        )
    assert len(result.done) == 2
    assert set(Contribution.objects.values_list("status", flat=True)) == {C.DECLINED}


# --- reminders -----------------------------------------------------------------------------------


def invited_case_study():
    return invite(ContributionFactory(), ReviewerFactory())


def test_a_reminder_carries_the_current_private_link(django_capture_on_commit_callbacks):
    case_study = invited_case_study()
    case_study.access_key = links.new_access_key()  # a newer link was issued: only it works
    case_study.save(update_fields=["access_key"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        log = workflow.case_study_send_reminder(case_study=case_study, by=ReviewerFactory())
    assert log.kind == "case_study_reminder"
    assert EmailLog.objects.get(pk=log.pk).status == EmailLog.Status.SENT
    (message,) = mail.outbox
    assert message.to == [case_study.contribution.eoi.contact_email]
    assert message.subject.startswith("Reminder: your case study for")
    # The link is signed with a timestamp, so compare what it opens rather than its text.
    token = message.body.split("/write/")[1].split("/")[0]
    assert links.case_study_from_token(token) == (case_study, None)


def test_a_reminder_while_changes_are_requested_mentions_the_comments(django_capture_on_commit_callbacks):
    by = ReviewerFactory()
    case_study = invited_case_study()
    write_and_submit(case_study, body=BODY_300)
    workflow.case_study_request_changes(case_study=case_study, by=by, note="Add the outcomes.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.case_study_send_reminder(case_study=case_study, by=by)
    assert "asked for some changes" in mail.outbox[0].body


def test_no_reminder_for_a_submitted_case_study():
    case_study = invited_case_study()
    write_and_submit(case_study, body=BODY_300)
    before = EmailLog.objects.count()
    with pytest.raises(ValidationError) as caught:
        workflow.case_study_send_reminder(case_study=case_study, by=ReviewerFactory())
    assert caught.value.code == "reminder_not_needed"
    assert caught.value.messages == ["The case study is submitted, so it needs no reminder."]
    assert EmailLog.objects.count() == before


def test_no_reminder_when_the_link_is_revoked_or_the_deadline_has_passed():
    case_study = CaseStudyFactory()
    CaseStudy.objects.filter(pk=case_study.pk).update(access_revoked_at=timezone.now())
    with pytest.raises(ValidationError) as caught:
        workflow.case_study_send_reminder(case_study=case_study, by=None)
    assert caught.value.code == "reminder_link_revoked"
    late = CaseStudyFactory()
    with time_machine.travel(late.call.case_study_deadline_at + datetime.timedelta(seconds=1)):
        with pytest.raises(ValidationError) as caught:
            workflow.case_study_send_reminder(case_study=late, by=None)
    assert caught.value.code == "reminder_too_late"


# --- the CSV -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,expected",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+44 1632 960001", "'+44 1632 960001"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Plain text = fine", "Plain text = fine"),
        (4, 4),
    ],
)
def test_csv_cells_cannot_run_as_formulas(value, expected):
    assert review.csv_safe(value) == expected


def test_the_csv_has_phones_only_when_asked():
    eoi = ExpressionOfInterestFactory(contact_phone="01632 960001", council_name="")
    ContributionFactory(eoi=eoi, description="=cmd|' /C calc'!A0 " + "word " * 55)
    queryset = review.with_scores(Contribution.objects.all())
    without = list(csv.reader(io.StringIO(review.contributions_csv(queryset, with_phone=False))))
    with_phone = list(csv.reader(io.StringIO(review.contributions_csv(queryset, with_phone=True))))
    assert "Contact phone" not in without[0] and "01632 960001" not in str(without)
    assert with_phone[0][-1] == "Contact phone" and with_phone[1][-1] == "01632 960001"
    assert without[1][4].startswith("'=cmd")
