"""The wording of a call's emails, as CCIN edits it: every version kept, the newest used."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailWordingQuerySet(models.QuerySet):
    def current(self, *, call, kind: str):
        """The version in use for ``call`` and ``kind`` (the newest), or None."""
        return self.filter(call=call, kind=kind).order_by("-created_at", "-pk").first()

    def current_for_call(self, call) -> dict:
        """{kind: newest version} for one call."""
        found = {}
        for wording in self.filter(call=call).order_by("kind", "-created_at", "-pk"):
            found.setdefault(wording.kind, wording)
        return found


class EmailWording(models.Model):
    """One version of one email's wording for one call: a subject and a body with ``{named}`` placeholders.

    Editing never changes a row: it adds a new version (``email_wording_save``), so every earlier
    wording stays on record."""

    call = models.ForeignKey("Call", on_delete=models.CASCADE, related_name="email_wordings", verbose_name=_("call"))
    kind = models.CharField(_("email"), max_length=40)
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saved by"),
    )

    objects = EmailWordingQuerySet.as_manager()

    class Meta:
        ordering = ["call", "kind", "-created_at", "-pk"]
        verbose_name = _("email wording")
        verbose_name_plural = _("email wording")
        indexes = [models.Index(fields=["call", "kind", "created_at"], name="email_wording_current")]

    def __str__(self):
        from ..emails import email_kind_label

        return f"{email_kind_label(self.kind)} – {self.call}"
