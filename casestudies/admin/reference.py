"""Reference data and calls: councils, themes, principles, calls and publications.

Public pages show all of them, so every save or delete here makes the cached pages stale
(``PublicContentAdminMixin``), the Welsh fields' as much as the English ones'.

What CCIN writes has an English and a Welsh field (casestudies/translation.py); ``side_by_side``
puts each pair on one line of the form, English on the left, so the two are edited together.
"""

from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from modeltranslation.utils import get_translation_fields

from .. import email_wording
from ..models import (
    Call,
    CallNationTarget,
    CallTheme,
    Council,
    Perspective,
    Principle,
    Publication,
    StaffProfile,
    Theme,
)
from .public import PublicContentAdminMixin


def side_by_side(*names: str) -> tuple[tuple[str, ...], ...]:
    """Each translated field as one form line of its languages: ``(("title_en_gb", "title_cy"), …)``."""
    return tuple(tuple(get_translation_fields(name)) for name in names)


# The language of each translated field's input, by its suffix (for spelling and screen readers).
INPUT_LANGUAGES = {"_en_gb": "en-GB", "_cy": "cy"}


class LanguageFieldsMixin:
    """Each translated field's input says which language it holds: ``lang="en-GB"`` or ``lang="cy"``."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        for suffix, language in INPUT_LANGUAGES.items():
            if formfield is not None and db_field.name.endswith(suffix):
                formfield.widget.attrs["lang"] = language
        return formfield


def in_each_language(*names: str) -> tuple[str, ...]:
    """Each translated field's columns, for ``search_fields``: a search finds English or Welsh."""
    return tuple(field for name in names for field in get_translation_fields(name))


@admin.register(Council)
class CouncilAdmin(PublicContentAdminMixin, admin.ModelAdmin):
    list_display = (
        "name",
        "nation",
        "region",
        "council_type",
        "membership",
        "gss_code",
        "is_steering_group",
        "is_sample",
    )
    list_filter = ("nation", "region", "council_type", "membership", "is_steering_group", "is_sample")
    search_fields = ("name", "gss_code")
    # A council website typed without a scheme is an https address (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Theme)
class ThemeAdmin(PublicContentAdminMixin, LanguageFieldsMixin, TranslationAdmin):
    list_display = ("name", "order")
    list_editable = ("order",)
    search_fields = in_each_language("name")
    prepopulated_fields = {"slug": ("name",)}
    fields = (*side_by_side("name"), "slug", *side_by_side("description"), "order")


@admin.register(Principle)
class PrincipleAdmin(PublicContentAdminMixin, LanguageFieldsMixin, TranslationAdmin):
    list_display = ("name", "order", "summary")
    list_editable = ("order",)
    search_fields = in_each_language("name", "summary")
    prepopulated_fields = {"slug": ("name",)}
    fields = (*side_by_side("name"), "slug", *side_by_side("summary"), "order")


class CallThemeInline(admin.TabularInline):
    model = CallTheme
    extra = 0
    autocomplete_fields = ("theme",)


class CallNationTargetInline(admin.TabularInline):
    model = CallNationTarget
    extra = 0


@admin.register(Call)
class CallAdmin(PublicContentAdminMixin, LanguageFieldsMixin, TranslationAdmin):
    list_display = ("title", "eoi_opens_at", "eoi_deadline_at", "case_study_deadline_at", "is_sample", "spread_link")
    list_filter = ("is_sample",)
    search_fields = in_each_language("title")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [CallThemeInline, CallNationTargetInline]
    readonly_fields = ("last_reference_number", "spread_link")
    fieldsets = (
        (None, {"fields": ("slug", "contact_email", "is_sample")}),
        (
            _("What the call says, in English and Welsh"),
            {
                "fields": side_by_side("title", "summary", "purpose", "how_to_take_part"),
                "description": _("Where the Welsh is left empty, Welsh pages show the English."),
            },
        ),
        (_("Review"), {"fields": ("spread_link", "reviews_close_at", "review_scores_shared")}),
        (
            _("Timetable (Europe/London)"),
            {
                "fields": (
                    "eoi_opens_at",
                    "eoi_deadline_at",
                    "councils_notified_week",
                    "case_study_deadline_at",
                    "publication_month",
                )
            },
        ),
        (
            _("Word limits"),
            {
                "fields": (
                    ("eoi_words_min", "eoi_words_max"),
                    ("case_study_words_min", "case_study_words_target", "case_study_words_max"),
                    "max_contributions_per_eoi",
                )
            },
        ),
        (_("References and retention"), {"fields": ("reference_prefix", "last_reference_number", "retention_days")}),
    )

    def save_related(self, request, form, formsets, change):
        """A new call starts with the last call's email wording (email_wording.email_wording_start)."""
        super().save_related(request, form, formsets, change)
        if not change:
            email_wording.email_wording_start(call=form.instance, by=request.user)

    @admin.display(description=_("theme spread"))
    def spread_link(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("admin:casestudies_contribution_spread", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Theme spread board"))


class PerspectiveInline(LanguageFieldsMixin, TranslationStackedInline):
    model = Perspective
    extra = 0
    fields = (*side_by_side("title", "author", "body"), "order")


@admin.register(Publication)
class PublicationAdmin(PublicContentAdminMixin, LanguageFieldsMixin, TranslationAdmin):
    list_display = ("title", "call", "published_on")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [PerspectiveInline]
    fields = ("call", *side_by_side("title"), "slug", *side_by_side("introduction"), "published_on")


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "council")
    list_select_related = ("user", "council")
    autocomplete_fields = ("council",)
    search_fields = ("user__username", "user__email", "council__name")
