"""A call's publication as one PDF, made on the server with WeasyPrint from the page's own data.

The document is the publication page's content (introduction, perspectives, contents,
principles, the case studies by theme, each with its licence) laid out for A4 by
``templates/casestudies/publication_print.html`` and ``publication_print.css``.

Caching: the HTML is rendered on every request (a few queries, milliseconds); its SHA-256
is the document's fingerprint, and the PDF (the slow part) is cached under it. Any change
that would change the PDF — a case study edited, published or unpublished, a theme, council
or principle renamed, a new image, an edited introduction, a new template — changes the
HTML and so the key; an unchanged publication is one cache read. The fingerprint is also
the download's ETag.

Images are read from Django's storage through a fetcher that knows one private URL scheme
(``ccin-image:<storage name>``) and refuses everything else, so rendering never goes to the
network or the file system outside the storage.
"""

import hashlib
import logging
import mimetypes
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.template.loader import render_to_string

from .site import absolute_url

CACHE_SECONDS = 60 * 60 * 24 * 30

# WeasyPrint reports each step of every render at INFO ("Step 6 - Creating PDF"): not news.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
IMAGE_SCHEME = "ccin-image:"


@dataclass(frozen=True)
class Document:
    content: bytes
    fingerprint: str


def _image_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StorageImageFetcher(URLFetcher):
        """Serve ``ccin-image:<name>`` from the default storage; refuse every other URL."""

        def fetch(self, url, headers=None):
            if not url.startswith(IMAGE_SCHEME):
                raise ValueError(f"The publication document loads nothing from {url!r}.")
            name = url.removeprefix(IMAGE_SCHEME)
            if not name.startswith("case-studies/") or ".." in name:
                raise ValueError(f"Not a case study image: {name!r}")
            with default_storage.open(name, "rb") as image:
                body = image.read()
            content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})

    return StorageImageFetcher()


def _finish_for_pdf_ua(document, pdf) -> None:
    """What WeasyPrint's PDF/UA-1 output leaves out: the ``/Scope`` of each table header cell
    (Matterhorn 15-003). A header in the table's head heads a column; one in its body heads a
    row, as in the publication's one table (``<th scope="col">``, ``<th scope="row">``)."""
    import pydyf

    elements = {obj.reference: obj for obj in pdf.objects if isinstance(obj, pydyf.Dictionary) and "S" in obj}
    for element in elements.values():
        if element["S"] != "/TH":
            continue
        row = elements.get(element.get("P"))
        group = elements.get(row.get("P")) if row is not None else None
        scope = "/Column" if group is not None and group["S"] == "/THead" else "/Row"
        element.setdefault("A", pydyf.Dictionary({"O": "/Table"}))["Scope"] = scope


def _tag_languages() -> None:
    """Give each tagged structure element the language of its HTML element (``/Lang``), so that a
    Welsh text in an English publication (or the reverse) is read in its own language (PDF/UA-1,
    Matterhorn 11-005). WeasyPrint 70 writes only the document's language; its tag builder is
    wrapped, once, to copy an element's ``lang`` attribute onto the elements built for it (the
    innermost ``lang`` wins). If a later WeasyPrint builds its tags otherwise, nothing is wrapped
    and the document keeps its one language."""
    try:
        from weasyprint.pdf import tags
    except ImportError:  # pragma: no cover - WeasyPrint is a requirement
        return
    build = getattr(tags, "_build_box_tree", None)
    if build is None or getattr(build, "ccin_languages", False):
        return

    def build_with_languages(box, parent, pdf, *args, **kwargs):
        element = getattr(box, "element", None)
        lang = element.get("lang") if element is not None and hasattr(element, "get") else None
        for built in build(box, parent, pdf, *args, **kwargs):
            if lang and built.get("P") == parent.reference and "Lang" not in built:
                import pydyf

                built["Lang"] = pydyf.String(lang)
            yield built

    build_with_languages.ccin_languages = True
    tags._build_box_tree = build_with_languages


def publication_html(*, context: dict, request) -> str:
    return render_to_string(
        "casestudies/publication_print.html",
        {**context, "site_url": settings.SITE_URL, "image_scheme": IMAGE_SCHEME},
        request=request,
    )


def publication_pdf(*, publication, context: dict, request) -> Document:
    """The publication as PDF bytes, from the cache when nothing in it has changed."""
    import weasyprint

    html = publication_html(context=context, request=request)
    css = render_to_string("casestudies/publication_print.css")
    digest = hashlib.sha256()
    for part in (weasyprint.__version__, css, html):
        digest.update(part.encode())
        digest.update(b"\0")
    fingerprint = digest.hexdigest()[:40]
    key = f"publication-pdf:{publication.pk}:{fingerprint}"
    content = cache.get(key)
    if content is None:
        _tag_languages()
        document = weasyprint.HTML(string=html, base_url=absolute_url(), url_fetcher=_image_fetcher())
        # PDF/UA-1 (tagged, XMP metadata with dc:title and pdfuaid:part, the language, the outline),
        # so that screen readers can follow headings, lists, tables and links in the PDF.
        content = document.write_pdf(
            stylesheets=[weasyprint.CSS(string=css)], pdf_variant="pdf/ua-1", finisher=_finish_for_pdf_ua
        )
        cache.set(key, content, CACHE_SECONDS)
    return Document(content=content, fingerprint=fingerprint)
