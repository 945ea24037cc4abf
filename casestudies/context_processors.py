from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from .language import alternates, language_tag, switch_url
from .site import absolute_url, canonical_url


def site(request):
    return {
        # The service's name is in the catalogue ("CCIN case studies"): Welsh on Welsh pages.
        "site_name": gettext(settings.SITE_NAME),
        "contact_email": settings.CONTACT_EMAIL,
        "site_url": settings.SITE_URL,
        "canonical_url": canonical_url(request),
        **languages(request),
    }


def languages(request) -> dict:
    """The page's language as ``lang`` writes it, its address in each language (for the
    ``hreflang`` alternates, absolute) and the language switch (to the other language)."""
    links = alternates(request)
    other = next(link for link in links if not link["is_current"])
    current = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "language_tag": language_tag(current),
        "og_locale": translation.to_locale(current if "-" in current else f"{current}-gb"),
        "language_alternates": [{**link, "url": absolute_url(link["path"])} for link in links],
        "language_default_url": absolute_url(links[0]["path"]),
        "language_switch": {**other, "url": switch_url(other["code"], other["path"])},
    }
