"""A published case study, for anyone: its page and its image.

Only published case studies exist here: any other status (including unpublished) is a
404, the same as a slug that was never used. Nothing personal is shown except the enquiry
contact, and that only when the council consented to publish it.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from .. import images, selectors
from ..public_cache import PublicPageCacheMixin
from .case_study import image_response

PUBLIC_IMAGE_CACHE = "public, max-age=3600"


class CaseStudyDetailView(PublicPageCacheMixin, TemplateView):
    template_name = "casestudies/case_study_detail.html"

    def get_context_data(self, **kwargs):
        case_study = get_object_or_404(selectors.case_study_published_list(), slug=kwargs["slug"])
        image_url = reverse("casestudies:case-study-image", kwargs={"slug": case_study.slug})
        return {**super().get_context_data(**kwargs), **case_study_page_context(self.request, case_study, image_url)}


def case_study_page_context(request, case_study, image_url: str) -> dict:
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
        "publication": selectors.publication_published_list().filter(call=call).first(),
        "related": list(
            selectors.case_study_collection().filter(theme_id=case_study.theme_id).exclude(pk=case_study.pk)[:3]
        ),
        "og_image": request.build_absolute_uri(image_url) if case_study.image else "",
    }


class CaseStudyImageView(View):
    """The display size or thumbnail of a published case study's image. Never the upload."""

    size = "display"

    def get(self, request, *args, **kwargs):
        if self.size not in images.SIZES:
            raise Http404
        case_study = get_object_or_404(selectors.case_study_published_list(), slug=kwargs["slug"])
        field = case_study.image if self.size == "display" else case_study.image_thumbnail
        return image_response(field, cache_control=PUBLIC_IMAGE_CACHE)
