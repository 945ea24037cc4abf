"""What CCIN writes, in English and Welsh (django-modeltranslation).

Each field named here gets ``<field>_en_gb`` and ``<field>_cy`` columns; reading ``theme.name``
gives the active language's value, or the English where the Welsh is empty
(``MODELTRANSLATION_FALLBACK_LANGUAGES``). Slugs, dates and numbers are not translated. What a
council writes (case studies, EOIs) is not here: it is in the language the council wrote it in.
"""

from django.utils.translation import get_language
from modeltranslation import settings as mt_settings
from modeltranslation.translator import TranslationOptions, register
from modeltranslation.utils import build_localized_fieldname

from .language import language_tag
from .models import Call, EmailWording, Perspective, Principle, Publication, Theme


@register(Call)
class CallTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "purpose", "how_to_take_part")


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    # The name is unique: an unwritten Welsh name is NULL, never "", so many themes may lack one.
    empty_values = {"name": None}


@register(Principle)
class PrincipleTranslationOptions(TranslationOptions):
    fields = ("name", "summary")
    empty_values = {"name": None}


@register(Publication)
class PublicationTranslationOptions(TranslationOptions):
    fields = ("title", "introduction")


@register(Perspective)
class PerspectiveTranslationOptions(TranslationOptions):
    fields = ("title", "author", "body")


@register(EmailWording)
class EmailWordingTranslationOptions(TranslationOptions):
    fields = ("subject", "body")


# --- which language a page shows ------------------------------------------------------------------

# The language tags pages and data write (BCP 47), by Django language code.
LANGUAGE_TAGS = {code: language_tag(code) for code in mt_settings.AVAILABLE_LANGUAGES}


def content_language(language: str | None = None) -> str:
    """The content language for ``language`` (default: the active one): one of
    ``MODELTRANSLATION_LANGUAGES``, else English."""
    language = (language or get_language() or "").lower()
    return language if language in mt_settings.AVAILABLE_LANGUAGES else mt_settings.DEFAULT_LANGUAGE


def shown_language(obj, field: str, language: str | None = None) -> str:
    """The Django language code of what ``getattr(obj, field)`` shows in ``language`` (default: the
    active one): that language where its value is written, else the English it falls back to."""
    language = content_language(language)
    localized = build_localized_fieldname(field, language)
    # A field not registered here (a council's name) shows as it is: no other language to fall back on.
    if language != mt_settings.DEFAULT_LANGUAGE and hasattr(obj, localized) and not getattr(obj, localized):
        return mt_settings.DEFAULT_LANGUAGE
    return language


def fallback_tag(obj, field: str) -> str | None:
    """The language tag (``"en-GB"``) to mark ``obj.field`` with on the active language's page when
    what shows is not in the page's language (the Welsh is empty, so the English shows); else None."""
    shown = shown_language(obj, field)
    return LANGUAGE_TAGS[shown] if shown != content_language() else None


def english(obj, field: str) -> str:
    """``obj.field`` in English whatever the active language (open data, search, identifiers)."""
    return getattr(obj, build_localized_fieldname(field, mt_settings.DEFAULT_LANGUAGE)) or ""


def welsh(obj, field: str) -> str | None:
    """``obj.field`` in Welsh, or None where it is not written (never the English)."""
    return getattr(obj, build_localized_fieldname(field, "cy")) or None
