"""Atom feeds of newly published case studies: all of them, and one per theme and per council.

Every entry carries its licence as ``<rights>``, its summary as plain text (``type="text"``:
whatever a council typed, ``<script>`` included, is shown as the characters it is and never
run by a feed reader), its theme and principles as categories, each with the scheme that
says which list it comes from, and the language of its text as ``xml:lang`` ("en-GB" or "cy":
the text in the feed's language when the case study has one, else the other). Every address in
a feed (its id, its links, each entry's id) is built from ``SITE_URL``, never from the request's host.

A theme's feed is titled with the theme's name and subtitled with its description in the
feed's language; where the Welsh description is not written the English shows, and its
``<subtitle>`` says so with ``xml:lang="en-GB"``.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import Council, Theme
from .models.case_studies import LICENCE_URLS
from .site import absolute_url
from .translation import fallback_tag

FEED_SIZE = 50


def licence_statement(case_study) -> str:
    """The licence in words, with its address: "Creative Commons … (CC BY 4.0): https://…"."""
    name = str(case_study.get_licence_display())
    url = LICENCE_URLS.get(case_study.licence, "")
    return f"{name}: {url}" if url else name


def category_scheme(kind: str) -> str:
    """The scheme of a category: the address under which its terms (slugs) are pages."""
    return absolute_url(f"/{kind}/")


class CaseStudyAtomFeed(Atom1Feed):
    """Atom with, for each entry, a text summary, categories with a scheme and a label, and
    ``<rights>`` (RFC 4287 §4.2.10) for its licence; a subtitle in another language than the
    feed's carries its own ``xml:lang``."""

    def __init__(self, *args, subtitle_lang=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.subtitle_lang = subtitle_lang

    def add_root_elements(self, handler):
        subtitle, self.feed["subtitle"] = self.feed["subtitle"], None
        super().add_root_elements(handler)
        self.feed["subtitle"] = subtitle
        if subtitle is not None:
            attributes = {"xml:lang": self.subtitle_lang} if self.subtitle_lang else {}
            handler.addQuickElement("subtitle", subtitle, attributes)

    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        if item.get("text_language"):
            attributes["xml:lang"] = item["text_language"]
        return attributes

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("summary_text"):
            handler.addQuickElement("summary", item["summary_text"], {"type": "text"})
        for term, scheme, label in item.get("scheme_categories", ()):
            handler.addQuickElement("category", "", {"term": term, "scheme": scheme, "label": label})
        if item.get("rights"):
            handler.addQuickElement("rights", item["rights"])


class LatestCaseStudiesFeed(Feed):
    feed_type = CaseStudyAtomFeed
    title = _("CCIN case studies: newly published")
    subtitle = _("Case studies of co-operative working from the Co-operative Councils' Innovation Network.")

    def case_studies(self, obj):
        return selectors.case_study_reuse_list()

    def items(self, obj):
        return self.case_studies(obj).order_by("-published_at", "-pk")[:FEED_SIZE]

    def page_path(self, obj) -> str:
        return reverse("casestudies:case-study-list")

    def link(self, obj):
        return absolute_url(self.page_path(obj))

    def feed_path(self, obj) -> str:
        return reverse("casestudies:case-study-feed")

    def feed_url(self, obj):
        return absolute_url(self.feed_path(obj))

    def feed_guid(self, obj):
        return self.feed_url(obj)

    def item_title(self, item):
        return item.shown.title

    def item_description(self, item):
        return None  # the summary is written as text by CaseStudyAtomFeed

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.first_published_at or item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.public_council_name

    def item_extra_kwargs(self, item):
        categories = [(item.theme.slug, category_scheme("themes"), item.theme.name)]
        categories += [
            (principle.slug, category_scheme("principles"), principle.name) for principle in item.principles.all()
        ]
        return {
            "rights": licence_statement(item),
            "summary_text": item.shown.standfirst,
            "scheme_categories": categories,
            "text_language": item.shown.lang,
        }


class ThemeCaseStudiesFeed(LatestCaseStudiesFeed):
    """``/themes/<slug>/feed/``: newly published case studies on one theme."""

    def get_object(self, request, slug):
        return get_object_or_404(Theme, slug=slug)

    def title(self, obj):
        return _("CCIN case studies: %(theme)s") % {"theme": obj.name}

    def subtitle(self, obj):
        return obj.description or LatestCaseStudiesFeed.subtitle

    def feed_extra_kwargs(self, obj):
        return {"subtitle_lang": fallback_tag(obj, "description") if obj.description else None}

    def case_studies(self, obj):
        return selectors.case_study_reuse_list().filter(theme=obj)

    def page_path(self, obj):
        return obj.get_absolute_url()

    def feed_path(self, obj):
        return reverse("casestudies:theme-feed", kwargs={"slug": obj.slug})


class CouncilCaseStudiesFeed(LatestCaseStudiesFeed):
    """``/councils/<slug>/feed/``: newly published case studies by one council."""

    def get_object(self, request, slug):
        return get_object_or_404(Council, slug=slug)

    def title(self, obj):
        return _("CCIN case studies: %(council)s") % {"council": obj.name}

    def case_studies(self, obj):
        return selectors.case_study_reuse_list().filter(council=obj)

    def page_path(self, obj):
        return obj.get_absolute_url()

    def feed_path(self, obj):
        return reverse("casestudies:council-feed", kwargs={"slug": obj.slug})
