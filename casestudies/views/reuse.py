"""Reusing the collection: open data (CSV, JSON and the page that explains them) and robots.txt.

The Atom feed is ``casestudies.feeds`` and the sitemap ``casestudies.sitemaps``.
"""

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from .. import opendata, selectors

OPEN_DATA_HEADERS = {
    # Open data: any web page may fetch it.
    "Access-Control-Allow-Origin": "*",
    "Cache-Control": "public, max-age=300",
}


def _records(request) -> list[dict]:
    return opendata.open_data_records(selectors.case_study_reuse_list(), absolute=request.build_absolute_uri)


class OpenDataView(TemplateView):
    """``/open-data/``: what the files hold, their fields and licences, and where to get them."""

    template_name = "casestudies/open_data.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "fields": list(opendata.FIELD_DESCRIPTIONS.items())}


class CaseStudiesCsvView(View):
    def get(self, request, *args, **kwargs):
        response = HttpResponse(opendata.open_data_csv(_records(request)), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="ccin-case-studies.csv"'
        for name, value in OPEN_DATA_HEADERS.items():
            response[name] = value
        return response


class CaseStudiesJsonView(View):
    def get(self, request, *args, **kwargs):
        data = opendata.open_data_json(
            _records(request),
            documentation_url=request.build_absolute_uri(reverse("casestudies:open-data")),
            generated_at=timezone.now(),
        )
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
        for name, value in OPEN_DATA_HEADERS.items():
            response[name] = value
        return response


csv_view = CaseStudiesCsvView.as_view()
json_view = CaseStudiesJsonView.as_view()


class RobotsView(View):
    """Everything public may be crawled, but not the admin, private case study links or searches."""

    def get(self, request, *args, **kwargs):
        lines = [
            "User-agent: *",
            "Disallow: /admin/",
            "Disallow: /write/",
            f"Disallow: {reverse('casestudies:case-study-search')}",
            "",
            f"Sitemap: {request.build_absolute_uri(reverse('casestudies:sitemap'))}",
            "",
        ]
        return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
