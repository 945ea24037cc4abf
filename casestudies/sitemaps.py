"""``/sitemap.xml``: the public pages a search engine should find, and only those.

Calls, published case studies, the themes, councils and principles that have published case
studies, publications whose day has come, and the standing collection pages. Every location
starts with ``SITE_URL``, whatever host the request named.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Call, CaseStudy, Council, Principle, Publication, Theme
from .site import site_domain, site_protocol


class SiteSitemap(Sitemap):
    """Locations on the configured site address, not the request's host: each page once per
    language (/… and /cy/…), each with its hreflang alternates and an x-default (English)."""

    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None):
        return site_protocol()

    def get_domain(self, site=None):
        return site_domain()


def _with_published_case_studies(model, field: str):
    published = CaseStudy.objects.published().values(field)
    return model.objects.filter(pk__in=published).order_by("pk")


class CollectionSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return ["casestudies:home", "casestudies:case-study-list", "casestudies:open-data"]

    def location(self, item):
        return reverse(item)


class CallSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return Call.objects.order_by("pk")


class CaseStudySitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return CaseStudy.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class ThemeSitemap(SiteSitemap):
    def items(self):
        return _with_published_case_studies(Theme, "theme_id")


class CouncilSitemap(SiteSitemap):
    def items(self):
        return _with_published_case_studies(Council, "council_id").only("slug")


class PrincipleSitemap(SiteSitemap):
    def items(self):
        through = CaseStudy.principles.through.objects.filter(casestudy__status=CaseStudy.Status.PUBLISHED)
        return Principle.objects.filter(pk__in=through.values("principle_id")).order_by("pk")


class PublicationSitemap(SiteSitemap):
    def items(self):
        return Publication.objects.published().order_by("pk")


SITEMAPS = {
    "collection": CollectionSitemap,
    "calls": CallSitemap,
    "case-studies": CaseStudySitemap,
    "themes": ThemeSitemap,
    "councils": CouncilSitemap,
    "principles": PrincipleSitemap,
    "publications": PublicationSitemap,
}
