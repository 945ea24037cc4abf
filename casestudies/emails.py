"""Building and sending every email, each recorded in EmailLog so a failure can be seen and resent.

Callers inside a transaction use ``email_queue``: the log row is written with the
transaction and the send happens only after it commits. A failed send marks the row
failed with the error; the submission that caused it stands.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import EmailLog

logger = logging.getLogger(__name__)


def email_render(*, kind: str, context: dict) -> tuple[str, str, str]:
    """Subject, plain text and HTML of one message from templates/email/<kind>*."""
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"email/{kind}_subject.txt", context).split())
    text = render_to_string(f"email/{kind}.txt", context)
    html = render_to_string(f"email/{kind}.html", context)
    return subject, text, html


def email_queue(*, kind: str, to: str, context: dict, about=None, cc: Iterable[str] = ()) -> EmailLog:
    subject, text, html = email_render(kind=kind, context=context)
    log = EmailLog.objects.create(
        kind=kind,
        to=to,
        cc=", ".join(cc),
        subject=subject[:250],
        body_text=text,
        body_html=html,
        content_type=ContentType.objects.get_for_model(about) if about is not None else None,
        object_id=about.pk if about is not None else None,
    )
    transaction.on_commit(lambda: email_send(log_id=log.pk))
    return log


def email_send(*, log_id: int) -> bool:
    """Send one logged email now. Never raises: the outcome is recorded on the row."""
    log = EmailLog.objects.get(pk=log_id)
    message = EmailMultiAlternatives(
        subject=log.subject,
        body=log.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[log.to],
        cc=[address.strip() for address in log.cc.split(",") if address.strip()],
    )
    if log.body_html:
        message.attach_alternative(log.body_html, "text/html")
    attempts = log.attempts + 1
    try:
        message.send(fail_silently=False)
    except Exception as error:  # noqa: BLE001 - any failure of the mail system is recorded, not raised
        logger.warning("Email %s to %s failed: %s", log.pk, log.to, error)
        EmailLog.objects.filter(pk=log.pk).update(
            status=EmailLog.Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000], attempts=attempts
        )
        return False
    EmailLog.objects.filter(pk=log.pk).update(
        status=EmailLog.Status.SENT, error="", attempts=attempts, sent_at=timezone.now()
    )
    return True
