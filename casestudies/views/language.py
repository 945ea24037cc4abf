"""``/language/<code>/?next=…``: the language switch. Records the reader's choice and shows the page."""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from ..language import path_in


def language_switch(request, code: str):
    """Sets the ``django_language`` cookie (it decides only where ``/`` sends the reader) and goes to
    ``next``, a path on this site, in that language; any other ``next`` goes to the home page."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "")
    if not (target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts=None)):
        target = path_in(code, "/")
    path, _, query = target.partition("?")
    response = HttpResponseRedirect(path_in(code, path) + (f"?{query}" if query else ""))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
