"""Expressions of interest and contributions: what the steering group reviews.

The contributions list is the reviewers' desk: filters, search, scores, a CSV of what is
listed, the theme spread board, and the decisions of ``workflow.CONTRIBUTION_ACTIONS``
(shortlist, invite, decline, withdraw), each through the confirmation page of
``WorkflowActionsMixin``. Every write goes through casestudies.workflow.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .. import access, review, workflow
from ..models import Call, Contribution, Council, ExpressionOfInterest, Review
from ..selectors.review_queue import with_my_score
from ..selectors.spread import CASE_STUDY_STAGE_LABELS, CASE_STUDY_STAGES
from . import eoi_council, review_queue, review_views
from .history import StatusChangeInline
from .workflow_actions import ActionMessageForm, WorkflowActionsMixin, parse_id

PHONE_PERMISSION = "casestudies.view_contact_phone"


class ContributionInline(admin.TabularInline):
    model = Contribution
    extra = 0
    can_delete = False
    fields = ("position", "theme", "description", "word_count", "status")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ExpressionOfInterest)
class ExpressionOfInterestAdmin(admin.ModelAdmin):
    list_display = ("reference", "council_display", "contact_name", "call", "submitted_at")
    list_filter = ("call",)
    search_fields = ("reference", "council__name", "council_name", "contact_name", "contact_email")
    list_select_related = ("council", "call")
    # The council is changed only by "Make a council record" (eoi_council.py), through the workflow.
    readonly_fields = ("call", "reference", "number", "submission_token", "submitted_at", "council", "council_name")
    inlines = [ContributionInline, StatusChangeInline]

    @admin.display(description=_("council"), ordering="council__name")
    def council_display(self, obj):
        return obj.council_display

    def get_urls(self):
        view = self.admin_site.admin_view(eoi_council.council_create_view(self))
        return [path("<path:object_id>/council/", view, name=eoi_council.URL_NAME), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        eoi = self.get_object(request, object_id)
        extra = {}
        if eoi_council.may_create(self, request, eoi):
            extra["council_create_url"] = eoi_council.council_create_url(eoi)
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def get_exclude(self, request, obj=None):
        return () if request.user.has_perm(PHONE_PERMISSION) else ("contact_phone",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- filters -----------------------------------------------------------------------------------


class CaseStudyStageFilter(admin.SimpleListFilter):
    title = _("case study")
    parameter_name = "case_study"

    def lookups(self, request, model_admin):
        return list(CASE_STUDY_STAGE_LABELS.items())

    def queryset(self, request, queryset):
        if self.value() in CASE_STUDY_STAGES:
            return queryset.filter(case_study__status__in=CASE_STUDY_STAGES[self.value()])
        return queryset


class CouncilFilter(admin.SimpleListFilter):
    """Only councils that have sent an EOI, and "not listed" for the others."""

    title = _("council")
    parameter_name = "council"
    NOT_LISTED = "none"

    def lookups(self, request, model_admin):
        councils = Council.objects.filter(Exists(ExpressionOfInterest.objects.filter(council=OuterRef("pk"))))
        return [
            *((str(pk), name) for pk, name in councils.values_list("pk", "name")),
            (self.NOT_LISTED, _("Not listed")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.NOT_LISTED:
            return queryset.filter(eoi__council__isnull=True)
        council_id = parse_id(value)
        if council_id is not None:
            return queryset.filter(eoi__council_id=council_id)
        return queryset


# --- the review form on the change page --------------------------------------------------------

SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]


class ContributionReviewForm(forms.ModelForm):
    """The signed-in reviewer's own score and comment; the contribution itself is read-only."""

    score = forms.TypedChoiceField(
        label=_("Your score"),
        choices=SCORE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("1 is weak, 5 is strong: how well it would show co-operative working to other councils."),
    )
    comment = forms.CharField(
        label=_("Your comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Seen by the other reviewers, never by the council."),
    )
    reviewer = None  # set per request by ContributionAdmin.get_form
    can_review = False

    class Meta:
        model = Contribution
        fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.own_review = None
        if not self.can_review:
            # Declared fields are on every form of the class; a reviewer who may not review
            # (a conflict of interest, or no permission) gets none, whatever they post.
            del self.fields["score"], self.fields["comment"]
            return
        if self.instance.pk and self.reviewer is not None:
            self.own_review = Review.objects.filter(contribution=self.instance, reviewer=self.reviewer).first()
        if self.own_review and "score" in self.fields:
            self.fields["score"].initial = self.own_review.score
            self.fields["comment"].initial = self.own_review.comment

    def clean(self):
        cleaned = super().clean()
        if "score" in self.fields and cleaned.get("score") is None and cleaned.get("comment", "").strip():
            self.add_error("score", gettext("Give a score with your comment."))
        return cleaned


# --- the contributions admin -------------------------------------------------------------------


@admin.register(Contribution)
class ContributionAdmin(WorkflowActionsMixin, admin.ModelAdmin):
    workflow_entity = "contribution"
    workflow_table = workflow.CONTRIBUTION_ACTIONS
    confirm_template = "admin/casestudies/contribution/decide_confirm.html"
    action_forms = {"invite": ActionMessageForm, "decline": ActionMessageForm}
    list_filter = (
        "eoi__call",
        "theme",
        "status",
        CaseStudyStageFilter,
        "eoi__council__region",
        "eoi__council__nation",
        CouncilFilter,
    )
    search_fields = ("eoi__council__name", "eoi__council_name", "description", "eoi__reference")
    search_help_text = _("Search council names, descriptions and references.")
    list_select_related = ("eoi__council", "eoi__call", "theme")
    list_per_page = 100
    form = ContributionReviewForm
    inlines = [StatusChangeInline]
    actions = ["download_selected_csv"]
    change_list_template = "admin/casestudies/contribution/change_list.html"
    change_form_template = "admin/casestudies/contribution/change_form.html"
    readonly_fields = (
        "reference",
        "council_name",
        "place",
        "call",
        "theme",
        "description",
        "word_count",
        "status",
        "received_at_full",
        "contact_name",
        "contact_role",
        "contact_email",
        "contact_phone",
        "average_score_detail",
        "reviews_table",
        "reviews_hidden",
    )

    # --- data ---

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("eoi__council", "eoi__call", "theme")
        return with_my_score(review.with_scores(queryset), request.user)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("csv/", view(review_views.contributions_csv_view(self)), name="casestudies_contribution_csv"),
            path("queue/", view(review_queue.queue_view(self)), name="casestudies_contribution_queue"),
            path("queue/<int:pk>/", view(review_queue.review_view(self)), name="casestudies_contribution_review"),
            path(
                "spread/<int:call_id>/",
                view(review_views.spread_view(self)),
                name="casestudies_contribution_spread",
            ),
            *super().get_urls(),
        ]

    # --- the list ---

    def get_list_display(self, request):
        user = request.user

        @admin.display(description=_("average score (reviews)"), ordering="avg_score")
        def average_score(obj):
            if not access.may_see_reviews(user, obj, has_own_review=obj.my_score is not None):
                return gettext("after you score")
            if obj.avg_score is None:
                return "—"
            return gettext("%(average).1f (%(count)s)") % {"average": obj.avg_score, "count": obj.review_count}

        return (
            "reference",
            self.council_column(request, ordering="eoi__council__name"),
            "place",
            "theme",
            "description_start",
            "word_count",
            "status",
            average_score,
            "received_at",
        )

    @admin.display(description=_("reference"), ordering="eoi__reference")
    def reference(self, obj):
        return str(obj)

    @admin.display(description=_("region or nation"), ordering="eoi__council__nation")
    def place(self, obj):
        return obj.eoi.council.place if obj.eoi.council_id else "—"

    @admin.display(description=_("description"))
    def description_start(self, obj):
        return Truncator(obj.description).words(8)

    @admin.display(description=_("words"))
    def word_count(self, obj):
        return obj.word_count

    @admin.display(description=_("average score"))
    def average_score_detail(self, obj):
        if getattr(obj, "avg_score", None) is None:
            return gettext("No reviews yet")
        return ngettext(
            "%(average).1f from %(count)s review", "%(average).1f from %(count)s reviews", obj.review_count
        ) % {"average": obj.avg_score, "count": obj.review_count}

    @admin.display(description=_("received"), ordering="eoi__submitted_at")
    def received_at(self, obj):
        return formats.date_format(timezone.localtime(obj.eoi.submitted_at), "j M Y")

    @admin.display(description=_("received"))
    def received_at_full(self, obj):
        return formats.date_format(timezone.localtime(obj.eoi.submitted_at), "j F Y, H:i")

    # --- the change page ---

    @admin.display(description=_("council"))
    def council_name(self, obj):
        return obj.eoi.council_display

    @admin.display(description=_("call"))
    def call(self, obj):
        return obj.eoi.call

    @admin.display(description=_("contact name"))
    def contact_name(self, obj):
        return obj.eoi.contact_name

    @admin.display(description=_("role"))
    def contact_role(self, obj):
        return obj.eoi.contact_role

    @admin.display(description=_("email"))
    def contact_email(self, obj):
        return obj.eoi.contact_email

    @admin.display(description=_("phone"))
    def contact_phone(self, obj):
        return obj.eoi.contact_phone or "—"

    @admin.display(description=_("all reviews"))
    def reviews_table(self, obj):
        reviews = obj.reviews.select_related("reviewer").order_by("created_at")
        if not reviews:
            return gettext("No one has reviewed this contribution yet.")
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    r.reviewer.get_full_name() or r.reviewer.get_username(),
                    r.score,
                    r.comment or "—",
                    formats.date_format(timezone.localtime(r.updated_at), "j M Y, H:i"),
                )
                for r in reviews
            ),
        )
        return format_html(
            '<div class="ccin-table-scroll" role="region" aria-label="{}" tabindex="0">'
            '<table class="ccin-reviews"><caption class="ccin-visually-hidden">{}</caption>'
            '<thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table></div>',
            _("Reviews of this contribution"),
            _("Reviews of this contribution"),
            _("Reviewer"),
            _("Score"),
            _("Comment"),
            _("Last changed"),
            rows,
        )

    def get_fieldsets(self, request, obj=None):
        contact = ["contact_name", "contact_role", "contact_email"]
        if request.user.has_perm(PHONE_PERMISSION):
            contact.append("contact_phone")
        fieldsets = [
            (
                None,
                {
                    "fields": (
                        "reference",
                        "council_name",
                        "place",
                        "call",
                        "theme",
                        "description",
                        "word_count",
                        "status",
                        "received_at_full",
                    )
                },
            ),
            (_("Contact"), {"fields": contact}),
        ]
        if self._can_review(request, obj):
            fieldsets.append((_("Your review"), {"fields": ("score", "comment")}))
        if obj is not None and access.may_see_reviews(request.user, obj, has_own_review=obj.my_score is not None):
            fieldsets.append((_("Reviews"), {"fields": ("average_score_detail", "reviews_table")}))
        else:
            fieldsets.append((_("Reviews"), {"fields": ("reviews_hidden",)}))
        return fieldsets

    @admin.display(description=_("other reviews"))
    def reviews_hidden(self, obj):
        return gettext("The other reviewers' scores and comments are shown once you have saved your own.")

    def _can_review(self, request, obj) -> bool:
        if obj is None or not self.has_change_permission(request, obj):
            return False
        return access.may_score(request.user, obj)

    def _conflicted(self, request, obj) -> bool:
        return obj is not None and not access.may_decide(request.user, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        can_review = self._can_review(request, obj)
        return type(form.__name__, (form,), {"reviewer": request.user, "can_review": can_review})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if obj is not None:
            extra.update(review_views.change_page_context(self, request, obj))
            if extra["can_review"]:
                extra.setdefault("title", gettext("Review contribution"))
        return super().change_view(request, object_id, form_url, extra_context=extra)

    def save_model(self, request, obj, form, change):
        """Save only the reviewer's own review; the contribution's fields are read-only."""
        request._ccin_review_saved = request._ccin_review_refused = None
        score = form.cleaned_data.get("score")
        if score is None:
            return
        try:
            request._ccin_review_saved = workflow.review_save(
                contribution=obj, reviewer=request.user, score=score, comment=form.cleaned_data.get("comment", "")
            )
        except ValidationError as error:  # a conflict of interest found under the lock
            request._ccin_review_refused = " ".join(error.messages)

    def response_change(self, request, obj):
        saved = getattr(request, "_ccin_review_saved", None)
        refused = getattr(request, "_ccin_review_refused", None)
        if refused:
            self.message_user(request, refused, messages.ERROR)
        elif saved is not None:
            text = gettext("Your review of %(contribution)s is saved: score %(score)s.") % {
                "contribution": review.row_label(obj),
                "score": saved.score,
            }
            self.message_user(request, text, messages.SUCCESS)
        else:
            self.message_user(request, gettext("Nothing was saved: choose a score first."), messages.WARNING)
        if "_continue" in request.POST or saved is None:
            url = add_preserved_filters(
                {"preserved_filters": self.get_preserved_filters(request), "opts": self.opts}, request.path
            )
            return HttpResponseRedirect(url)
        return self.response_post_save_change(request, obj)

    def changelist_view(self, request, extra_context=None):
        extra = dict(extra_context or {})
        call_id = parse_id(request.GET.get("eoi__call__id__exact"))
        call = Call.objects.filter(pk=call_id).first() if call_id else Call.objects.current()
        extra["spread_call"] = call
        extra["csv_url"] = reverse("admin:casestudies_contribution_csv")
        # The list is wide (nine columns and the filters): it gets the page width.
        extra["is_nav_sidebar_enabled"] = False
        extra.setdefault("title", review_views.list_title(request))
        return super().changelist_view(request, extra_context=extra)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        """Nobody changes their own council's contribution: its page is "View contribution"."""
        if obj is not None and not access.may_decide(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    # --- actions and the decisions' confirmation page ---

    def confirm_columns(self) -> list[str]:
        return [gettext("Reference"), gettext("Council"), gettext("Theme"), gettext("Status now")]

    def confirm_cells(self, obj) -> list:
        return [str(obj), obj.eoi.council_display, obj.theme.name, obj.get_status_display()]

    def confirm_queryset(self, queryset):
        return queryset.select_related("eoi__council", "eoi__call", "theme").order_by("eoi__reference", "position")

    def row_label(self, obj) -> str:
        return review.row_label(obj)

    def email_to(self, obj) -> str:
        return obj.eoi.contact_email

    def confirm_extra_context(self, request, action, rows) -> dict:
        allowed = [row for row in rows if row.allowed]
        return {
            "preview": review_views.email_preview(action, allowed[0].obj, message=request.POST.get("message", ""))
            if allowed
            else None,
            "spreads": review_views.spread_after(rows, action, access.council_id_for(request.user)),
        }

    @admin.action(description=_("Download the selected contributions as CSV"), permissions=["view"])
    def download_selected_csv(self, request, queryset):
        return review_views.csv_response(request, queryset)
