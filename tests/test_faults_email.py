"""The SMTP server is down when a council submits its case study and when reviewers invite
councils: the submission and the decisions stand, each failed email is recorded in EmailLog
with its error, the pages say so where staff can act, and "send again" works once the server
is back. (The EOI acknowledgement is covered in test_views_eoi.py.)"""

import pytest
from django.core import mail
from django.urls import reverse

from casestudies.models import CaseStudy, Contribution, EmailLog

from .case_study_helpers import page_url, submitted_case_study
from .factories import ContributionFactory, ReviewerFactory
from .review_helpers import shortlist
from .test_admin_decisions import choose, confirm, follow_messages

SMTP_DOWN = "tests.failing_email.Backend"
SMTP_BACK = "django.core.mail.backends.locmem.EmailBackend"
EMAILS = "admin:casestudies_emaillog_changelist"


def resend(admin_client, logs):
    response = admin_client.post(
        reverse(EMAILS), {"action": "resend", "_selected_action": [log.pk for log in logs]}, follow=True
    )
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_a_case_study_submitted_while_smtp_is_down_stands_and_its_emails_can_be_resent(
    client, admin_client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = SMTP_DOWN
    with django_capture_on_commit_callbacks(execute=True):
        case_study = submitted_case_study(client)
    # The submission stands and the council sees its confirmation.
    assert case_study.status == CaseStudy.Status.SUBMITTED
    confirmation = client.get(page_url(case_study, "confirmation"))
    assert confirmation.status_code == 200
    # Both emails about it (to the council and to the editors) are recorded as failed, with why.
    logs = list(EmailLog.objects.filter(kind__startswith="case_study_submitted").order_by("kind"))
    assert [(log.kind, log.status) for log in logs] == [
        ("case_study_submitted", EmailLog.Status.FAILED),
        ("case_study_submitted_editors", EmailLog.Status.FAILED),
    ]
    assert all("SMTP server down" in log.error and log.attempts == 1 for log in logs)
    assert mailoutbox == []
    # Staff find them under Emails and send them again once the server is back.
    listed = admin_client.get(reverse(EMAILS) + "?status__exact=failed").content.decode()
    assert all(reverse("admin:casestudies_emaillog_change", args=[log.pk]) in listed for log in logs)
    settings.EMAIL_BACKEND = SMTP_BACK
    assert "2 emails sent." in resend(admin_client, logs)
    assert {log.status for log in EmailLog.objects.filter(pk__in=[log.pk for log in logs])} == {EmailLog.Status.SENT}
    assert sorted(message.to[0] for message in mailoutbox) == sorted(log.to for log in logs)
    case_study.refresh_from_db()
    assert case_study.status == CaseStudy.Status.SUBMITTED  # resending changed nothing else


@pytest.mark.django_db(transaction=True)
def test_invitations_made_while_smtp_is_down_stand_are_reported_and_can_be_resent(client, admin_client, settings):
    """Transactional, so that each decision commits and its email is tried during the request, as in production."""
    settings.EMAIL_BACKEND = SMTP_DOWN
    reviewer = ReviewerFactory()
    rows = [ContributionFactory(), ContributionFactory()]
    for row in rows:
        shortlist(row, reviewer)
    client.force_login(reviewer)
    done = confirm(client, choose(client, "invite_selected", rows), note="Strong food work.")
    said = follow_messages(client, done)
    assert said[0].startswith("2 contributions invited")
    assert "2 emails failed to send. What was decided stands; resend them from Emails." in said
    # The decisions stand: invited, each with its case study and private link.
    assert set(Contribution.objects.filter(pk__in=[r.pk for r in rows]).values_list("status", flat=True)) == {
        Contribution.Status.INVITED
    }
    assert CaseStudy.objects.filter(contribution__in=rows, status=CaseStudy.Status.INVITED).count() == 2
    logs = list(EmailLog.objects.filter(kind="case_study_invitation"))
    assert len(logs) == 2
    assert all(log.status == EmailLog.Status.FAILED and "SMTP server down" in log.error for log in logs)
    assert all("/write/" in log.body_text for log in logs)  # the link is kept, to be sent again

    # While the server is still down, sending again fails again and says so.
    assert "2 emails failed again" in resend(admin_client, logs)
    settings.EMAIL_BACKEND = SMTP_BACK
    mail.outbox = []
    assert "2 emails sent." in resend(admin_client, logs)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.eoi.contact_email for r in rows)
    assert all("/write/" in m.body for m in mail.outbox)
    assert EmailLog.objects.filter(kind="case_study_invitation", status=EmailLog.Status.SENT, attempts=3).count() == 2
