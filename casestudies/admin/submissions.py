"""Expressions of interest and contributions: what the steering group reviews."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import Contribution, ExpressionOfInterest
from .history import StatusChangeInline


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
