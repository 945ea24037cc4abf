"""Expressions of interest from councils, the contributions they offer, and reviewers' scores."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..languages import Language
from ..words import count_words
from .status import StatusMachineMixin


class ExpressionOfInterestQuerySet(models.QuerySet):
    def for_call(self, call):
        return self.filter(call=call)


class ExpressionOfInterest(models.Model):
    """One council's offer of one or more contributions to a call. Created whole, in one transaction."""

    call = models.ForeignKey("Call", on_delete=models.PROTECT, related_name="eois", verbose_name=_("call"))
    council = models.ForeignKey(
        "Council", on_delete=models.PROTECT, null=True, blank=True, related_name="eois", verbose_name=_("council")
    )
    council_name = models.CharField(
        _("council name (not listed)"), max_length=150, blank=True, help_text=_("Only when the council is not listed.")
    )
    contact_name = models.CharField(_("contact name"), max_length=150)
    contact_role = models.CharField(_("role"), max_length=150)
    contact_email = models.EmailField(_("email"), max_length=254)
    contact_phone = models.CharField(_("phone"), max_length=30, blank=True)
    number = models.PositiveIntegerField(_("number within the call"))
    reference = models.CharField(_("reference"), max_length=32, unique=True)
    submission_token = models.UUIDField(
        _("submission token"), unique=True, help_text=_("Makes a repeated submission of the same form one record.")
    )
    submitted_at = models.DateTimeField(_("submitted at"), db_index=True)
    # The language of the form the officer sent (the active language then): the emails follow it.
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.EN)
    personal_data_removed_at = models.DateTimeField(
        _("personal data removed at"), null=True, blank=True, editable=False
    )

    objects = ExpressionOfInterestQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        permissions = [("view_contact_phone", _("Can see contacts' phone numbers"))]
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], name="eoi_number_unique_in_call"),
            models.CheckConstraint(
                condition=Q(council__isnull=False) | ~Q(council_name=""), name="eoi_names_a_council"
            ),
            models.CheckConstraint(condition=Q(language__in=Language.values), name="eoi_language_known"),
        ]

    def __str__(self):
        return f"{self.reference} — {self.council_display}"

    @property
    def council_display(self) -> str:
        return self.council.name if self.council_id else self.council_name


class ContributionQuerySet(models.QuerySet):
    def for_call(self, call):
        return self.filter(eoi__call=call)

    def awaiting_decision(self):
        return self.filter(status__in=[Contribution.Status.SUBMITTED, Contribution.Status.SHORTLISTED])

    def with_council(self):
        return self.select_related("eoi__council", "eoi__call", "theme")


class ContributionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    INVITED = "invited", _("Invited")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Contribution(StatusMachineMixin, models.Model):
    """One idea in an EOI: a theme and a short description. Steering group decide on each."""

    Status = ContributionStatus

    TRANSITIONS = {
        Status.SUBMITTED: frozenset({Status.SHORTLISTED, Status.DECLINED, Status.WITHDRAWN}),
        Status.SHORTLISTED: frozenset({Status.INVITED, Status.DECLINED, Status.WITHDRAWN}),
        Status.INVITED: frozenset(),
        Status.DECLINED: frozenset(),
        Status.WITHDRAWN: frozenset(),
    }

    eoi = models.ForeignKey(
        ExpressionOfInterest, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("EOI")
    )
    theme = models.ForeignKey("Theme", on_delete=models.PROTECT, related_name="contributions", verbose_name=_("theme"))
    description = models.TextField(_("description"))
    position = models.PositiveSmallIntegerField(_("position in the EOI"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, editable=False
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True, editable=False)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["eoi__submitted_at", "position"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ContributionStatus.values), name="contribution_status_known"),
            models.UniqueConstraint(fields=["eoi", "position"], name="contribution_position_unique"),
        ]
        indexes = [models.Index(fields=["status", "theme"], name="contribution_status_theme")]

    def __str__(self):
        return f"{self.eoi.reference}/{self.position}"

    @property
    def word_count(self) -> int:
        return count_words(self.description)


class Review(models.Model):
    """A steering group member's score and comment on one contribution. One per reviewer."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews")
    score = models.PositiveSmallIntegerField(_("score"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["contribution", "reviewer"], name="review_once_per_reviewer"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="review_score_1_to_5"),
        ]

    def __str__(self):
        return f"{self.contribution} — {self.reviewer} ({self.score})"


class SavedEoi(models.Model):
    """An unfinished expression of interest saved to finish later: any length, no reference,
    not shown to reviewers. Its private link works until the call's EOI deadline; the
    retention command deletes what is left after that."""

    call = models.ForeignKey("Call", on_delete=models.CASCADE, related_name="saved_eois", verbose_name=_("call"))
    contact_email = models.EmailField(_("email"), max_length=254)
    answers = models.JSONField(_("answers so far"), default=dict)
    access_key = models.CharField(_("private link key"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("saved expression of interest")
        verbose_name_plural = _("saved expressions of interest")

    def __str__(self):
        return f"{self.call}: {self.contact_email}"
