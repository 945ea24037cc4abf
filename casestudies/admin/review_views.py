"""The reviewers' admin pages beyond the list: the CSV of the current list, the theme spread
board, and the confirmation page every decision goes through.

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
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import review
from ..emails import email_render
from ..models import Call, CaseStudy, Contribution
from ..spread import CASE_STUDY_STAGES, spread_for_call

PHONE_PERMISSION = "casestudies.view_contact_phone"
PREVIEW_LINK_PLACEHOLDER = "private-link-made-when-sent"


def _council_id(request):
    from .submissions import user_council_id

    return user_council_id(request)


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
    body = review.contributions_csv(queryset, with_phone=request.user.has_perm(PHONE_PERMISSION))
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
        board = spread_for_call(call, link=board_link(call), your_council_id=_council_id(request))
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


def _email_preview(decision, contribution: Contribution) -> dict | None:
    """Subject and text of the email the first row would get, rendered as it will be sent."""
    if not decision.email_kind:
        return None
    eoi = contribution.eoi
    context = {"contribution": contribution, "eoi": eoi, "call": eoi.call}
    if decision.name == "invite":
        context["case_study"] = CaseStudy(contribution=contribution, call=eoi.call, theme=contribution.theme)
        context["token"] = PREVIEW_LINK_PLACEHOLDER
    subject, text, _html = email_render(kind=decision.email_kind, context=context)
    return {"to": eoi.contact_email, "subject": subject, "text": text}


def _spread_after(rows, decision, council_id) -> list[dict]:
    """For each call among the rows: the theme and nation rows now, and after the decision."""
    calls = {}
    for row in rows:
        if row.allowed:
            calls.setdefault(row.contribution.eoi.call, {})[row.contribution.pk] = decision.target
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


def _decision(name):
    decision = review.DECISIONS.get(name)
    if decision is None:
        raise PermissionDenied
    return decision


def _safe_next(request, url: str, default: str) -> str:
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=False):
        return url
    return default


def decision_confirm(model_admin, request, name: str, queryset, *, next_url: str):
    """The page between choosing a decision and making it."""
    decision = _decision(name)
    contributions = list(
        queryset.select_related("eoi__council", "eoi__call", "theme").order_by("eoi__reference", "position")
    )
    council_id = _council_id(request)
    rows = review.decision_plan(contributions=contributions, decision=decision, user_council_id=council_id)
    allowed = [row for row in rows if row.allowed]
    context = _admin_context(
        model_admin,
        request,
        title=_("%(verb)s these contributions?") % {"verb": decision.verb},
        decision=decision,
        rows=rows,
        allowed_count=len(allowed),
        refused_count=len(rows) - len(allowed),
        preview=_email_preview(decision, allowed[0].contribution) if allowed else None,
        spreads=_spread_after(rows, decision, council_id),
        next_url=next_url,
        action_url=reverse("admin:casestudies_contribution_decide", kwargs={"decision": decision.name}),
    )
    return TemplateResponse(request, "admin/casestudies/contribution/decide_confirm.html", context)


def _report(request, result: review.DecisionResult) -> None:
    decision = result.decision
    if result.done:
        names = ", ".join(review.row_label(c) for c in result.done)
        count = len(result.done)
        text = ngettext(
            "%(count)s contribution %(done)s: %(names)s.", "%(count)s contributions %(done)s: %(names)s.", count
        ) % {"count": count, "done": decision.done, "names": names}
        messages.success(request, text)
    sent, failed = result.emails.get("sent", 0), result.emails.get("failed", 0)
    waiting = result.emails.get("pending", 0)
    if sent:
        messages.success(request, ngettext("%d email sent.", "%d emails sent.", sent) % sent)
    if waiting:
        messages.info(
            request, ngettext("%d email is waiting to send.", "%d emails are waiting to send.", waiting) % waiting
        )
    if failed:
        messages.error(
            request,
            ngettext(
                "%d email failed to send. The decision stands; resend it from Emails.",
                "%d emails failed to send. The decisions stand; resend them from Emails.",
                failed,
            )
            % failed,
        )
    for contribution, reason in result.refused:
        messages.warning(
            request,
            _("Not %(done)s: %(row)s. %(reason)s")
            % {"done": decision.done, "row": review.row_label(contribution), "reason": reason},
        )


# The largest id a database keeps (a signed 64-bit integer); anything larger cannot be a row.
MAX_ID = 2**63 - 1


def _ids(source) -> list[int]:
    """The chosen ids (``ids=1,2&ids=3``): ASCII digits within the range of an id; anything else is dropped."""
    parts = (part.strip() for value in source.getlist("ids") for part in value.split(","))
    return [
        int(part) for part in parts if part.isascii() and part.isdigit() and len(part) <= 19 and 0 < int(part) <= MAX_ID
    ]


def decide_view(model_admin):
    def view(request, decision):
        if not model_admin.has_change_permission(request):
            raise PermissionDenied
        chosen = _decision(decision)
        source = request.POST if request.method == "POST" else request.GET
        ids = _ids(source)
        back = _safe_next(request, source.get("next", ""), changelist_url())
        queryset = model_admin.get_queryset(request).filter(pk__in=ids)
        if not ids or not queryset.exists():
            messages.warning(request, _("No contributions were chosen, so nothing was done."))
            return HttpResponseRedirect(back)
        if request.method != "POST" or "confirm" not in request.POST:
            return decision_confirm(model_admin, request, decision, queryset, next_url=back)
        contributions = queryset.select_related("eoi__council", "eoi__call", "theme").order_by(
            "eoi__reference", "position"
        )
        note = request.POST.get("note", "").strip()[:2000]
        result = review.decision_apply(contributions=list(contributions), decision=chosen, by=request.user, note=note)
        _report(request, result)
        return HttpResponseRedirect(back)

    return view


# --- the change page ------------------------------------------------------------------------------


def change_page_context(model_admin, request, obj) -> dict:
    """Decision buttons and the conflict notice for one contribution's change page."""
    council_id = _council_id(request)
    conflicted = bool(council_id and obj.eoi.council_id == council_id)
    decisions = []
    if model_admin.has_change_permission(request, obj) and not conflicted:
        here = request.get_full_path()
        for decision in review.DECISIONS.values():
            if obj.can_move_to(decision.target):
                query = urlencode({"ids": obj.pk, "next": here})
                url = reverse("admin:casestudies_contribution_decide", kwargs={"decision": decision.name})
                decisions.append({"decision": decision, "url": f"{url}?{query}"})
    return {
        "can_review": model_admin._can_review(request, obj),
        "decision_links": decisions,
        "review_conflict": _("You work for %(council)s, so you cannot score or decide this contribution.")
        % {"council": obj.eoi.council_display}
        if conflicted
        else "",
        "spread_url": reverse("admin:casestudies_contribution_spread", args=[obj.eoi.call_id]),
    }
