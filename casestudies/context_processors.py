from django.conf import settings

from .site import canonical_url


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "contact_email": settings.CONTACT_EMAIL,
        "site_url": settings.SITE_URL,
        "canonical_url": canonical_url(request),
    }
