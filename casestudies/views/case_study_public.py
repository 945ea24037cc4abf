"""A published case study, for anyone: its page and its image.

Only published case studies exist here. One that was published and then taken down answers
410 Gone with a page that says so (and nothing of its content); any other status is a 404,
the same as a slug that was never used. Nothing personal is shown except the enquiry
contact, and that only when the council consented to publish it.
"""

from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from .. import images, selectors, structured_data
from ..images import image_response
from ..public_cache import PublicPageCacheMixin
from ..site import absolute_url

PUBLIC_IMAGE_CACHE = "public, max-age=3600"


class CaseStudyDetailView(PublicPageCacheMixin, TemplateView):
    template_name = "casestudies/case_study_detail.html"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # Asked only when the page is missing, so a published page costs no extra query.
            if selectors.case_study_was_unpublished(slug=kwargs["slug"]):
                return TemplateResponse(request, "casestudies/case_study_gone.html", status=410)
            raise

    def get_context_data(self, **kwargs):
        case_study = selectors.case_study_published_get(slug=kwargs["slug"])
        image_url = reverse("casestudies:case-study-image", kwargs={"slug": case_study.slug})
        return {**super().get_context_data(**kwargs), **case_study_page_context(case_study, image_url)}


def case_study_page_context(case_study, image_url: str) -> dict:
    """What the case study's page shows: the public page, and the editors' preview of it."""
    call = case_study.call
    is_sample = call.is_sample or bool(case_study.council and case_study.council.is_sample)
    return {
        "case_study": case_study,
        "call": call,
        "principles": list(case_study.principles.all()),
        "is_sample": is_sample,
        "contact_email": call.contact_email,
        "image_url": image_url,
        "publication": selectors.publication_for_call(call=call),
        "related": selectors.case_study_related(case_study=case_study),
        "og_image": absolute_url(image_url) if case_study.image else "",
        "json_ld": structured_data.article_ld(case_study),
    }


class CaseStudyImageView(View):
    """The display size or thumbnail of a published case study's image. Never the upload."""

    size = "display"

    def get(self, request, *args, **kwargs):
        if self.size not in images.SIZES:
            raise Http404
        case_study = selectors.case_study_published_get(slug=kwargs["slug"])
        field = case_study.image if self.size == "display" else case_study.image_thumbnail
        return image_response(field, cache_control=PUBLIC_IMAGE_CACHE)
