"""Building and sending every email, each recorded in EmailLog so a failure can be seen and resent.

Callers inside a transaction use ``email_queue``: the log row is written with the
transaction. What happens next depends on ``settings.EMAIL_SENDING``:

- ``"after_commit"`` (the default): the send happens in the same process once the
  transaction commits (inside the web request, after its response is built).
- ``"queue"``: nothing more; the PENDING row is the outbox, and a separate
  ``manage.py send_emails --loop`` process sends it with ``email_send_pending``.

A failed send marks the row failed with the error; the submission that caused it stands.
"""

import dataclasses
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from . import email_wording
from .languages import STAFF_LANGUAGE, language_of
from .models import EmailLog

# Every kind of email the service sends, in words (the email log and its filter read these).
EMAIL_KINDS = {
    "eoi_acknowledgement": _("EOI received (to the council)"),
    "eoi_saved": _("EOI saved for later, with its link (to the council)"),
    "case_study_invitation": _("Invitation to write a case study, with the private link"),
    "contribution_declined": _("Contribution declined"),
    "case_study_reminder": _("Reminder to write the case study"),
    "case_study_deadline_extended": _("Deadline extended"),
    "case_study_link_reissued": _("New private link"),
    "case_study_submitted": _("Case study received (to the council)"),
    "case_study_submitted_editors": _("Case study submitted (to CCIN)"),
    "case_study_changes_requested": _("Changes requested"),
    "case_study_approved": _("Case study approved"),
    "case_study_published": _("Case study published, with its public link"),
    "case_study_unpublished": _("Case study taken down, with the reason"),
}


def email_kind_label(kind: str) -> str:
    return str(EMAIL_KINDS.get(kind, kind))


logger = logging.getLogger(__name__)


def email_render(
    *, kind: str, context: dict | Callable[[], dict], language: str | None = None, wording=None
) -> tuple[str, str, str]:
    """Subject, plain text and HTML of one message, from the call's wording of ``kind`` (email_wording.py).

    The wording's placeholders are filled from ``context``; the HTML is the text, escaped.
    Everything is done in ``language`` (the contact's, from ``languages.contact_language``; CCIN's
    own notices are in ``STAFF_LANGUAGE``): the wording's fields in that language, the words
    the service adds, the dates, and the links, when ``context`` is a function that builds them
    (it is called with the language active, so ``reverse`` gives that language's addresses).
    ``wording``: one version to render (the admin's preview of it) instead of the one in use."""
    with translation.override(language_of(language or STAFF_LANGUAGE)):
        return _render(kind=kind, context=context() if callable(context) else context, wording=wording)


def _render(*, kind: str, context: dict, wording=None) -> tuple[str, str, str]:
    call = context.get("call")
    if wording is None and call is not None and call.pk:
        wording = email_wording.wording_kept(call=call, kind=kind)
    subject_text, body_text = email_wording.wording_texts(wording or email_wording.default_wording(kind))
    values = email_wording.placeholder_values(context)
    subject = " ".join(email_wording.fill(subject_text, values).split())
    text = re.sub(r"\n{3,}", "\n\n", email_wording.fill(body_text, values)).strip() + "\n"
    return subject, text, email_wording.text_to_html(text, call=call)


@dataclass(frozen=True)
class RenderedEmail:
    """One message rendered (``email_render``) and not yet logged: what ``email_log`` records."""

    kind: str
    language: str
    subject: str
    text: str
    html: str

    def replace(self, old: str, new: str) -> "RenderedEmail":
        """The same message with ``old`` written as ``new`` in its subject, text and HTML.

        For a value known only inside the transaction that logs it (an EOI's reference, taken
        under the call's row lock): render with a random stand-in first, outside the lock, then
        put the value in. ``old`` must be letters and digits (it stands unescaped in the HTML),
        and ``new`` must need no HTML escaping."""
        if not old.isalnum() or escape(new) != new:
            raise ValueError("a stand-in is letters and digits, and its value needs no escaping")
        return dataclasses.replace(
            self,
            subject=self.subject.replace(old, new),
            text=self.text.replace(old, new),
            html=self.html.replace(old, new),
        )


def email_queue(
    *,
    kind: str,
    to: str,
    context: dict | Callable[[], dict],
    about=None,
    cc: Iterable[str] = (),
    language: str | None = None,
) -> EmailLog:
    """Render the message now, in ``language`` (see ``email_render``), and log it as PENDING in
    the caller's transaction (``email_log``). Every email to a council passes
    ``languages.contact_language(…)``; one without a language is a notice to CCIN's staff, in
    ``STAFF_LANGUAGE``."""
    return email_log(message=email_prepare(kind=kind, context=context, language=language), to=to, about=about, cc=cc)


def email_prepare(*, kind: str, context: dict | Callable[[], dict], language: str | None = None) -> RenderedEmail:
    """``email_render``'s message as a ``RenderedEmail``, to be logged later by ``email_log``."""
    language = language_of(language or STAFF_LANGUAGE)
    subject, text, html = email_render(kind=kind, context=context, language=language)
    return RenderedEmail(kind=kind, language=language, subject=subject, text=text, html=html)


def email_log(*, message: RenderedEmail, to: str, about=None, cc: Iterable[str] = ()) -> EmailLog:
    """Log a rendered message as PENDING in the caller's transaction.

    In ``after_commit`` mode its send is registered to run once that transaction commits; in
    ``queue`` mode the row waits for ``email_send_pending`` (the ``send_emails`` command)."""
    log = EmailLog.objects.create(
        kind=message.kind,
        to=to,
        cc=", ".join(cc),
        language=message.language,
        subject=message.subject[:250],
        body_text=message.text,
        body_html=message.html,
        content_type=ContentType.objects.get_for_model(about) if about is not None else None,
        object_id=about.pk if about is not None else None,
    )
    if settings.EMAIL_SENDING != "queue":
        transaction.on_commit(lambda: email_send(log_id=log.pk))
    return log


def email_send(*, log_id: int) -> bool:
    """Send one logged email now. Never raises: the outcome is recorded on the row."""
    return _email_deliver(EmailLog.objects.get(pk=log_id))


def email_send_pending(*, limit: int = 20) -> tuple[int, int]:
    """Send up to ``limit`` PENDING emails, oldest first. Returns (sent, failed).

    The rows are claimed with ``SELECT … FOR UPDATE SKIP LOCKED`` in one transaction that
    lasts the whole batch, so several sender processes never send the same row: each skips
    the rows another is sending. (On SQLite ``select_for_update`` does nothing, but the
    transaction takes the database's single write lock at BEGIN, so senders take turns;
    requests that write wait for the batch too, so keep batches small there.) A failed send
    marks its row FAILED with the error and the batch carries on; a FAILED row is not retried
    here (the admin's "send again" does that).

    Delivery is at least once, not exactly once: each row's new status is committed with the
    batch, so if the process dies mid-batch every row it claimed stays PENDING, including
    those already handed to the mail server, and they are sent again by the next pass.
    """
    sent = failed = 0
    with transaction.atomic():
        batch = list(
            EmailLog.objects.select_for_update(skip_locked=True)
            .filter(status=EmailLog.Status.PENDING)
            .order_by("pk")[:limit]  # ids rise with time; the partial index "email_pending" serves this
        )
        for log in batch:
            if _email_deliver(log):
                sent += 1
            else:
                failed += 1
    return sent, failed


def _email_deliver(log: EmailLog) -> bool:
    """Send one loaded log row and record the outcome on it (SENT, or FAILED with the error).

    Never raises for a mail-system failure; a database error while recording does raise."""
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


# --- what a page may say about an email --------------------------------------------------------


def email_statuses(*, log_ids: Iterable[int]) -> dict[int, str]:
    """Each logged email's status as the database holds it now: sent, pending or failed.

    Pages and admin messages ask this after the work is done, so that they say "sent" only
    for an email that was sent, and "will follow" for one that is waiting or failed."""
    return dict(EmailLog.objects.filter(pk__in=list(log_ids)).values_list("pk", "status"))


def email_newest_statuses(*, kind: str, about: Iterable) -> dict[str, int]:
    """How many of these objects' newest email of ``kind`` are sent, pending and failed."""
    about = list(about)
    if not about:
        return {}
    newest = dict(
        EmailLog.objects.filter(
            kind=kind,
            content_type=ContentType.objects.get_for_model(about[0]),
            object_id__in=[obj.pk for obj in about],
        )
        .order_by("pk")
        .values_list("object_id", "status")
    )  # later rows replace earlier ones: the newest wins
    counts: dict[str, int] = {}
    for status in newest.values():
        counts[status] = counts.get(status, 0) + 1
    return counts


def email_was_sent(*, kind: str, about) -> bool:
    """Whether the newest email of ``kind`` about ``about`` has been sent."""
    return email_newest_statuses(kind=kind, about=[about]).get(EmailLog.Status.SENT, 0) == 1
