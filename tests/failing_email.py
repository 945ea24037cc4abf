"""An email backend that always fails, as an SMTP server that is down would."""

from django.core.mail.backends import locmem
from django.core.mail.backends.base import BaseEmailBackend


class Backend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server down")


REFUSED_DOMAIN = "@smtp-refuses.example"


class SomeFailBackend(locmem.EmailBackend):
    """Delivers to ``mail.outbox`` like locmem, but refuses any message to an address at
    ``smtp-refuses.example``, as a server that rejects some recipients would."""

    def send_messages(self, messages):
        if any(address.endswith(REFUSED_DOMAIN) for message in messages for address in message.recipients()):
            raise ConnectionRefusedError("recipient refused")
        return super().send_messages(messages)
