from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from casestudies.admin.personal_data import personal_data_view

admin.site.site_header = _("CCIN case studies: administration")
admin.site.site_title = _("CCIN case studies admin")
admin.site.index_title = _("Calls, submissions and publication")

# A request too large (or too malformed) for Django to read: a styled page with the contact address.
handler400 = "casestudies.views.errors.bad_request"

urlpatterns = [
    path("admin/personal-data/", admin.site.admin_view(personal_data_view), name="admin-personal-data"),
    path("admin/", admin.site.urls),
    path("", include("casestudies.urls")),
]
