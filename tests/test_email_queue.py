"""Emails sent from a queue (EMAIL_SENDING=queue) by ``manage.py send_emails``, instead of inside
the web request after commit (EMAIL_SENDING=after_commit, the default)."""

import datetime
import signal
import time
from io import StringIO
from smtplib import SMTPRecipientsRefused

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends import locmem
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection

from casestudies.emails import email_queue, email_send, email_send_pending
from casestudies.management.commands import send_emails
from casestudies.models import EmailLog
from ccin_site.settings.base import email_sending_mode

from .concurrency import run_together
from .eoi_helpers import eoi_submit
from .factories import ContributionFactory

REFUSED = "refused@example.org"


class RefusesOneAddress(locmem.EmailBackend):
    """The mail server refuses one recipient and takes every other message."""

    def send_messages(self, messages):
        if any(REFUSED in message.to for message in messages):
            raise SMTPRecipientsRefused({REFUSED: (550, b"No such user")})
        return super().send_messages(messages)


class SignalsWhileSending(locmem.EmailBackend):
    """Takes the message, and meanwhile the sender process is asked to stop."""

    signal_number = signal.SIGTERM

    def send_messages(self, messages):
        sent = super().send_messages(messages)
        signal.raise_signal(self.signal_number)
        return sent


class SlowBackend(locmem.EmailBackend):
    """A relay that takes a moment per message, so that two senders overlap."""

    def send_messages(self, messages):
        time.sleep(0.01)
        return super().send_messages(messages)


def pending_email(name: str, *, created_at=None) -> EmailLog:
    log = EmailLog.objects.create(kind="eoi_acknowledgement", to=f"{name}@example.org", subject=name, body_text="Hi")
    if created_at is not None:
        EmailLog.objects.filter(pk=log.pk).update(created_at=created_at)
    return log


def statuses() -> dict[str, str]:
    return dict(EmailLog.objects.values_list("subject", "status"))


def at(minute: int) -> datetime.datetime:
    return datetime.datetime(2020, 8, 7, 9, minute, tzinfo=datetime.UTC)


def submit_an_eoi(call, contact_email: str = "a.officer@example.org"):
    return eoi_submit(call, contact_email=contact_email)[0]


# --- the setting ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["after_commit", "queue"])
def test_email_sending_accepts_its_two_modes(value):
    assert email_sending_mode(value) == value


@pytest.mark.parametrize("value", ["later", "QUEUE", "", "after-commit"])
def test_email_sending_refuses_anything_else(value):
    with pytest.raises(ImproperlyConfigured, match="EMAIL_SENDING"):
        email_sending_mode(value)


# --- queue mode against after-commit mode ---------------------------------------------------------


@pytest.mark.django_db
def test_in_queue_mode_a_submission_leaves_a_pending_email_that_the_sender_sends(
    call, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_SENDING = "queue"
    with django_capture_on_commit_callbacks(execute=True):
        eoi = submit_an_eoi(call)
    log = EmailLog.objects.get()
    assert (log.kind, log.status, log.attempts, log.sent_at) == ("eoi_acknowledgement", "pending", 0, None)
    assert eoi.reference in log.body_text  # rendered when queued
    assert mailoutbox == []

    assert email_send_pending() == (1, 0)
    log.refresh_from_db()
    assert log.status == EmailLog.Status.SENT and log.attempts == 1 and log.sent_at is not None
    assert [(message.to, message.subject) for message in mailoutbox] == [([eoi.contact_email], log.subject)]


@pytest.mark.django_db
def test_in_queue_mode_nothing_is_sent_when_the_transaction_commits(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_SENDING = "queue"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        email_queue(kind="eoi_acknowledgement", to="a@example.org", context=email_context())
    assert callbacks == []
    assert mailoutbox == [] and EmailLog.objects.get().status == EmailLog.Status.PENDING


@pytest.mark.django_db
def test_after_commit_mode_sends_when_the_transaction_commits(
    call, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_SENDING = "after_commit"
    with django_capture_on_commit_callbacks(execute=True):
        eoi = submit_an_eoi(call)
    log = EmailLog.objects.get()
    assert log.status == EmailLog.Status.SENT and log.attempts == 1 and log.sent_at is not None
    assert [message.to for message in mailoutbox] == [[eoi.contact_email]]
    assert email_send_pending() == (0, 0)
    assert len(mailoutbox) == 1


def email_context() -> dict:
    contribution = ContributionFactory()
    eoi = contribution.eoi
    return {"eoi": eoi, "call": eoi.call, "contributions": [contribution]}


# --- email_send_pending -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_failed_send_marks_its_row_failed_and_the_rest_of_the_batch_is_sent(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.test_email_queue.RefusesOneAddress"
    pending_email("first", created_at=at(1))
    pending_email("refused", created_at=at(2))
    pending_email("third", created_at=at(3))
    assert email_send_pending() == (2, 1)
    refused = EmailLog.objects.get(subject="refused")
    assert refused.status == EmailLog.Status.FAILED and refused.attempts == 1 and refused.sent_at is None
    assert "SMTPRecipientsRefused" in refused.error and "No such user" in refused.error
    assert statuses() == {"first": "sent", "refused": "failed", "third": "sent"}
    assert [message.subject for message in mailoutbox] == ["first", "third"]
    # A failed email is not retried by the sender; the admin's "send again" does that.
    assert email_send_pending() == (0, 0)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert email_send(log_id=refused.pk)
    refused.refresh_from_db()
    assert refused.status == EmailLog.Status.SENT and refused.attempts == 2


@pytest.mark.django_db
def test_the_limit_is_respected_and_the_oldest_go_first(mailoutbox):
    """Oldest first: in the order they were logged (ids rise with time)."""
    pending_email("oldest", created_at=at(10))
    pending_email("middle", created_at=at(20))
    pending_email("newest", created_at=at(30))
    assert email_send_pending(limit=2) == (2, 0)
    assert [message.subject for message in mailoutbox] == ["oldest", "middle"]
    assert statuses() == {"oldest": "sent", "middle": "sent", "newest": "pending"}
    assert email_send_pending(limit=2) == (1, 0)
    assert email_send_pending(limit=2) == (0, 0)


@pytest.mark.django_db
def test_sent_and_failed_emails_are_not_picked_up(mailoutbox):
    pending_email("sent", created_at=at(1))
    pending_email("failed", created_at=at(2))
    pending_email("pending", created_at=at(3))
    EmailLog.objects.filter(subject="sent").update(status=EmailLog.Status.SENT, attempts=1)
    EmailLog.objects.filter(subject="failed").update(status=EmailLog.Status.FAILED, attempts=1, error="x")
    assert email_send_pending() == (1, 0)
    assert [message.subject for message in mailoutbox] == ["pending"]
    assert dict(EmailLog.objects.values_list("subject", "attempts")) == {"sent": 1, "failed": 1, "pending": 1}


# --- the send_emails command ------------------------------------------------------------------------


def run_send_emails(*args) -> str:
    out = StringIO()
    call_command("send_emails", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_send_emails_sends_everything_pending_in_batches_and_reports_the_counts(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.test_email_queue.RefusesOneAddress"
    for minute, name in enumerate(["a", "b", "refused", "d", "e"]):
        pending_email(name, created_at=at(minute))
    out = run_send_emails("--batch", "2")
    assert out.strip().splitlines()[-1] == "Sent 4 email(s), 1 failed."
    assert [message.subject for message in mailoutbox] == ["a", "b", "d", "e"]
    assert not EmailLog.objects.filter(status=EmailLog.Status.PENDING).exists()
    assert run_send_emails().strip() == "Sent 0 email(s), 0 failed."


@pytest.fixture
def sleeps(monkeypatch):
    """The loop's sleep replaced: each call is recorded and the second stops the loop, as a
    signal would. (The first lets one more empty pass run, to show the loop waits and goes on.)"""
    calls = []

    def sleep(command, seconds):
        calls.append(seconds)
        if len(calls) >= 2:
            command.stop()

    monkeypatch.setattr(send_emails.Command, "sleep", sleep)
    return calls


@pytest.mark.django_db(transaction=True)  # the loop closes stale connections between passes
def test_send_emails_loop_sends_batch_after_batch_then_sleeps_until_stopped(sleeps, mailoutbox):
    for minute in range(3):
        pending_email(f"email {minute}", created_at=at(minute))
    out = run_send_emails("--loop", "--batch", "2", "--interval", "5")
    assert out.splitlines() == ["Sent 2, failed 0.", "Sent 1, failed 0.", "Sent 3 email(s), 0 failed."]
    assert sleeps == [5.0, 5.0]
    assert len(mailoutbox) == 3


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT])
@pytest.mark.django_db(transaction=True)
def test_send_emails_loop_finishes_its_batch_and_stops_on_a_signal(settings, monkeypatch, mailoutbox, signal_number):
    settings.EMAIL_BACKEND = "tests.test_email_queue.SignalsWhileSending"
    monkeypatch.setattr(SignalsWhileSending, "signal_number", signal_number)
    leaked = []

    def fallback(*args):  # were the command's own handler missing, the signal would land here
        leaked.append(args)

    before = signal.signal(signal_number, fallback)
    try:
        for minute in range(5):
            pending_email(f"email {minute}", created_at=at(minute))
        out = run_send_emails("--loop", "--batch", "2")
        assert signal.getsignal(signal_number) is fallback  # the command put back the handler it found
    finally:
        signal.signal(signal_number, before)
    assert leaked == []
    assert out.splitlines() == ["Sent 2, failed 0.", "Sent 2 email(s), 0 failed."]
    assert [message.subject for message in mailoutbox] == ["email 0", "email 1"]
    assert EmailLog.objects.filter(status=EmailLog.Status.PENDING).count() == 3


def test_send_emails_loop_logs_a_database_error_and_tries_again_after_the_interval(sleeps, monkeypatch, caplog):
    passes = []

    def send_pending(*, limit):
        passes.append(limit)
        if len(passes) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return (1, 0) if len(passes) == 2 else (0, 0)

    closed = []
    monkeypatch.setattr(send_emails, "email_send_pending", send_pending)
    monkeypatch.setattr(send_emails, "close_old_connections", lambda: closed.append(len(passes)))
    out = run_send_emails("--loop", "--batch", "7", "--interval", "0.5")
    assert passes == [7, 7, 7]
    assert closed == [0, 1, 2]  # before every pass
    assert sleeps == [0.5, 0.5]  # after the error, and after the pass that found nothing
    assert "server closed the connection unexpectedly" in caplog.text
    assert out.splitlines() == ["Sent 1, failed 0.", "Sent 1 email(s), 0 failed."]


def test_send_emails_refuses_a_batch_below_one():
    with pytest.raises(CommandError, match="--batch"):
        run_send_emails("--batch", "0")


# --- several senders at once (PostgreSQL) -----------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_send_each_email_exactly_once(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.test_email_queue.SlowBackend"
    for minute in range(30):
        pending_email(f"email {minute}", created_at=at(minute))

    def sender(index):
        sent = 0
        while True:
            batch_sent, batch_failed = email_send_pending(limit=4)
            sent += batch_sent
            if batch_sent + batch_failed == 0:
                return sent

    sent = run_together(2, sender)
    assert sum(sent) == 30
    assert sorted(message.subject for message in mailoutbox) == sorted(f"email {minute}" for minute in range(30))
    assert set(EmailLog.objects.values_list("status", "attempts")) == {(EmailLog.Status.SENT, 1)}


def in_another_connection(work) -> None:
    """Run ``work`` on a second database connection (its own thread), as another process would."""
    run_together(1, lambda _i: work())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_send_emails_loop_carries_on_after_the_database_drops_its_connection(monkeypatch, mailoutbox):
    pending_email("before")
    sleeps = []

    def sleep(command, seconds):
        sleeps.append(seconds)
        if len(sleeps) == 1:
            # While the sender waits, an email is queued and the database drops the sender's
            # connection (a restart, a failover).
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pid = cursor.fetchone()[0]

            def queue_and_drop():
                pending_email("after")
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_terminate_backend(%s)", [pid])

            in_another_connection(queue_and_drop)
        elif len(sleeps) > 5 or not EmailLog.objects.filter(status=EmailLog.Status.PENDING).exists():
            command.stop()

    monkeypatch.setattr(send_emails.Command, "sleep", sleep)
    out = run_send_emails("--loop")
    assert out.splitlines()[-1] == "Sent 2 email(s), 0 failed."
    assert [message.subject for message in mailoutbox] == ["before", "after"]


def test_a_rendered_email_takes_a_late_value_in_its_subject_text_and_html_and_refuses_an_unsafe_one():
    from casestudies.emails import RenderedEmail

    message = RenderedEmail(
        kind="eoi_acknowledgement", language="en", subject="Ref abc123", text="Ref abc123\n", html="<p>Ref abc123</p>"
    )
    done = message.replace("abc123", "CCIN-0042")
    assert (done.subject, done.text, done.html) == ("Ref CCIN-0042", "Ref CCIN-0042\n", "<p>Ref CCIN-0042</p>")
    assert (done.kind, done.language) == (message.kind, message.language)
    with pytest.raises(ValueError):
        message.replace("abc123", "<b>")  # would stand unescaped in the HTML
    with pytest.raises(ValueError):
        message.replace("Ref abc", "x")  # a stand-in is letters and digits only
