"""Request checks that belong to no single view."""

from django.contrib.admin.views.main import ERROR_FLAG
from django.http import HttpResponseRedirect
from django.urls import reverse


class AdminQueryMiddleware:
    """An admin page asked for with a NUL character in its query string (``?status__exact=%00``,
    ``?q=%00``) gets the admin's own answer to a filter it cannot use: the list, marked ``?e=1``.

    PostgreSQL refuses NUL in any string, and the admin's lists would otherwise pass the value
    straight to a query and answer 500. Form fields need nothing here: Django's ``CharField``
    already refuses NUL. (Out-of-range ids are dropped where ids are read: review_views.py.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(reverse("admin:index")) and any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return self.get_response(request)
