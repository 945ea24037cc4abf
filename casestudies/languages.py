"""The two languages of the service (English and Welsh) and the one answer to "which language
does this council contact hear from us in?".

The values are Django's language codes (settings.LANGUAGES), so a stored language can be
activated as it is (``translation.override(language)``), and they are valid ``lang`` attributes
(BCP 47 is case-insensitive; ``lang_attribute`` writes them as "en-GB" and "cy").
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .language import language_tag


class Language(models.TextChoices):
    """A language someone uses: an officer filling in a form, the language of an email."""

    EN = "en-gb", _("English")
    CY = "cy", "Cymraeg"


def language_of(code: str | None) -> str:
    """A Django language code ("cy", "cy-gb", "en", "en-gb", None…) as one of ``Language``."""
    return Language.CY if (code or "").lower().startswith("cy") else Language.EN


def officer_language() -> str:
    """The language of the page the officer is using now (the active language of the request)."""
    return language_of(translation.get_language())


def contact_language(*, eoi=None, case_study=None) -> str:
    """The language every email to a council's contact is written in: the language the officer
    last used on the case study form (``CaseStudy.contact_language``), else the one they wrote
    their expression of interest in (``ExpressionOfInterest.language``), else English.

    Every email to a council goes through this; staff notices use ``STAFF_LANGUAGE``."""
    if case_study is not None and case_study.contact_language:
        return language_of(case_study.contact_language)
    if eoi is None and case_study is not None and case_study.contribution_id:
        eoi = case_study.contribution.eoi
    if eoi is not None and eoi.language:
        return language_of(eoi.language)
    return Language.EN


# Notices to CCIN's own staff (comms@) are in the service's default language.
STAFF_LANGUAGE = language_of(settings.LANGUAGE_CODE)


def lang_attribute(code: str) -> str:
    """The ``lang`` attribute value for a language code: "en-GB" or "cy"."""
    return language_tag(language_of(code))
