"""What happened and when: every status change, and every email sent or failed."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class StatusChangeQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class StatusChange(models.Model):
    """One move along a status line, or one action that moves none (``event``, with from == to):
    the object, from, to, by whom, when, and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    from_status = models.CharField(_("from"), max_length=20)
    to_status = models.CharField(_("to"), max_length=20)
    event = models.CharField(
        _("action"),
        max_length=40,
        blank=True,
        help_text=_("For an action that moves no status (a reminder, a new link): its name; blank for a move."),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    by_label = models.CharField(
        _("by (when not a user)"), max_length=150, blank=True, help_text=_("e.g. 'council, by private link'")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="status_change_object")]

    def __str__(self):
        model = self.content_type.model_class()
        labels = dict(model.Status.choices) if hasattr(model, "Status") else {}
        if self.event:
            return str(labels.get(self.to_status, self.to_status))
        return " → ".join(str(labels.get(s, s)) for s in (self.from_status, self.to_status) if s)

    @property
    def actor(self) -> str:
        if self.by_id:
            return self.by.get_full_name() or self.by.get_username()
        return self.by_label


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to send")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class EmailLog(models.Model):
    """Every email the service sends, with its outcome, so that a failure can be seen and resent."""

    Status = EmailStatus

    kind = models.CharField(_("kind"), max_length=40)
    to = models.EmailField(_("to"))
    cc = models.CharField(_("copy to"), max_length=500, blank=True)
    subject = models.CharField(_("subject"), max_length=250)
    # The language the email was written in (helps support: "which language did they get?").
    language = models.CharField(_("language"), max_length=5, blank=True)
    body_text = models.TextField(_("plain text"))
    body_html = models.TextField(_("HTML"), blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject_object = GenericForeignKey("content_type", "object_id")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        constraints = [models.CheckConstraint(condition=Q(status__in=EmailStatus.values), name="email_status_known")]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="email_object"),
            # The sender's queue (emails.email_send_pending): the few waiting rows, oldest first,
            # found without reading the many sent ones.
            models.Index(fields=["id"], condition=Q(status=EmailStatus.PENDING), name="email_pending"),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to}"
