"""The staff side. Status is read-only everywhere: moves happen through workflow functions."""

from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import emails
from .models import (
    Call,
    CallTheme,
    CaseStudy,
    Contribution,
    Council,
    EmailLog,
    ExpressionOfInterest,
    Perspective,
    Principle,
    Publication,
    StatusChange,
    Theme,
)


class StatusChangeInline(GenericTabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = ("at", "from_status", "to_status", "actor_display", "note")
    readonly_fields = fields
    verbose_name_plural = _("history")

    @admin.display(description=_("by"))
    def actor_display(self, obj):
        return obj.actor

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
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
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("name", "order")
    list_editable = ("order",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Principle)
class PrincipleAdmin(admin.ModelAdmin):
    list_display = ("name", "order", "summary")
    list_editable = ("order",)
    search_fields = ("name", "summary")
    prepopulated_fields = {"slug": ("name",)}


class CallThemeInline(admin.TabularInline):
    model = CallTheme
    extra = 0
    autocomplete_fields = ("theme",)


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ("title", "eoi_opens_at", "eoi_deadline_at", "case_study_deadline_at", "is_sample")
    list_filter = ("is_sample",)
    search_fields = ("title",)
    prepopulated_fields = {"slug": ("title",)}
    inlines = [CallThemeInline]
    readonly_fields = ("last_reference_number",)
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "purpose", "how_to_take_part", "contact_email", "is_sample")}),
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


class PerspectiveInline(admin.StackedInline):
    model = Perspective
    extra = 0


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ("title", "call", "published_on")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [PerspectiveInline]


class ContributionInline(admin.TabularInline):
    model = Contribution
    extra = 0
    can_delete = False
    fields = ("position", "theme", "description", "word_count", "status")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ExpressionOfInterest)
class ExpressionOfInterestAdmin(admin.ModelAdmin):
    list_display = ("reference", "council_display", "contact_name", "call", "submitted_at")
    list_filter = ("call",)
    search_fields = ("reference", "council__name", "council_name", "contact_name", "contact_email")
    list_select_related = ("council", "call")
    readonly_fields = ("call", "reference", "number", "submission_token", "submitted_at")
    autocomplete_fields = ("council",)
    inlines = [ContributionInline]

    @admin.display(description=_("council"), ordering="council__name")
    def council_display(self, obj):
        return obj.council_display

    def has_add_permission(self, request):
        return False


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "council", "theme", "word_count", "status")
    list_filter = ("eoi__call", "theme", "status")
    search_fields = ("eoi__reference", "eoi__council__name", "eoi__council_name", "description")
    list_select_related = ("eoi__council", "theme")
    readonly_fields = ("eoi", "position", "status", "status_changed_at")
    inlines = [StatusChangeInline]

    @admin.display(description=_("council"), ordering="eoi__council__name")
    def council(self, obj):
        return obj.eoi.council_display

    def has_add_permission(self, request):
        return False


@admin.register(CaseStudy)
class CaseStudyAdmin(admin.ModelAdmin):
    list_display = ("__str__", "council", "theme", "status", "published_at")
    list_filter = ("call", "theme", "status")
    search_fields = ("title", "council__name", "body")
    list_select_related = ("council", "theme", "call")
    readonly_fields = (
        "contribution",
        "call",
        "status",
        "status_changed_at",
        "invited_at",
        "submitted_at",
        "approved_at",
        "published_at",
        "first_published_at",
        "version",
    )
    filter_horizontal = ("principles",)
    inlines = [StatusChangeInline]

    def has_add_permission(self, request):
        return False


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ("at", "content_type", "object_id", "from_status", "to_status", "by", "by_label")
    list_filter = ("content_type", "to_status")
    list_select_related = ("content_type", "by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EmailLog)
class EmailLogAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "to", "subject", "status", "attempts", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("to", "subject")
    readonly_fields = [f.name for f in EmailLog._meta.fields if f.name != "id"]
    actions = ["resend"]

    @admin.action(description=_("Send the selected emails again"), permissions=["change"])
    def resend(self, request, queryset):
        sent = sum(1 for log_id in queryset.values_list("pk", flat=True) if emails.email_send(log_id=log_id))
        failed = queryset.count() - sent
        if sent:
            self.message_user(request, ngettext("%d email sent.", "%d emails sent.", sent) % sent, messages.SUCCESS)
        if failed:
            self.message_user(
                request,
                ngettext("%d email failed again; see its error.", "%d emails failed again; see their errors.", failed)
                % failed,
                messages.ERROR,
            )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
