"""A failed email is listed in the admin and can be sent again from there."""

import pytest
from django.urls import reverse

from casestudies.emails import email_send
from casestudies.models import EmailLog

pytestmark = pytest.mark.django_db


def a_failed_email(settings):
    settings.EMAIL_BACKEND = "tests.failing_email.Backend"
    log = EmailLog.objects.create(kind="eoi_acknowledgement", to="a@example.org", subject="Hello", body_text="Hi")
    assert not email_send(log_id=log.pk)
    log.refresh_from_db()
    assert log.status == EmailLog.Status.FAILED
    return log


def test_failed_email_is_resent_from_the_admin(admin_client, settings, mailoutbox):
    log = a_failed_email(settings)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    changelist = reverse("admin:casestudies_emaillog_changelist")
    assert "Failed" in admin_client.get(changelist + "?status__exact=failed").content.decode()
    response = admin_client.post(changelist, {"action": "resend", "_selected_action": [log.pk]}, follow=True)
    assert "1 email sent." in response.content.decode()
    log.refresh_from_db()
    assert log.status == EmailLog.Status.SENT and log.attempts == 2
    assert [m.subject for m in mailoutbox] == ["Hello"]


def test_resend_that_fails_again_says_so_and_keeps_the_error(admin_client, settings):
    log = a_failed_email(settings)
    changelist = reverse("admin:casestudies_emaillog_changelist")
    response = admin_client.post(changelist, {"action": "resend", "_selected_action": [log.pk]}, follow=True)
    assert "1 email failed again" in response.content.decode()
    log.refresh_from_db()
    assert log.status == EmailLog.Status.FAILED and "SMTP server down" in log.error and log.attempts == 2
