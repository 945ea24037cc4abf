"""Public pages: the call, and the site's standing pages."""

from django.utils import timezone
from django.views.generic import TemplateView

from .. import privacy, selectors, structured_data
from ..models import Call
from ..public_cache import PublicPageCacheMixin


class CallContextMixin(PublicPageCacheMixin):
    """The call page, kept in the public-pages cache until the next opening or deadline of any call."""

    def call_context(self, call: Call) -> dict:
        """The call's page; with every other call open for EOIs now shown as open (with its
        deadline), and only the rest listed under "Other calls"."""
        now = timezone.now()
        self.cache_until = selectors.call_next_change(now=now)
        also_open = selectors.calls_also_open(call=call, now=now)
        return {
            "call": call,
            "eoi_state": call.eoi_state(now),
            "themes": selectors.call_themes(call=call),
            "also_open": also_open,
            "earlier_calls": selectors.call_list_earlier(call=call, also_open=also_open),
            "publication": selectors.publication_for_call(call=call),
        }


class HomeView(CallContextMixin, TemplateView):
    """Leads with the open call, else the most recent one."""

    template_name = "casestudies/call_detail.html"

    def get_context_data(self, **kwargs):
        call = selectors.call_current()
        if call is None:
            self.cache_until = selectors.call_next_change(now=timezone.now())
            return {**super().get_context_data(**kwargs), "call": None, "is_home": True}
        return {
            **super().get_context_data(**kwargs),
            **self.call_context(call),
            "is_home": True,
            "json_ld": structured_data.organization_ld(),
        }


class CallDetailView(CallContextMixin, TemplateView):
    template_name = "casestudies/call_detail.html"

    def get_context_data(self, **kwargs):
        call = selectors.call_get(slug=kwargs["slug"])
        return {**super().get_context_data(**kwargs), **self.call_context(call)}


class AccessibilityView(TemplateView):
    template_name = "casestudies/accessibility.html"


class PrivacyView(TemplateView):
    """The privacy notice: controller, contact and purposes from settings, retention from each call."""

    template_name = "casestudies/privacy.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **privacy.privacy_notice_context()}
