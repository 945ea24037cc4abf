"""Case studies: what the editors check, approve and publish."""

from django.contrib import admin

from ..models import CaseStudy
from .history import StatusChangeInline


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
