"""schema.org JSON-LD for search engines: a case study is an ``Article``, the open data a
``Dataset``, CCIN an ``Organization``.

Each function returns plain data; templates write it with the ``json_ld`` filter
(``templatetags/ccin.py``), which escapes ``<``, ``>`` and ``&`` as JSON does in
``json_script``, so no text a council typed can close the script element. Every address is
built from ``SITE_URL``.
"""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from .models.case_studies import LICENCE_URLS
from .opendata import DATA_LICENCE, iso_utc
from .site import absolute_url
from .translation import LANGUAGE_TAGS, shown_language

CONTEXT = "https://schema.org"
CCIN_NAME = "Co-operative Councils' Innovation Network"
CCIN_URL = "https://www.councils.coop/"


def default_image_url() -> str:
    """The CCIN card, for pages (and link previews) that have no image of their own."""
    return absolute_url(static("images/ccin-card.png"))


def organization() -> dict:
    return {
        "@type": "Organization",
        "name": CCIN_NAME,
        "alternateName": "CCIN",
        "url": CCIN_URL,
        "email": settings.CONTACT_EMAIL,
    }


def organization_ld() -> dict:
    """The home page: who runs the service."""
    return {"@context": CONTEXT, **organization(), "logo": default_image_url()}


def _publisher(case_study) -> dict:
    council = case_study.council
    author = {"@type": "Organization", "name": case_study.council_name}
    if council is not None:
        author["url"] = absolute_url(council.get_absolute_url())
        if council.website:
            author["sameAs"] = council.website
    return author


def _is_part_of(case_study) -> dict:
    """The call's publication once its day has come, else the collection."""
    publication = getattr(case_study.call, "publication", None)
    if publication is not None and publication.is_published():
        return {
            "@type": "CreativeWork",
            "name": publication.title,
            "inLanguage": LANGUAGE_TAGS[shown_language(publication, "title")],
            "url": absolute_url(publication.get_absolute_url()),
        }
    return {
        "@type": "Collection",
        "name": settings.SITE_NAME,
        "url": absolute_url(reverse("casestudies:case-study-list")),
    }


def article_ld(case_study) -> dict:
    """A published case study as a schema.org ``Article``."""
    image = (
        absolute_url(reverse("casestudies:case-study-image", kwargs={"slug": case_study.slug}))
        if case_study.image
        else default_image_url()
    )
    languages = [text.lang for text in case_study.texts()]
    data = {
        "@context": CONTEXT,
        "@type": "Article",
        "headline": case_study.shown.title,
        "description": case_study.shown.standfirst,
        "url": absolute_url(case_study.get_absolute_url()),
        "mainEntityOfPage": absolute_url(case_study.get_absolute_url()),
        "author": _publisher(case_study),
        "publisher": organization(),
        "datePublished": iso_utc(case_study.first_published_at or case_study.published_at),
        "dateModified": iso_utc(case_study.updated_at),
        "image": image,
        "about": case_study.theme.name,
        # The language of each text on the page: "en-GB", "cy", or both (the page's first).
        "inLanguage": languages[0] if len(languages) == 1 else languages,
        "isPartOf": _is_part_of(case_study),
    }
    licence_url = LICENCE_URLS.get(case_study.licence)
    if licence_url:
        data["license"] = licence_url
    return data


def dataset_ld(*, modified) -> dict:
    """The open data as a schema.org ``Dataset``, for dataset search engines."""
    return {
        "@context": CONTEXT,
        "@type": "Dataset",
        "name": _("CCIN case studies: open data"),
        "description": _(
            "Every published case study of the Co-operative Councils' Innovation Network, with the council's "
            "ONS GSS code, nation, region and type, the theme, the co-operative principles it shows and the "
            "licence of its text."
        ),
        "url": absolute_url(reverse("casestudies:open-data")),
        "license": DATA_LICENCE["path"],
        "isAccessibleForFree": True,
        "creator": organization(),
        "publisher": organization(),
        # English, with Welsh columns for the names of themes, principles and calls (docs/open-data.md).
        "inLanguage": list(LANGUAGE_TAGS.values()),
        "spatialCoverage": {"@type": "Place", "name": "United Kingdom"},
        "keywords": ["co-operative councils", "local government", "case studies", "community"],
        "dateModified": iso_utc(modified),
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": "text/csv",
                "contentUrl": absolute_url(reverse("casestudies:open-data-csv")),
            },
            {
                "@type": "DataDownload",
                "encodingFormat": "application/json",
                "contentUrl": absolute_url(reverse("casestudies:open-data-json")),
            },
            {
                "@type": "DataDownload",
                "encodingFormat": "application/vnd.datapackage+json",
                "contentUrl": absolute_url(reverse("casestudies:open-data-package")),
            },
        ],
    }
