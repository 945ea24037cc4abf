"""The ~300-word case study an invited council writes, from invitation to publication."""

from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..languages import Language, lang_attribute, language_of
from ..words import count_words
from .status import StatusMachineMixin


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", _("Creative Commons Attribution 4.0 International (CC BY 4.0)")
    OGL = "ogl-3.0", _("Open Government Licence v3.0")
    CC_BY_NC = "cc-by-nc-4.0", _("Creative Commons Attribution-NonCommercial 4.0 International (CC BY-NC 4.0)")
    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved")


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.OGL: "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    Licence.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/",
    Licence.ALL_RIGHTS_RESERVED: "",
}


class CaseStudyQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=CaseStudy.Status.PUBLISHED)

    def for_call(self, call):
        return self.filter(call=call)

    def awaiting_editor(self):
        return self.filter(status=CaseStudy.Status.SUBMITTED)

    def not_yet_submitted(self):
        return self.filter(
            status__in=[CaseStudy.Status.INVITED, CaseStudy.Status.DRAFT, CaseStudy.Status.CHANGES_REQUESTED]
        )


def image_upload_to(instance, filename):
    return f"case-studies/{instance.pk or 'new'}/{filename}"


class CaseStudyStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")


class TextLanguage(models.TextChoices):
    """The language(s) a council writes its case study in."""

    EN = "en-gb", _("English")
    CY = "cy", "Cymraeg"
    BOTH = "both", _("Both (English and Cymraeg)")


# The council's text that has a Welsh twin: English field → Welsh field.
WELSH_TWINS = {
    "title": "title_cy",
    "standfirst": "standfirst_cy",
    "body": "body_cy",
    "partners": "partners_cy",
    "outcomes": "outcomes_cy",
    "image_alt": "image_alt_cy",
}


@dataclass(frozen=True)
class CaseStudyText:
    """A case study's text in one language, as pages, the PDF, the feed and open data show it.

    Each field is read from the case study when it is asked for, so a list that defers the
    body (the cards) does not fetch it."""

    case_study: "CaseStudy"
    language: str

    def _field(self, name: str) -> str:
        return getattr(self.case_study, WELSH_TWINS[name] if self.is_welsh else name) or ""

    title = property(lambda self: self._field("title"))
    standfirst = property(lambda self: self._field("standfirst"))
    body = property(lambda self: self._field("body"))
    partners = property(lambda self: self._field("partners"))
    outcomes = property(lambda self: self._field("outcomes"))
    image_alt = property(lambda self: self._field("image_alt"))

    @property
    def lang(self) -> str:
        """Its ``lang`` attribute: "en-GB" or "cy"."""
        return lang_attribute(self.language)

    @property
    def is_welsh(self) -> bool:
        return self.language == Language.CY

    @property
    def word_count(self) -> int:
        return count_words(self.body)


class CaseStudy(StatusMachineMixin, models.Model):
    Status = CaseStudyStatus
    TextLanguage = TextLanguage

    TRANSITIONS = {
        Status.INVITED: frozenset({Status.DRAFT}),
        Status.DRAFT: frozenset({Status.SUBMITTED}),
        Status.SUBMITTED: frozenset({Status.CHANGES_REQUESTED, Status.APPROVED}),
        Status.CHANGES_REQUESTED: frozenset({Status.SUBMITTED}),
        Status.APPROVED: frozenset({Status.PUBLISHED}),
        Status.PUBLISHED: frozenset({Status.UNPUBLISHED}),
        Status.UNPUBLISHED: frozenset({Status.PUBLISHED}),
    }
    # While in these statuses the council may edit through its private link.
    EDITABLE_BY_COUNCIL = frozenset({Status.INVITED, Status.DRAFT, Status.CHANGES_REQUESTED})

    Licence = Licence

    contribution = models.OneToOneField(
        "Contribution", on_delete=models.PROTECT, related_name="case_study", verbose_name=_("contribution")
    )
    # Copied from the contribution at invitation so that public lists filter without joins.
    call = models.ForeignKey("Call", on_delete=models.PROTECT, related_name="case_studies", verbose_name=_("call"))
    council = models.ForeignKey(
        "Council",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_studies",
        verbose_name=_("council"),
    )
    theme = models.ForeignKey("Theme", on_delete=models.PROTECT, related_name="case_studies", verbose_name=_("theme"))
    principles = models.ManyToManyField(
        "Principle", blank=True, related_name="case_studies", verbose_name=_("co-operative principles shown")
    )

    language = models.CharField(
        _("language of the case study"), max_length=5, choices=TextLanguage.choices, default=TextLanguage.EN
    )
    title = models.CharField(_("title"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True, null=True, blank=True)
    standfirst = models.TextField(_("standfirst"), max_length=400, blank=True)
    body = models.TextField(_("case study"), blank=True)
    partners = models.TextField(_("partners"), blank=True)
    outcomes = models.TextField(_("outcomes and learning"), blank=True)
    # The Welsh text (Cymraeg): used when the language is Welsh or both. The fields above are English.
    title_cy = models.CharField(_("title (Welsh)"), max_length=120, blank=True)
    standfirst_cy = models.TextField(_("standfirst (Welsh)"), max_length=400, blank=True)
    body_cy = models.TextField(_("case study (Welsh)"), blank=True)
    partners_cy = models.TextField(_("partners (Welsh)"), blank=True)
    outcomes_cy = models.TextField(_("outcomes and learning (Welsh)"), blank=True)

    enquiry_name = models.CharField(_("contact for enquiries: name"), max_length=150, blank=True)
    enquiry_role = models.CharField(_("contact for enquiries: role"), max_length=150, blank=True)
    enquiry_email = models.EmailField(_("contact for enquiries: email"), blank=True)
    enquiry_consent = models.BooleanField(_("consent to publish the enquiry contact"), default=False)

    image = models.ImageField(_("image"), upload_to=image_upload_to, blank=True)
    image_thumbnail = models.ImageField(_("thumbnail"), upload_to=image_upload_to, blank=True, editable=False)
    image_alt = models.CharField(_("image description (alt text)"), max_length=250, blank=True)
    image_alt_cy = models.CharField(_("image description (alt text, Welsh)"), max_length=250, blank=True)
    image_credit = models.CharField(_("image credit"), max_length=200, blank=True)
    licence = models.CharField(_("licence"), max_length=30, choices=Licence.choices, default=Licence.CC_BY)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.INVITED, editable=False
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True, editable=False)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False, db_index=True)
    first_published_at = models.DateTimeField(_("first published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Bumped on every save of the text, so that a stale form (another tab) is detected.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    # The language the officer last used on the case study form (blank until then): emails follow it.
    contact_language = models.CharField(
        _("contact's language"), max_length=5, choices=Language.choices, blank=True, editable=False
    )

    # The private link is signed with SECRET_KEY and names this key; a new key revokes old links.
    access_key = models.CharField(_("private link key"), max_length=64, blank=True, editable=False)
    access_revoked_at = models.DateTimeField(_("link revoked at"), null=True, blank=True, editable=False)
    deadline_extended_to = models.DateTimeField(
        _("deadline extended to"), null=True, blank=True, help_text=_("Leave blank to use the call's deadline.")
    )

    objects = CaseStudyQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")
        # Publishing is the editors' (CCIN comms'); the steering group approves.
        permissions = [("publish_casestudy", _("Can publish and unpublish case studies"))]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CaseStudyStatus.values), name="case_study_status_known"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False, slug__isnull=False),
                name="case_study_published_has_date_and_slug",
            ),
            models.CheckConstraint(condition=Q(licence__in=Licence.values), name="case_study_licence_known"),
            models.CheckConstraint(condition=Q(language__in=TextLanguage.values), name="case_study_language_known"),
            models.CheckConstraint(
                condition=Q(contact_language__in=["", *Language.values]), name="case_study_contact_language_known"
            ),
        ]
        indexes = [
            # Newest first, ties broken by id: the whole ORDER BY of every list, so a page is an index scan.
            models.Index(fields=["status", "-published_at", "-id"], name="case_study_published_order"),
            models.Index(fields=["theme", "status"], name="case_study_theme_status"),
        ]

    def __str__(self):
        return self.shown.title or _("Untitled case study (%(ref)s)") % {"ref": self.contribution_id}

    def get_absolute_url(self):
        return reverse("casestudies:case-study-detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_editable_by_council(self) -> bool:
        return self.status in self.EDITABLE_BY_COUNCIL

    @property
    def word_count(self) -> int:
        return self.shown.word_count

    # --- its languages ------------------------------------------------------------------------

    @property
    def text_languages(self) -> list[str]:
        """The languages the council writes in, English first: [en-gb], [cy] or [en-gb, cy]."""
        if self.language == TextLanguage.BOTH:
            return [Language.EN, Language.CY]
        return [language_of(self.language)]

    def text_in(self, language: str) -> CaseStudyText:
        """The text in ``language`` (whether or not the case study is written in it)."""
        return CaseStudyText(case_study=self, language=language_of(language))

    def texts(self, page_language: str | None = None) -> list[CaseStudyText]:
        """Its texts, the one in the page's language (the active language) first when it has it."""
        page = language_of(page_language or translation.get_language())
        languages = sorted(self.text_languages, key=lambda language: language != page)
        return [self.text_in(language) for language in languages]

    @property
    def shown(self) -> CaseStudyText:
        """The text a page in the active language leads with."""
        return self.texts()[0]

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS[self.licence]

    @property
    def attribution(self) -> str:
        """The line a reuser credits the case study with, under its licence ("" if all rights are reserved)."""
        if not self.licence_url:
            return ""
        line = _("“%(title)s” by %(council)s, from the CCIN case studies “%(call)s”, licensed under the %(licence)s.")
        return line % {
            "title": self.shown.title,
            "council": self.council_name,
            "call": self.call.title,
            "licence": self.get_licence_display(),
        }

    @property
    def council_name(self) -> str:
        return self.council.name if self.council_id else self.contribution.eoi.council_name

    @property
    def deadline(self):
        return self.call.case_study_deadline_for(self.deadline_extended_to)
