"""Which language a request is in, and the addresses of a page in each language (issue 16).

The address decides: /cy/… is Welsh, everything else English (``settings.LANGUAGE_CODE``). A
browser's Accept-Language and the ``django_language`` cookie never change the language of a
page, so a page and its cached copy are always in the language of its address, and
``<html lang>`` always tells the truth. The admin is always English.

The one place a preference counts is the home page ``/``: a reader who chose Welsh (the
cookie, set by the language switch), or who has not chosen and whose browser prefers Welsh
while the Welsh catalogue is complete (``settings.WELSH_COMPLETE``), is sent to ``/cy/``.
"""

from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

WELSH = "cy"
# Each language's name in itself: what the switch says, never translated.
NATIVE_NAMES = {"en-gb": "English", "cy": "Cymraeg"}


def language_tag(code: str) -> str:
    """The BCP 47 tag of a language code, as ``lang`` and ``hreflang`` write it: ``en-GB``, ``cy``."""
    language, _, region = code.partition("-")
    return f"{language}-{region.upper()}" if region else language


def _supported(code: str) -> str | None:
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def language_of_path(path_info: str) -> str:
    """The language of an address: its prefix (``/cy/``), else the default."""
    return translation.get_language_from_path(path_info) or settings.LANGUAGE_CODE


def is_admin_path(path_info: str) -> bool:
    return path_info.startswith(reverse("admin:index"))


def _unprefixed(path_info: str) -> str:
    """The address without its language prefix: ``/cy/calls/x/`` -> ``/calls/x/``."""
    code = translation.get_language_from_path(path_info)
    if code is None or code == settings.LANGUAGE_CODE:
        return path_info
    rest = path_info[len(code) + 1 :]
    return rest if rest.startswith("/") else "/" + rest


def path_in(code: str, path_info: str) -> str:
    """The same page in language ``code``: ``/calls/x/`` <-> ``/cy/calls/x/``."""
    rest = _unprefixed(path_info)
    return rest if code == settings.LANGUAGE_CODE else f"/{code}{rest}"


def alternates(request) -> list[dict]:
    """Each language's address of this page (path and query string), the reader's first."""
    query = request.META.get("QUERY_STRING", "")
    current = translation.get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        path = path_in(code, request.path_info) + (f"?{query}" if query else "")
        links.append(
            {
                "code": code,
                "tag": language_tag(code),
                "name": NATIVE_NAMES[code],
                "path": path,
                "is_current": code == current,
            }
        )
    return links


def switch_url(code: str, target: str) -> str:
    """The language switch's link: it records the choice (the cookie), then shows ``target``."""
    return reverse("casestudies:language-switch", kwargs={"code": code}) + "?next=" + quote(target, safe="/")


def _preferred_at_home(request) -> str | None:
    """At ``/``: the reader's choice (the cookie), else their browser's first supported language."""
    chosen = _supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""))
    if chosen:
        return chosen
    if not settings.WELSH_COMPLETE:
        return None
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if code != "*" and (supported := _supported(code)):
            return supported
    return None


class LanguageMiddleware:
    """Activates the address's language (English in the admin) for the request, and sends a reader
    who prefers Welsh from ``/`` to ``/cy/``. In place of Django's LocaleMiddleware, which would
    let the cookie or the browser choose the language of unprefixed pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path_info = request.path_info
        language = settings.LANGUAGE_CODE if is_admin_path(path_info) else language_of_path(path_info)
        at_home = path_info == "/" and request.method in ("GET", "HEAD")
        previous = translation.get_language()
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            preferred = _preferred_at_home(request) if at_home else None
            if preferred and preferred != language:
                response = HttpResponseRedirect(path_in(preferred, "/") + _query(request))
            else:
                response = self.get_response(request)
        finally:
            translation.activate(previous) if previous else translation.deactivate()
        if at_home:
            # What / answers depends on these two headers: shared caches must keep them apart.
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", language_tag(language))
        return response


def _query(request) -> str:
    query = request.META.get("QUERY_STRING", "")
    return f"?{query}" if query else ""


# The plural categories a script asks Intl.PluralRules for (Welsh uses all six), each with a
# number that falls in it in Welsh, for picking gettext's plural form of a message for a script.
PLURAL_EXAMPLES = {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 6, "other": 4}


def plural_attributes(name: str, message) -> dict[str, str]:
    """``data-<name>-<category>`` attributes for a script: ``message(n)`` (an ``ngettext`` with
    ``%(count)s``) for a number of each plural category, with ``{count}`` for the script to fill."""
    return {
        f"{name}-{category}": str(message(n)).replace("%(count)s", "{count}") for category, n in PLURAL_EXAMPLES.items()
    }
