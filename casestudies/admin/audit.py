"""The record: status changes and emails (with resend)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import emails
from ..models import EmailLog, StatusChange


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
        # The ids are read once, before sending: the queryset may be filtered by status ("Failed"),
        # and counting it again afterwards would leave out the rows that have just been sent.
        log_ids = list(queryset.values_list("pk", flat=True))
        sent = sum(1 for log_id in log_ids if emails.email_send(log_id=log_id))
        failed = len(log_ids) - sent
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
