"""A call for case studies, with its timetable, and the publication that comes of it.

Every timetable question ("is the EOI form open?", "may this case study still be
edited?") is answered by a method on ``Call`` so that pages, emails and locks agree.
A deadline means "before that instant": at 17:00:00 exactly the door is shut.
"""

import datetime
import enum

from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .reference import Nation


class EoiState(enum.StrEnum):
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    CLOSED = "closed"


class CallQuerySet(models.QuerySet):
    def take_reference_number(self, call_id: int) -> int:
        """Count one more EOI on the call and return its number, in one statement.

        The UPDATE holds the call's row lock until the transaction ends, so parallel
        submissions to one call get distinct numbers, and a rolled-back one gives its number
        back: references are unique and gap-free. Use inside ``transaction.atomic()``.
        """
        quote = connections[self.db].ops.quote_name
        table, column = quote(self.model._meta.db_table), quote("last_reference_number")
        with connections[self.db].cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {column} = {column} + 1 WHERE {quote('id')} = %s RETURNING {column}",  # noqa: S608 - names quoted, value a parameter
                [call_id],
            )
            row = cursor.fetchone()
        if row is None:
            raise self.model.DoesNotExist(f"No call {call_id}")
        return row[0]

    def open_for_eoi(self, now: datetime.datetime | None = None):
        now = now or timezone.now()
        return self.filter(eoi_opens_at__lte=now, eoi_deadline_at__gt=now)

    def latest_first(self):
        return self.order_by("-eoi_deadline_at", "-pk")

    def current(self, now: datetime.datetime | None = None):
        """The call a visitor most likely wants: the open one, else the most recent."""
        return self.open_for_eoi(now).latest_first().first() or self.latest_first().first()


class Call(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(_("summary"), help_text=_("One or two sentences shown in lists and on the home page."))
    purpose = models.TextField(_("purpose"), help_text=_("Why the call is made. Blank lines separate paragraphs."))
    how_to_take_part = models.TextField(_("how to take part"), help_text=_("Blank lines separate paragraphs."))
    themes = models.ManyToManyField("Theme", through="CallTheme", related_name="calls", verbose_name=_("themes"))

    eoi_opens_at = models.DateTimeField(_("expressions of interest open"))
    eoi_deadline_at = models.DateTimeField(
        _("expression of interest deadline"), help_text=_("Submissions must arrive before this moment.")
    )
    councils_notified_week = models.DateField(
        _("councils notified in the week commencing"), help_text=_("The Monday of the week.")
    )
    case_study_deadline_at = models.DateTimeField(
        _("case study deadline"), help_text=_("Case studies must be submitted before this moment.")
    )
    publication_month = models.DateField(
        _("publication month"), help_text=_("Any day in the month; shown as month and year.")
    )

    eoi_words_min = models.PositiveIntegerField(_("fewest words per contribution"), default=50)
    eoi_words_max = models.PositiveIntegerField(_("most words per contribution"), default=75)
    case_study_words_target = models.PositiveIntegerField(_("case study length asked for"), default=300)
    case_study_words_min = models.PositiveIntegerField(_("fewest words in a case study"), default=250)
    case_study_words_max = models.PositiveIntegerField(_("most words in a case study"), default=350)
    max_contributions_per_eoi = models.PositiveIntegerField(
        _("most contributions in one expression of interest"), default=10
    )

    reviews_close_at = models.DateTimeField(
        _("reviews close"),
        null=True,
        blank=True,
        help_text=_("Reviewers can score contributions before this moment. Leave blank to keep reviews open."),
    )
    review_scores_shared = models.BooleanField(
        _("show every reviewer's scores at once"),
        default=False,
        help_text=_(
            "Off: a reviewer sees the others' scores and comments only after saving their own, so they are "
            "not swayed by them. On: everyone sees them at once."
        ),
    )

    contact_email = models.EmailField(_("contact email"), default="comms@councils.coop")
    reference_prefix = models.CharField(
        _("reference prefix"),
        max_length=20,
        unique=True,
        help_text=_("EOI references read PREFIX-0001, e.g. CCIN-2020."),
    )
    last_reference_number = models.PositiveIntegerField(_("last reference number issued"), default=0, editable=False)
    retention_days = models.PositiveIntegerField(
        _("days to keep personal data of unsuccessful submissions after the case study deadline"), default=365
    )
    is_sample = models.BooleanField(_("sample content"), default=False)

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-eoi_deadline_at"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            models.CheckConstraint(condition=Q(eoi_deadline_at__gt=F("eoi_opens_at")), name="call_eoi_window_positive"),
            models.CheckConstraint(
                condition=Q(case_study_deadline_at__gt=F("eoi_deadline_at")), name="call_case_studies_after_eois"
            ),
            models.CheckConstraint(condition=Q(eoi_words_max__gte=F("eoi_words_min")), name="call_eoi_word_range"),
            models.CheckConstraint(
                condition=Q(case_study_words_max__gte=F("case_study_words_min")), name="call_case_study_word_range"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("casestudies:call-detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.eoi_opens_at and self.eoi_deadline_at and self.eoi_deadline_at <= self.eoi_opens_at:
            errors["eoi_deadline_at"] = _("The deadline must be after the day expressions of interest open.")
        if self.eoi_deadline_at and self.case_study_deadline_at and self.case_study_deadline_at <= self.eoi_deadline_at:
            errors["case_study_deadline_at"] = _("The case study deadline must be after the EOI deadline.")
        if (
            self.eoi_words_min is not None
            and self.eoi_words_max is not None
            and self.eoi_words_max < self.eoi_words_min
        ):
            errors["eoi_words_max"] = _("The most words must be at least the fewest words.")
        if (
            self.case_study_words_min is not None
            and self.case_study_words_max is not None
            and self.case_study_words_max < self.case_study_words_min
        ):
            errors["case_study_words_max"] = _("The most words must be at least the fewest words.")
        if errors:
            raise ValidationError(errors)

    # --- the timetable -------------------------------------------------------------------

    def eoi_state(self, at: datetime.datetime | None = None) -> EoiState:
        at = at or timezone.now()
        if at < self.eoi_opens_at:
            return EoiState.NOT_YET_OPEN
        if at < self.eoi_deadline_at:
            return EoiState.OPEN
        return EoiState.CLOSED

    def eoi_is_open(self, at: datetime.datetime | None = None) -> bool:
        return self.eoi_state(at) is EoiState.OPEN

    def reviews_are_open(self, at: datetime.datetime | None = None) -> bool:
        """Whether reviewers can still score this call's contributions."""
        at = at or timezone.now()
        return self.reviews_close_at is None or at < self.reviews_close_at

    def case_study_deadline_for(self, extended_to: datetime.datetime | None = None) -> datetime.datetime:
        """The deadline for one case study: the call's, or a later one granted to that invitation."""
        if extended_to and extended_to > self.case_study_deadline_at:
            return extended_to
        return self.case_study_deadline_at

    def case_study_is_open(
        self, at: datetime.datetime | None = None, extended_to: datetime.datetime | None = None
    ) -> bool:
        at = at or timezone.now()
        return at < self.case_study_deadline_for(extended_to)

    @property
    def personal_data_kept_until(self) -> datetime.datetime:
        """When the personal data of unsuccessful submissions is removed (``purge_personal_data``)."""
        return self.case_study_deadline_at + datetime.timedelta(days=self.retention_days)

    def reference_for(self, number: int) -> str:
        return f"{self.reference_prefix}-{number:04d}"

    @property
    def councils_notified_week_ending(self) -> datetime.date:
        return self.councils_notified_week + datetime.timedelta(days=4)

    def eoi_word_range_ok(self, count: int) -> bool:
        return self.eoi_words_min <= count <= self.eoi_words_max

    def case_study_word_range_ok(self, count: int) -> bool:
        return self.case_study_words_min <= count <= self.case_study_words_max

    def timetable(self) -> list[tuple[str, object, str]]:
        """The call's dates in order, as (label, value, kind) for templates and emails."""
        return [
            (_("Expressions of interest open"), self.eoi_opens_at, "datetime"),
            (_("Deadline for expressions of interest"), self.eoi_deadline_at, "datetime"),
            (_("Councils told whether they are invited"), self.councils_notified_week, "week"),
            (_("Deadline for case studies"), self.case_study_deadline_at, "datetime"),
            (_("Publication"), self.publication_month, "month"),
        ]


class CallTheme(models.Model):
    """A theme as used by one call, with the number of case studies the call hopes for on it."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="call_themes")
    theme = models.ForeignKey("Theme", on_delete=models.PROTECT, related_name="call_themes")
    target_case_studies = models.PositiveIntegerField(
        _("target number of case studies"), default=0, help_text=_("0 means no target.")
    )

    class Meta:
        ordering = ["theme__order", "theme__name"]
        verbose_name = _("theme in this call")
        verbose_name_plural = _("themes in this call")
        constraints = [models.UniqueConstraint(fields=["call", "theme"], name="call_theme_once")]

    def __str__(self):
        return f"{self.call}: {self.theme}"


class CallNationTarget(models.Model):
    """The fewest case studies a call hopes for from one nation, so the spread is not all English."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="nation_targets")
    nation = models.CharField(_("nation"), max_length=20, choices=Nation.choices)
    minimum_case_studies = models.PositiveIntegerField(_("minimum number of case studies"), default=0)

    class Meta:
        ordering = ["nation"]
        verbose_name = _("nation target")
        verbose_name_plural = _("nation targets")
        constraints = [
            models.UniqueConstraint(fields=["call", "nation"], name="call_nation_once"),
            models.CheckConstraint(condition=Q(nation__in=Nation.values), name="call_nation_target_known"),
        ]

    def __str__(self):
        return f"{self.call}: {self.get_nation_display()}"


class PublicationQuerySet(models.QuerySet):
    def published(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(published_on__isnull=False, published_on__lte=today)


class Publication(models.Model):
    """The collection a call produces: an introduction, perspectives, then its case studies by theme."""

    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="publication")
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    introduction = models.TextField(_("introduction"), help_text=_("Blank lines separate paragraphs."))
    published_on = models.DateField(_("published on"), null=True, blank=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("casestudies:publication-detail", kwargs={"slug": self.slug})

    def is_published(self, today: datetime.date | None = None) -> bool:
        """The same rule as ``PublicationQuerySet.published``, for a publication already read."""
        return self.published_on is not None and self.published_on <= (today or timezone.localdate())


class Perspective(models.Model):
    """An essay in a publication, such as the 2020 report's Welsh and Scottish perspectives."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="perspectives")
    title = models.CharField(_("title"), max_length=200)
    author = models.CharField(_("author"), max_length=200, blank=True)
    body = models.TextField(_("body"), help_text=_("Blank lines separate paragraphs."))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("perspective")
        verbose_name_plural = _("perspectives")

    def __str__(self):
        return self.title
