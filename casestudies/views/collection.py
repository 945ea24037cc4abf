"""The published collection, for anyone: browse and filter, search, a page per theme, council
and principle, and each call's publication (on screen, in print and as one PDF).

Every page here runs a fixed number of queries however many case studies there are: the
joins are decided in ``selectors``, and lists are paginated in the database. Every page is
kept whole in the public-pages cache (``public_cache``) until something it shows changes, so
most requests run no query at all (search pages for a few minutes, in each worker's own store).
"""

import datetime

from django.core.files.storage import default_storage
from django.core.paginator import InvalidPage, Paginator
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from .. import publication_document, selectors
from ..public_cache import PublicPageCacheMixin, page_query
from ..selectors.filters import CollectionFilters
from ..selectors.search import RANKING_KEPT_SECONDS, SearchText, case_study_search, search_highlight
from ..site import absolute_url

PER_PAGE = 20


def paginate(request, queryset):
    """One page of ``queryset`` (a COUNT and a LIMIT/OFFSET query) or of a list. A page number
    that is not a whole number, or beyond the last page, is a 404 (page 1 of an empty list is
    the empty list)."""
    paginator = Paginator(queryset, PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except InvalidPage as error:
        raise Http404(str(error)) from error
    page.object_list = list(page.object_list)
    page_range = list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))
    return {"page": page, "page_range": page_range, "ellipsis": Paginator.ELLIPSIS}


def image_url(case_study) -> str:
    """The absolute address of a published case study's display image, or ""."""
    if not case_study.image:
        return ""
    return absolute_url(reverse("casestudies:case-study-image", kwargs={"slug": case_study.slug}))


def first_image(case_studies) -> tuple[str, str]:
    """(url, alt) of the first case study in the list that has an image, for og:image."""
    for case_study in case_studies:
        if case_study.image:
            return image_url(case_study), case_study.image_alt
    return "", ""


class CaseStudyListView(PublicPageCacheMixin, TemplateView):
    """``/case-studies/``: newest first, 20 a page, with filters that combine and stay in the URL."""

    template_name = "casestudies/case_study_list.html"

    def results(self, queryset, context: dict):
        results = paginate(self.request, queryset)
        self.cache_query = {**context["filters"].as_query(), **page_query(self.request, results["page"])}
        return results

    def get_context_data(self, **kwargs):
        options = selectors.collection_filter_options()
        filters = CollectionFilters.from_query(self.request.GET, options)
        context = {
            **super().get_context_data(**kwargs),
            "options": options,
            "filters": filters,
            "filter_words": filters.describe(options),
            "list_url": reverse("casestudies:case-study-list"),
            "search_url": reverse("casestudies:case-study-search"),
        }
        context.update(self.results(filters.apply(selectors.case_study_collection()), context))
        return context


class CaseStudySearchView(CaseStudyListView):
    """``/case-studies/search/?q=…``: the same list, narrowed to the words and best match first.

    The filters apply here too. An empty query, or one with no letters or digits, shows
    advice instead of results; a very long one is cut to ``search.MAX_QUERY_LENGTH``.
    """

    template_name = "casestudies/search.html"
    # Anyone can make new search addresses: a page is kept in each worker's own (bounded) store
    # only, for a few minutes; the ranking, in the shared cache (selectors.search).
    share_public_page = False

    def results(self, queryset, context: dict):
        search = SearchText.from_raw(self.request.GET.get("q"))
        context["search"] = search
        filters = context["filters"].as_query()
        self.cache_query = {**filters, "q": search.text} if search.text else filters
        self.cache_until = timezone.now() + datetime.timedelta(seconds=RANKING_KEPT_SECONDS)
        if not search.is_searchable:
            return {"page": None, "page_range": []}
        found = case_study_search(queryset, search, kept_as=context["filters"].key)
        results = paginate(self.request, found.ids)
        self.cache_query.update(page_query(self.request, results["page"]))
        results["page"].object_list = found.rows(results["page"].object_list)
        search_highlight(results["page"].object_list, search)
        return {**results, "is_capped": found.is_capped, "max_ranked": found.ranked_at_most}


class _CollectionPageView(PublicPageCacheMixin, TemplateView):
    """A page about one thing (a theme, a council, a principle) listing its published case studies."""

    context_name = ""  # the template's name for the thing, and the collection's filter by it
    subject_get = None  # its selector by slug (Http404 if unknown)

    def get_context_data(self, **kwargs):
        obj = self.subject_get(slug=kwargs["slug"])
        results = paginate(self.request, selectors.case_study_collection(**{self.context_name: obj}))
        self.cache_query = page_query(self.request, results["page"])
        og_image, og_image_alt = first_image(results["page"].object_list)
        return {
            **super().get_context_data(**kwargs),
            self.context_name: obj,
            **results,
            "og_image": og_image,
            "og_image_alt": og_image_alt,
        }


class ThemeDetailView(_CollectionPageView):
    template_name = "casestudies/theme_detail.html"
    context_name = "theme"
    subject_get = staticmethod(selectors.theme_get)


class CouncilDetailView(_CollectionPageView):
    template_name = "casestudies/council_detail.html"
    context_name = "council"
    subject_get = staticmethod(selectors.council_get)


class PrincipleDetailView(_CollectionPageView):
    template_name = "casestudies/principle_detail.html"
    context_name = "principle"
    subject_get = staticmethod(selectors.principle_get)


def publication_context(publication) -> dict:
    """What the publication page and its PDF both show, read once (four queries)."""
    case_studies = selectors.publication_case_studies(publication=publication)
    sections = []
    for case_study in case_studies:
        if not sections or sections[-1]["theme"].pk != case_study.theme_id:
            sections.append({"theme": case_study.theme, "case_studies": []})
        sections[-1]["case_studies"].append(case_study)
    call = publication.call
    return {
        "publication": publication,
        "call": call,
        "perspectives": list(publication.perspectives.all()),
        "sections": sections,
        "case_study_count": len(case_studies),
        "principle_counts": selectors.publication_principle_counts(publication=publication),
        "is_sample": call.is_sample or any(cs.council is not None and cs.council.is_sample for cs in case_studies),
    }


class PublicationDetailView(PublicPageCacheMixin, TemplateView):
    """``/publications/<slug>/``: only once ``published_on`` has come; a 404 before, as for an unknown slug."""

    template_name = "casestudies/publication_detail.html"

    def get_context_data(self, **kwargs):
        publication = selectors.publication_published_get(slug=kwargs["slug"])
        context = publication_context(publication)
        og_image, og_image_alt = "", ""
        for section in context["sections"]:
            og_image, og_image_alt = first_image(section["case_studies"])
            if og_image:
                break
        return {**super().get_context_data(**kwargs), **context, "og_image": og_image, "og_image_alt": og_image_alt}


class PublicationListView(PublicPageCacheMixin, TemplateView):
    """``/publications/``: every publication whose day has come, newest first, each with its PDF's size.

    Sizing a PDF makes it (once: it is cached until its content changes, as the download is),
    and this page is itself cached, so the work is done once per change."""

    template_name = "casestudies/publication_list.html"

    def get_context_data(self, **kwargs):
        publications = list(selectors.publication_published_list())
        for publication in publications:
            publication.pdf_size = publication_document.publication_pdf_current(
                publication=publication, context=lambda p=publication: publication_context(p), request=self.request
            ).size
        return {**super().get_context_data(**kwargs), "publications": publications}


class PublicationDownloadView(View):
    """The whole publication as one PDF, made on the server from the same data as the page.

    The PDF is made once and stored (``publication_document``); a download streams the stored
    file, and which file is current is kept like the pages, so an unchanged publication's
    download reads only the publication's row and the file. Its fingerprint is the ETag, so a
    browser that has it gets a 304.
    """

    def get(self, request, *args, **kwargs):
        publication = selectors.publication_published_get(slug=kwargs["slug"])
        context = lambda: publication_context(publication)  # noqa: E731 - read only if the PDF must be made
        stored = publication_document.publication_pdf_current(publication=publication, context=context, request=request)
        if not default_storage.exists(stored.name):
            # Another server, a moment ahead, has replaced it since this one last looked.
            stored = publication_document.publication_pdf_stored(
                publication=publication, context=context(), request=request
            )
        etag = f'"{stored.fingerprint}"'
        if request.headers.get("If-None-Match") == etag:
            return HttpResponseNotModified(headers={"ETag": etag})
        response = FileResponse(
            default_storage.open(stored.name, "rb"),
            content_type="application/pdf",
            as_attachment=True,
            filename=f"{publication.slug}.pdf",
        )
        response["Content-Length"] = str(stored.size)
        response["ETag"] = etag
        response["Cache-Control"] = "public, max-age=300"
        return response
