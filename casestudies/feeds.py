"""The Atom feed of newly published case studies, each entry with its licence as <rights>."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models.case_studies import LICENCE_URLS

FEED_SIZE = 50


def licence_statement(case_study) -> str:
    """The licence in words, with its address: "Creative Commons … (CC BY 4.0): https://…"."""
    name = str(case_study.get_licence_display())
    url = LICENCE_URLS.get(case_study.licence, "")
    return f"{name}: {url}" if url else name


class CaseStudyAtomFeed(Atom1Feed):
    """Atom with an entry-level <rights> element (RFC 4287 §4.2.10) for each entry's licence."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("rights"):
            handler.addQuickElement("rights", item["rights"])


class LatestCaseStudiesFeed(Feed):
    feed_type = CaseStudyAtomFeed
    title = _("CCIN case studies: newly published")
    subtitle = _("Case studies of co-operative working from the Co-operative Councils' Innovation Network.")
    link = reverse_lazy("casestudies:case-study-list")
    feed_url = reverse_lazy("casestudies:case-study-feed")

    def items(self):
        return selectors.case_study_reuse_list().order_by("-published_at", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.standfirst

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.first_published_at or item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.public_council_name

    def item_categories(self, item):
        return [item.theme.name, *(principle.name for principle in item.principles.all())]

    def item_extra_kwargs(self, item):
        return {"rights": licence_statement(item)}
