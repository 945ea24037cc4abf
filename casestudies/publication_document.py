"""A call's publication as one PDF, made on the server with WeasyPrint from the page's own data.

The document is the publication page's content (introduction, perspectives, contents,
principles, the case studies by theme, each with its licence) laid out for A4 by
``templates/casestudies/publication_print.html`` and ``publication_print.css``.

Storing: the PDF is made once and kept as a file in Django's default storage (S3-compatible
storage when a bucket is named, so every app server finds the same file; docs/deploy.md),
named by the publication, the language and the SHA-256 of what it is made from (the print HTML, its CSS and
WeasyPrint's version): ``publications/<id>/<language>/<fingerprint>.pdf``. Any change that would change
the PDF — a case study edited, published or unpublished, a theme, council or principle
renamed, a new image, an edited introduction, a new template — changes the HTML and so the
name: a changed publication is a new file, never the old one, and the publication's older
files in that language are deleted when it is made. Which file is current is kept like the pages
(``public_cache.remember``: made stale by every change to public content, per language and
release), so a download reads no table and renders nothing: it streams the stored file. The
fingerprint is also the download's ETag.

Images are read from Django's storage through a fetcher that knows one private URL scheme
(``ccin-image:<storage name>``) and refuses everything else, so rendering never goes to the
network or the file system outside the storage.
"""

import hashlib
import logging
import mimetypes
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation

from . import public_cache
from .site import absolute_url

logger = logging.getLogger(__name__)
# The folder of the default storage that holds the publications' PDFs, one folder per publication.
FOLDER = "publications"

# WeasyPrint reports each step of every render at INFO ("Step 6 - Creating PDF"): not news.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
IMAGE_SCHEME = "ccin-image:"


@dataclass(frozen=True)
class StoredDocument:
    """A publication's PDF as stored: its name in the default storage, fingerprint and size in bytes."""

    name: str
    fingerprint: str
    size: int


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


def _fingerprint(html: str, css: str) -> str:
    import weasyprint

    digest = hashlib.sha256()
    for part in (weasyprint.__version__, css, html):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:40]


def _make_pdf(html: str, css: str) -> bytes:
    import weasyprint

    _tag_languages()
    document = weasyprint.HTML(string=html, base_url=absolute_url(), url_fetcher=_image_fetcher())
    # PDF/UA-1 (tagged, XMP metadata with dc:title and pdfuaid:part, the language, the outline),
    # so that screen readers can follow headings, lists, tables and links in the PDF.
    return document.write_pdf(
        stylesheets=[weasyprint.CSS(string=css)], pdf_variant="pdf/ua-1", finisher=_finish_for_pdf_ua
    )


def _folder(publication) -> str:
    """One folder per publication and language: each language's PDF is its own file."""
    return f"{FOLDER}/{publication.pk}/{translation.get_language()}"


def _forget_older(publication, keep: str) -> None:
    """Delete the publication's other PDFs: a change may have taken text out of it."""
    try:
        _folders, files = default_storage.listdir(_folder(publication))
        for name in files:
            path = f"{_folder(publication)}/{name}"
            if path != keep:
                default_storage.delete(path)
    except Exception:  # noqa: BLE001 - a file left behind is tidied at the next change
        logger.warning("Could not delete the older PDFs of publication %s", publication.pk, exc_info=True)


def publication_pdf_stored(*, publication, context: dict, request) -> StoredDocument:
    """The publication's current PDF in the default storage: made and stored if not there yet."""
    html = publication_html(context=context, request=request)
    css = render_to_string("casestudies/publication_print.css")
    fingerprint = _fingerprint(html, css)
    name = f"{_folder(publication)}/{fingerprint}.pdf"
    if not default_storage.exists(name):
        content = _make_pdf(html, css)
        saved = default_storage.save(name, ContentFile(content))
        if saved != name:  # another server stored the same file first: the same bytes, keep theirs
            default_storage.delete(saved)
        _forget_older(publication, keep=name)
    return StoredDocument(name=name, fingerprint=fingerprint, size=default_storage.size(name))


def publication_pdf_current(*, publication, context, request) -> StoredDocument:
    """``publication_pdf_stored``, remembered until anything public changes, so a download of an
    unchanged publication reads no table and renders nothing. ``context`` is a callable (the
    publication's page context), called only when the PDF's name must be worked out again."""
    name = f"publication-pdf:{publication.pk}"  # per language: ``remember`` keys every value by it
    return public_cache.remember(
        name, lambda: publication_pdf_stored(publication=publication, context=context(), request=request), size=1024
    )
