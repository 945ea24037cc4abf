"""Django's user admin, with the council a staff user works for (their conflict of interest)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from ..models import StaffProfile

User = get_user_model()


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    extra = 0
    max_num = 1
    autocomplete_fields = ("council",)
    verbose_name = _("council this person works for")
    verbose_name_plural = _("council this person works for (they cannot review its contributions)")


if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [*DjangoUserAdmin.inlines, StaffProfileInline]
