"""The reviewers' admin pages beyond the list: the CSV of the current list, the theme spread
board, and what the decisions' confirmation page shows besides the rows (the spread after the
decision, a preview of the email).

Each ``*_view(model_admin)`` returns the view that ContributionAdmin.get_urls mounts.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import access, review, selectors
from ..emails import email_render
from ..languages import contact_language
from ..models import Call, CaseStudy, Contribution
from ..models.reference import Nation, Region
from ..selectors.spread import CASE_STUDY_STAGE_LABELS, CASE_STUDY_STAGES, spread_for_call
from .workflow_actions import parse_id

PHONE_PERMISSION = "casestudies.view_contact_phone"
REVIEWS_PERMISSION = "casestudies.view_review"
PREVIEW_LINK_PLACEHOLDER = "private-link-made-when-sent"


def changelist_url(**params) -> str:
    base = reverse("admin:casestudies_contribution_changelist")
    return f"{base}?{urlencode(params)}" if params else base


def board_link(call: Call):
    """``link(**filters)`` for the spread board: each number opens the list it counts."""

    def link(theme=None, column=None, council=None, nation=None) -> str:
        params = {"eoi__call__id__exact": call.pk}
        if theme is not None:
            params["theme__id__exact"] = theme
        if column in Contribution.Status.values:
            params["status__exact"] = column
        elif column in CASE_STUDY_STAGES:
            params["case_study"] = column
        if nation is not None:
            if nation:
                params["eoi__council__nation__exact"] = nation
            else:
                params["council"] = "none"
        if council is not None:
            kind, value = council
            if kind == "id":
                params["council"] = value
            else:
                params["council"], params["q"] = "none", value
        return changelist_url(**params)

    return link


# --- CSV -----------------------------------------------------------------------------------------


def csv_response(request, queryset) -> HttpResponse:
    body = review.contributions_csv(
        queryset,
        with_phone=request.user.has_perm(PHONE_PERMISSION),
        with_reviews=request.user.has_perm(REVIEWS_PERMISSION),
    )
    response = HttpResponse("\ufeff" + body, content_type="text/csv; charset=utf-8")
    filename = f"contributions-{timezone.localtime():%Y-%m-%d-%H%M}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def contributions_csv_view(model_admin):
    def view(request):
        if not model_admin.has_view_or_change_permission(request):
            raise PermissionDenied
        try:
            changelist = model_admin.get_changelist_instance(request)
        except IncorrectLookupParameters:
            messages.error(request, _("Those filters are not valid, so nothing was downloaded."))
            return HttpResponseRedirect(changelist_url())
        # The whole filtered, searched and sorted list, not just the page on screen.
        return csv_response(request, changelist.queryset)

    return view


# --- the spread board ------------------------------------------------------------------------------


def _admin_context(model_admin, request, **context):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "app_label": model_admin.model._meta.app_label,
        # Wide tables: the page gets the full width, without the app list down the side.
        "is_nav_sidebar_enabled": False,
        **context,
    }


def spread_view(model_admin):
    def view(request, call_id):
        if not model_admin.has_view_or_change_permission(request):
            raise PermissionDenied
        call = get_object_or_404(Call, pk=call_id)
        board = spread_for_call(call, link=board_link(call), your_council_id=access.council_id_for(request.user))
        context = _admin_context(
            model_admin,
            request,
            title=_("Theme spread: %(call)s") % {"call": call.title},
            board=board,
            call=call,
            call_list_url=changelist_url(eoi__call__id__exact=call.pk),
        )
        return TemplateResponse(request, "admin/casestudies/contribution/spread.html", context)

    return view


# --- decisions -------------------------------------------------------------------------------------


def email_preview(action, contribution: Contribution, *, message: str = "") -> dict | None:
    """Subject and text of the email the first row would get, rendered as it will be sent."""
    if not action.email_kind:
        return None
    eoi = contribution.eoi
    context = {"contribution": contribution, "eoi": eoi, "call": eoi.call, "message": message.strip()}
    note = ""
    if action.name == "invite":
        context["case_study"] = CaseStudy(contribution=contribution, call=eoi.call, theme=contribution.theme)
        context["token"] = PREVIEW_LINK_PLACEHOLDER
        note = _("The private link in each real email is made when the email is sent; the preview shows a placeholder.")
    subject, text, _html = email_render(kind=action.email_kind, context=context, language=contact_language(eoi=eoi))
    return {"to": eoi.contact_email, "subject": subject, "text": text, "note": note}


def spread_after(rows, decision, council_id) -> list[dict]:
    """For each call among the rows: the theme and nation rows now, and after the decision."""
    calls = {}
    for row in rows:
        if row.allowed:
            calls.setdefault(row.obj.eoi.call, {})[row.obj.pk] = decision.target
    spreads = []
    for call, moves in calls.items():
        before = spread_for_call(call, your_council_id=council_id)
        after = spread_for_call(call, moves=moves, link=board_link(call), your_council_id=council_id)
        spreads.append(
            {
                "call": call,
                "themes": list(zip(before.themes, after.themes, strict=True)),
                "nations": list(zip(before.nations, after.nations, strict=False)),
                "after": after,
            }
        )
    return spreads


# --- the change page ------------------------------------------------------------------------------


def change_page_context(model_admin, request, obj) -> dict:
    """Decision buttons and the conflict notice for one contribution's change page."""
    conflicted = not access.may_decide(request.user, obj)
    return {
        "can_review": model_admin._can_review(request, obj),
        "decision_links": model_admin.workflow_buttons(request, obj),
        "review_conflict": access.CONFLICT_OF_INTEREST % {"council": obj.eoi.council_display} if conflicted else "",
        "spread_url": reverse("admin:casestudies_contribution_spread", args=[obj.eoi.call_id]),
    }


# --- the list's title -------------------------------------------------------------------------------


def list_title(request) -> str:
    """The contributions list's title, naming the filters in force ("Review contributions: Food
    distribution, shortlisted, Wales"), so the page's title says which list it is."""
    get = request.GET
    parts = []
    theme = parse_id(get.get("theme__id__exact"))
    if theme is not None:
        parts.append(selectors.theme_name(theme_id=theme))
    labels = {
        "status__exact": dict(Contribution.Status.choices),
        "case_study": CASE_STUDY_STAGE_LABELS,
        "eoi__council__nation__exact": dict(Nation.choices),
        "eoi__council__region__exact": dict(Region.choices),
    }
    for param, choices in labels.items():
        label = choices.get(get.get(param, ""))
        if label:
            parts.append(str(label).lower() if param == "status__exact" else str(label))
    council = get.get("council", "")
    if council == "none":
        parts.append(_("councils not listed"))
    elif (council_id := parse_id(council)) is not None:
        parts.append(selectors.council_name(council_id=council_id))
    if get.get("q", "").strip():
        parts.append(_("matching “%(q)s”") % {"q": get["q"].strip()[:100]})
    parts = [part for part in parts if part]
    if not parts:
        return _("Review contributions")
    return _("Review contributions: %(filters)s") % {"filters": ", ".join(parts)}
