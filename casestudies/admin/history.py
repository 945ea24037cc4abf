"""The read-only history inline shown on every object with a status line."""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.translation import gettext_lazy as _

from ..models import StatusChange


class StatusChangeInline(GenericTabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = ("at", "from_status", "to_status", "actor_display", "note")
    readonly_fields = fields
    verbose_name_plural = _("history")
    template = "admin/casestudies/history_inline.html"

    @admin.display(description=_("by"))
    def actor_display(self, obj):
        return obj.actor

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
