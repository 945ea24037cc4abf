"""Reusing the collection: open data (CSV, JSON, their Data Package and the page that explains
them) and robots.txt. Every address they give is built from ``SITE_URL``.

The Atom feeds are ``casestudies.feeds`` and the sitemap ``casestudies.sitemaps``.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from .. import opendata, selectors, structured_data
from ..language import path_in
from ..site import absolute_url

OPEN_DATA_HEADERS = {
    # Open data: any web page may fetch it.
    "Access-Control-Allow-Origin": "*",
    "Cache-Control": "public, max-age=300",
}


def _records() -> list[dict]:
    return opendata.open_data_records(selectors.case_study_reuse_list(), absolute=absolute_url)


def _open_data_response(response):
    for name, value in OPEN_DATA_HEADERS.items():
        response[name] = value
    return response


class OpenDataView(TemplateView):
    """``/open-data/``: what the files hold, their fields and licences, and where to get them."""

    template_name = "casestudies/open_data.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "fields": list(opendata.FIELD_DESCRIPTIONS.items()),
            "json_ld": structured_data.dataset_ld(modified=selectors.case_study_last_published_at()),
        }


class CaseStudiesCsvView(View):
    """The CSV; ``bom=True`` (``case-studies-excel.csv``) leads it with a byte order mark for Excel."""

    bom = False
    filename = "ccin-case-studies.csv"

    def get(self, request, *args, **kwargs):
        content = opendata.open_data_csv(_records(), bom=self.bom)
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        return _open_data_response(response)


class CaseStudiesJsonView(View):
    def get(self, request, *args, **kwargs):
        data = opendata.open_data_json(_records())
        return _open_data_response(
            JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False, "indent": 1})
        )


class DataPackageView(View):
    """``/open-data/datapackage.json``: the Frictionless Data Package that describes the files."""

    def get(self, request, *args, **kwargs):
        package = opendata.data_package(
            absolute=absolute_url,
            generated_at=timezone.now(),
            count=selectors.case_study_reuse_list().count(),
        )
        return _open_data_response(JsonResponse(package, json_dumps_params={"ensure_ascii": False, "indent": 1}))


csv_view = CaseStudiesCsvView.as_view()
json_view = CaseStudiesJsonView.as_view()


class RobotsView(View):
    """Everything public may be crawled, but not the admin, private case study links or searches."""

    def get(self, request, *args, **kwargs):
        private = ["/write/", reverse("casestudies:case-study-search")]
        lines = [
            "User-agent: *",
            "Disallow: /admin/",
            # In each language (/write/ and /cy/write/); the language switch only redirects.
            *(f"Disallow: {path_in(code, path)}" for path in private for code, _name in settings.LANGUAGES),
            "Disallow: /language/",
            "",
            f"Sitemap: {absolute_url(reverse('casestudies:sitemap'))}",
            "",
        ]
        return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
