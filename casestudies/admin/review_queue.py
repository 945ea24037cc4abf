"""A reviewer's queue in the admin: "Review contributions" lists a call's contributions theme by
theme with the reviewer's own score and progress, and a review page takes one contribution at a
time, with "Save and next".

Saving goes through ``workflow.review_save``, so the own-council rule and the call's closing of
reviews hold. The others' scores are shown only once the reviewer has saved their own
(``access.may_see_reviews``).
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import access, review, selectors, workflow
from ..selectors.review_queue import call_for_review, contribution_for_review, review_queue
from .workflow_actions import parse_id

QUEUE_URL = "admin:casestudies_contribution_queue"
SCORE_FRAGMENT = "#id_score_legend"
REVIEW_URL = "admin:casestudies_contribution_review"


class ReviewScoreForm(forms.Form):
    """One reviewer's score (1–5, radios in a fieldset whose legend is the question) and comment."""

    score = forms.TypedChoiceField(
        label=gettext_lazy("How well would this show co-operative working to other councils?"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=gettext_lazy("1 is weak, 5 is strong."),
        error_messages={"required": gettext_lazy("Choose a score from 1 to 5")},
    )
    comment = forms.CharField(
        label=gettext_lazy("Your comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=gettext_lazy("Seen by the other reviewers, never by the council."),
        error_messages={"max_length": gettext_lazy("The comment must be 2,000 characters or fewer")},
    )


def _filters(request) -> dict:
    """The queue's filters from the query string: a theme and/or "not yet scored by me"."""
    source = request.POST if request.method == "POST" else request.GET
    theme = source.get("theme", "")
    return {
        "theme_id": parse_id(theme),
        "only_unscored": source.get("unscored") == "1",
    }


def _query(filters: dict, call) -> str:
    params = {"call": call.pk}
    if filters["theme_id"]:
        params["theme"] = filters["theme_id"]
    if filters["only_unscored"]:
        params["unscored"] = "1"
    return urlencode(params)


def _call(request):
    source = request.POST if request.method == "POST" else request.GET
    call_id = source.get("call", "")
    return call_for_review(call_id=parse_id(call_id))


def _check(model_admin, request):
    if not (model_admin.has_view_or_change_permission(request) and request.user.has_perms(access.REVIEW_PERMISSIONS)):
        raise PermissionDenied


def _context(model_admin, request, **context) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "app_label": model_admin.model._meta.app_label,
        # One task per page: no app list down the side to tab through.
        "is_nav_sidebar_enabled": False,
        **context,
    }


def queue_view(model_admin):
    def view(request):
        _check(model_admin, request)
        call = _call(request)
        if call is None:
            raise Http404
        filters = _filters(request)
        queue = review_queue(call=call, user=request.user, **filters)
        theme_names = {progress.theme.pk: progress.theme.name for progress in queue.progress}
        title = _("Review contributions: %(call)s") % {"call": call.title}
        if filters["theme_id"] in theme_names:
            title = _("%(theme)s – review contributions: %(call)s") % {
                "theme": theme_names[filters["theme_id"]],
                "call": call.title,
            }
        if filters["only_unscored"]:
            title = _("%(title)s (not yet scored by you)") % {"title": title}
        query = _query(filters, call)
        context = _context(
            model_admin,
            request,
            title=title,
            call=call,
            queue=queue,
            filters=filters,
            query=query,
            rows=[
                {"row": row, "url": f"{reverse(REVIEW_URL, args=[row.pk])}?{query}{SCORE_FRAGMENT}"}
                for row in queue.rows
            ],
            calls=selectors.call_list(),
        )
        return TemplateResponse(request, "admin/casestudies/contribution/queue.html", context)

    return view


def review_view(model_admin):
    def view(request, pk):
        _check(model_admin, request)
        contribution = contribution_for_review(pk=pk, user=request.user)
        if contribution is None:
            raise Http404
        call = contribution.eoi.call
        filters = _filters(request)
        queue = review_queue(call=call, user=request.user, **filters)
        query = _query(filters, call)
        queue_url = f"{reverse(QUEUE_URL)}?{query}"
        if not access.may_decide(request.user, contribution):
            messages.error(request, access.CONFLICT_OF_INTEREST % {"council": access.subject_council(contribution)[1]})
            return HttpResponseRedirect(queue_url)
        position = queue.position(contribution.pk)

        def url_of(row):
            """A review page's address: the queue's filters kept, and the page opened at the score
            (so that, by keyboard, the next Tab reaches the first score)."""
            return f"{reverse(REVIEW_URL, args=[row.pk])}?{query}{SCORE_FRAGMENT}" if row is not None else None

        own = contribution.my_review
        form = ReviewScoreForm(
            request.POST or None,
            initial={"score": own.score, "comment": own.comment} if own else None,
        )
        if request.method == "POST" and form.is_valid():
            try:
                workflow.review_save(
                    contribution=contribution,
                    reviewer=request.user,
                    score=form.cleaned_data["score"],
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return HttpResponseRedirect(url_of(contribution))
            text = _("Your score of %(score)s for %(contribution)s is saved.") % {
                "score": form.cleaned_data["score"],
                "contribution": review.row_label(contribution),
            }
            messages.success(request, text)
            following = position["next"] if position else None
            if "save_next" in request.POST and following is not None:
                return HttpResponseRedirect(url_of(following))
            if "save_next" in request.POST:
                messages.info(request, _("That was the last contribution in this queue."))
                return HttpResponseRedirect(queue_url)
            return HttpResponseRedirect(url_of(contribution))
        shown = access.may_see_reviews(request.user, contribution, has_own_review=own is not None)
        context = _context(
            model_admin,
            request,
            title=_("Review %(contribution)s") % {"contribution": contribution},
            contribution=contribution,
            form=form,
            position=position,
            previous_url=url_of(position["previous"]) if position else None,
            next_url=url_of(position["next"]) if position else None,
            queue_url=queue_url,
            reviews=list(contribution.reviews.select_related("reviewer").order_by("created_at")) if shown else None,
            reviews_shown=shown,
            own_review=own,
        )
        return TemplateResponse(request, "admin/casestudies/contribution/review.html", context)

    return view
