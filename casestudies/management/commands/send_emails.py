"""Send the emails waiting in the outbox (EmailLog rows still PENDING), for EMAIL_SENDING=queue.

``send_emails`` sends everything pending once and exits. ``send_emails --loop`` runs alongside
gunicorn: it sends a batch, goes again at once while there is more, and sleeps ``--interval``
seconds after a pass that found nothing. SIGTERM or SIGINT stops it between batches (the
current batch is finished first), with exit status 0. Any number may run: each claims its
rows with SKIP LOCKED (casestudies.emails.email_send_pending).
"""

import logging
import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections

from casestudies.emails import email_send_pending

logger = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
SLEEP_STEP = 0.2  # seconds


class Command(BaseCommand):
    help = "Send the pending emails: once, or with --loop until stopped by SIGTERM or SIGINT."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=20, help="Emails claimed and sent per transaction (20).")
        parser.add_argument("--loop", action="store_true", help="Keep sending until SIGTERM or SIGINT.")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="With --loop: seconds to wait after finding nothing (1.0)."
        )

    def handle(self, *args, batch, loop, interval, **options):
        if batch < 1:
            raise CommandError("--batch must be at least 1.")
        if interval < 0:
            raise CommandError("--interval cannot be negative.")
        self._stopping = False
        sent, failed = self.send_loop(batch=batch, interval=interval) if loop else self.send_all(batch=batch)
        self.stdout.write(f"Sent {sent} email(s), {failed} failed.")

    def send_all(self, *, batch: int) -> tuple[int, int]:
        """Every email pending now, batch after batch, until a batch comes back short."""
        sent = failed = 0
        while True:
            batch_sent, batch_failed = email_send_pending(limit=batch)
            sent, failed = sent + batch_sent, failed + batch_failed
            if batch_sent + batch_failed < batch:
                return sent, failed

    def send_loop(self, *, batch: int, interval: float) -> tuple[int, int]:
        sent = failed = 0
        previous = {number: signal.signal(number, self.stop) for number in STOP_SIGNALS}
        try:
            while not self._stopping:
                close_old_connections()  # drop a connection past CONN_MAX_AGE, or broken by the last pass
                try:
                    batch_sent, batch_failed = email_send_pending(limit=batch)
                except DatabaseError:
                    logger.exception("Sending pending emails failed; trying again in %s s", interval)
                    self.sleep(interval)
                    continue
                if batch_sent or batch_failed:
                    self.stdout.write(f"Sent {batch_sent}, failed {batch_failed}.")
                    sent, failed = sent + batch_sent, failed + batch_failed
                else:
                    self.sleep(interval)
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
        return sent, failed

    def stop(self, signum=None, frame=None):
        """Signal handler: finish the batch in hand, then leave the loop. (Only sets a flag: a
        handler that took a lock could deadlock with the code it interrupted.)"""
        self._stopping = True

    def sleep(self, seconds: float) -> None:
        """Wait, in short steps so that a stop signal is noticed within a fifth of a second."""
        deadline = time.monotonic() + seconds
        while not self._stopping and (remaining := deadline - time.monotonic()) > 0:
            time.sleep(min(remaining, SLEEP_STEP))
