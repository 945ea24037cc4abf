"""What pages and admin messages say about emails: "sent" only once a send has succeeded;
otherwise "will follow" (waiting in the queue) or "failed", with the counts right.

The email backends of tests/failing_email.py play the mail server: ``Backend`` is down,
``SomeFailBackend`` refuses addresses at smtp-refuses.example and delivers the rest. Tests that
read a page or a message after the work are transactional, so that each email is tried when
its transaction commits, during the request, as in production.
"""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse

from casestudies.emails import email_send
from casestudies.models import CaseStudy, EmailLog

from .case_study_helpers import invited_case_study, page_url, submitted_case_study
from .eoi_helpers import eoi_form_url, eoi_post, submit_eoi
from .factories import ContributionFactory, ReviewerFactory, StaffUserFactory
from .failing_email import REFUSED_DOMAIN
from .review_helpers import invite, shortlist
from .test_admin_decisions import choose, confirm, follow_messages, remind

SMTP_DOWN = "tests.failing_email.Backend"
SMTP_UP = "django.core.mail.backends.locmem.EmailBackend"
SOME_FAIL = "tests.failing_email.SomeFailBackend"
EMAILS = "admin:casestudies_emaillog_changelist"
SENT_EOI = "We have sent a confirmation email to alex.officer@example.gov.uk"
EOI_WILL_FOLLOW = "A confirmation email listing what you offered will follow to alex.officer@example.gov.uk."


# --- resending from Admin → Emails ------------------------------------------------------------------


def failed_emails(settings, *addresses):
    settings.EMAIL_BACKEND = SMTP_DOWN
    logs = [
        EmailLog.objects.create(kind="eoi_acknowledgement", to=address, subject="Hello", body_text="Hi")
        for address in addresses
    ]
    assert not any(email_send(log_id=log.pk) for log in logs)
    return logs


def resend_from_the_failed_list(admin_client, logs) -> list[str]:
    """Filter Admin → Emails by "Failed", tick the rows and send them again: the messages shown."""
    response = admin_client.post(
        reverse(EMAILS) + "?status__exact=failed",
        {"action": "resend", "_selected_action": [log.pk for log in logs], "index": 0},
        follow=True,
    )
    assert response.status_code == 200
    return [str(m) for m in response.context["messages"]]


@pytest.mark.django_db
def test_resending_one_failed_email_from_the_failed_list_says_one_sent_and_nothing_else(admin_client, settings):
    logs = failed_emails(settings, "a@example.org")
    settings.EMAIL_BACKEND = SMTP_UP
    assert resend_from_the_failed_list(admin_client, logs) == ["1 email sent."]


@pytest.mark.django_db
def test_resending_several_counts_those_sent_and_those_that_failed_again(admin_client, settings):
    logs = failed_emails(settings, "a@example.org", f"b{REFUSED_DOMAIN}", "c@example.org", f"d{REFUSED_DOMAIN}")
    settings.EMAIL_BACKEND = SOME_FAIL
    assert resend_from_the_failed_list(admin_client, logs) == [
        "2 emails sent.",
        "2 emails failed again; see their errors.",
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "c@example.org"]


@pytest.mark.django_db
def test_resending_while_the_server_is_still_down_says_only_that_they_failed(admin_client, settings):
    logs = failed_emails(settings, "a@example.org", "b@example.org", "c@example.org")
    assert resend_from_the_failed_list(admin_client, logs) == ["3 emails failed again; see their errors."]
    one = failed_emails(settings, "d@example.org")
    assert resend_from_the_failed_list(admin_client, one) == ["1 email failed again; see its error."]


# --- the EOI confirmation page ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("backend", "sending", "says", "never"),
    [
        (SMTP_UP, "after_commit", SENT_EOI, EOI_WILL_FOLLOW),
        (SMTP_DOWN, "after_commit", EOI_WILL_FOLLOW, SENT_EOI),
        (SMTP_UP, "queue", EOI_WILL_FOLLOW, SENT_EOI),
    ],
)
def test_the_eoi_confirmation_says_sent_only_when_the_acknowledgement_was_sent(
    client, call, settings, backend, sending, says, never
):
    settings.EMAIL_BACKEND, settings.EMAIL_SENDING = backend, sending
    page = submit_eoi(client, call).content.decode()
    assert "Expression of interest sent" in page  # the EOI itself was sent, whatever the email did
    assert says in page
    assert never not in page


# --- the case study confirmation page ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("backend", "says"),
    [
        (SMTP_UP, "We have sent a confirmation email to"),
        (SMTP_DOWN, "A confirmation email will follow to"),
    ],
)
def test_the_case_study_confirmation_says_sent_only_when_it_was(client, settings, backend, says):
    settings.EMAIL_BACKEND = backend
    case_study = submitted_case_study(client)
    page = client.get(page_url(case_study, "confirmation")).content.decode()
    assert says in page
    if backend == SMTP_DOWN:
        assert "We have sent" not in page


# --- reminders (the generic confirmation page of the case-study actions) ----------------------------------


def remind_all(reviewer) -> list[str]:
    client = Client()
    client.force_login(reviewer)
    return remind(client, list(CaseStudy.objects.order_by("pk")))


@pytest.mark.django_db(transaction=True)
def test_reminders_say_how_many_emails_were_sent_and_how_many_failed(settings):
    reviewer = ReviewerFactory()
    invite(ContributionFactory(eoi__contact_email="ok@example.org"), reviewer)
    invite(ContributionFactory(eoi__contact_email=f"x{REFUSED_DOMAIN}"), reviewer)
    settings.EMAIL_BACKEND = SOME_FAIL
    said = remind_all(reviewer)
    assert said[0].startswith("2 case studies reminded:")
    assert said[1:] == ["1 email sent.", "1 email failed to send. What was decided stands; resend it from Emails."]


@pytest.mark.django_db(transaction=True)
def test_reminders_while_smtp_is_down_never_say_sent(settings):
    reviewer = ReviewerFactory()
    for _ in range(2):
        invite(ContributionFactory(), reviewer)
    settings.EMAIL_BACKEND = SMTP_DOWN
    said = remind_all(reviewer)
    assert said[1:] == ["2 emails failed to send. What was decided stands; resend them from Emails."]
    assert not any("sent." in line and "failed" not in line for line in said)


@pytest.mark.django_db(transaction=True)
def test_queued_reminders_say_they_will_follow(settings):
    reviewer = ReviewerFactory()
    invite(ContributionFactory(), reviewer)
    settings.EMAIL_SENDING = "queue"
    said = remind_all(reviewer)
    assert said[1:] == ["1 email is waiting to send."]


# --- invitations --------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_invitations_count_the_emails_sent_and_failed(client, settings):
    settings.EMAIL_BACKEND = SOME_FAIL
    reviewer = ReviewerFactory()
    rows = [
        ContributionFactory(eoi__contact_email="ok@example.org"),
        ContributionFactory(eoi__contact_email=f"x{REFUSED_DOMAIN}"),
        ContributionFactory(eoi__contact_email="fine@example.org"),
    ]
    for row in rows:
        shortlist(row, reviewer)
    client.force_login(reviewer)
    said = follow_messages(client, confirm(client, choose(client, "invite_selected", rows)))
    assert said[0].startswith("3 contributions invited")
    assert said[1:] == ["2 emails sent.", "1 email failed to send. What was decided stands; resend it from Emails."]


@pytest.mark.django_db(transaction=True)
def test_queued_invitations_say_they_are_waiting_not_sent(client, settings):
    settings.EMAIL_SENDING = "queue"
    reviewer = ReviewerFactory()
    row = ContributionFactory()
    shortlist(row, reviewer)
    client.force_login(reviewer)
    said = follow_messages(client, confirm(client, choose(client, "invite_selected", [row])))
    assert said[1:] == ["1 email is waiting to send."]


# --- a new private link, and changes requested, from the case study's page ---------------------------------------


def decide(client, case_study, action, **data):
    url = reverse("admin:casestudies_casestudy_decide", kwargs={"decision": action})
    return client.post(url, {"ids": case_study.pk, "confirm": "yes", **data})


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("backend", "says"),
    [
        (SMTP_UP, "1 email sent."),
        (SMTP_DOWN, "1 email failed to send. What was decided stands; resend it from Emails."),
    ],
)
def test_a_new_private_link_says_whether_its_email_was_sent(client, settings, backend, says):
    case_study = invited_case_study()
    client.force_login(StaffUserFactory())
    settings.EMAIL_BACKEND = backend
    response = decide(client, case_study, "reissue-link")
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said[0].startswith("1 case study given a new private link:") and "emailed" not in said[0]
    assert said[1:] == [says]


@pytest.mark.django_db(transaction=True)
def test_changes_requested_while_smtp_is_down_say_the_email_failed(settings):
    case_study = submitted_case_study(Client())
    editor = Client()
    editor.force_login(StaffUserFactory())
    settings.EMAIL_BACKEND = SMTP_DOWN
    response = decide(editor, case_study, "request-changes", note="Shorter, please.", reply_by="")
    assert response.status_code == 302
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said[0].startswith("1 case study sent back for changes:")
    assert said[1:] == ["1 email failed to send. What was decided stands; resend it from Emails."]


# --- "save and come back later" -------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("backend", "says"),
    [
        (SMTP_UP, "We have emailed a link to alex.officer@example.gov.uk."),
        (SMTP_DOWN, "An email with a link to come back to your expression of interest will follow"),
    ],
)
def test_the_saved_page_says_the_link_was_emailed_only_when_it_was(client, call, settings, backend, says):
    settings.EMAIL_BACKEND = backend
    page = client.post(eoi_form_url(call), eoi_post(call, action="save")).content.decode()
    assert "Your answers are saved" in page
    assert says in page
    if backend == SMTP_DOWN:
        assert "We have emailed" not in page
