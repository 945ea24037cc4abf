"""Case studies: what the editors read, edit, send back, approve and publish.

Status is read-only. Every move is a button on the change page (or an action on the list)
that calls a workflow function; an illegal move is refused with the model's message and
nothing changes. "Request changes" asks for comments (and a new deadline when the old one
has passed) and emails them with the council's link. The private link can be reissued (a new
key: old links stop working; the council is emailed the new one) or revoked.

Editors may edit the text here. An edit bumps ``version``, so a council tab opened before it
cannot overwrite it, and an editor's form opened before a council save is refused the same way.
The image is changed only through the council's form (which re-encodes it); it is shown here.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import workflow, workflow_case_studies
from ..forms_case_study import CaseStudyRequestChangesForm
from ..models import CaseStudy
from ..templatetags.ccin import moment
from ..views.case_study import image_response
from .actions import case_study_send_reminders, report_emails
from .history import StatusChangeInline
from .public import PublicContentAdminMixin

S = CaseStudy.Status
ADMIN_STALE = _(
    "This case study was saved by someone else (the council or another editor) after you opened this page. "
    "Your changes have not been saved: copy them, reload the page and make them again."
)
# Buttons on the change page: action → (function, the status it moves to or None, label, done message).
BUTTONS = {
    "approve": (workflow.case_study_approve, S.APPROVED, _("Approve"), _("Approved “%(obj)s”.")),
    "publish": (workflow.case_study_publish, S.PUBLISHED, _("Publish"), _("Published “%(obj)s”.")),
    "unpublish": (workflow.case_study_unpublish, S.UNPUBLISHED, _("Unpublish"), _("Unpublished “%(obj)s”.")),
    "reissue-link": (
        workflow_case_studies.case_study_reissue_link,
        None,
        _("Issue a new link and email it"),
        _("Issued a new private link for “%(obj)s”; the old link no longer works."),
    ),
    "revoke-link": (
        workflow_case_studies.case_study_revoke_link,
        None,
        _("Revoke the link"),
        _("Revoked the private link for “%(obj)s”."),
    ),
}


class CaseStudyAdminForm(forms.ModelForm):
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CaseStudy
        # Not the image: only the council's form changes it, through images.py.
        fields = (
            "title",
            "standfirst",
            "body",
            "theme",
            "principles",
            "partners",
            "outcomes",
            "enquiry_name",
            "enquiry_role",
            "enquiry_email",
            "enquiry_consent",
            "image_alt",
            "image_credit",
            "licence",
            "deadline_extended_to",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version
        if "theme" in self.fields and self.instance.pk:
            self.fields["theme"].queryset = self.instance.call.themes.all()

    def clean(self):
        cleaned = super().clean()
        if self.instance.image:
            if not cleaned.get("image_alt", "").strip():
                self.add_error("image_alt", workflow_case_studies.CASE_STUDY_IMAGE_NEEDS_ALT)
            if not cleaned.get("image_credit", "").strip():
                self.add_error("image_credit", workflow_case_studies.CASE_STUDY_IMAGE_NEEDS_CREDIT)
        seen = cleaned.get("seen_version")
        if self.instance.pk and seen is not None:
            current = CaseStudy.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if current != seen:
                raise ValidationError(ADMIN_STALE, code="case_study_stale")
        return cleaned


@admin.register(CaseStudy)
class CaseStudyAdmin(PublicContentAdminMixin, admin.ModelAdmin):
    form = CaseStudyAdminForm
    change_form_template = "casestudies/case_study_admin_change_form.html"
    list_display = ("__str__", "council_display", "theme", "status", "deadline_display", "link_state", "published_at")
    list_filter = ("call", "theme", "status")
    search_fields = ("title", "council__name", "contribution__eoi__council_name", "body")
    list_select_related = ("council", "theme", "call", "contribution__eoi")
    readonly_fields = (
        "contribution",
        "call",
        "council",
        "slug",
        "word_count",
        "image_preview",
        "status",
        "status_changed_at",
        "invited_at",
        "submitted_at",
        "approved_at",
        "published_at",
        "first_published_at",
        "version",
        "deadline_display",
        "link_state",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "seen_version",
                    "title",
                    "standfirst",
                    "body",
                    "word_count",
                    "theme",
                    "principles",
                    "partners",
                    "outcomes",
                )
            },
        ),
        (_("Contact for enquiries"), {"fields": ("enquiry_name", "enquiry_role", "enquiry_email", "enquiry_consent")}),
        (_("Image and licence"), {"fields": ("image_preview", "image_alt", "image_credit", "licence")}),
        (_("Deadline and private link"), {"fields": ("deadline_display", "deadline_extended_to", "link_state")}),
        (
            _("Status"),
            {
                "fields": (
                    "status",
                    "contribution",
                    "call",
                    "council",
                    "slug",
                    "status_changed_at",
                    "invited_at",
                    "submitted_at",
                    "approved_at",
                    "published_at",
                    "first_published_at",
                    "version",
                )
            },
        ),
    )
    filter_horizontal = ("principles",)
    inlines = [StatusChangeInline]
    actions = [
        "approve_selected",
        "publish_selected",
        "unpublish_selected",
        "reissue_links",
        "revoke_links",
        case_study_send_reminders,
    ]

    def has_add_permission(self, request):
        return False

    def view_on_site(self, obj):
        """Only a published case study has a public page."""
        return obj.get_absolute_url() if obj.is_published else None

    # --- columns and read-only fields -------------------------------------------------------

    @admin.display(description=_("council"), ordering="council__name")
    def council_display(self, obj):
        return obj.council_name

    @admin.display(description=_("words"))
    def word_count(self, obj):
        call = obj.call
        return gettext("%(count)s (asked for %(low)s to %(high)s)") % {
            "count": obj.word_count,
            "low": call.case_study_words_min,
            "high": call.case_study_words_max,
        }

    @admin.display(description=_("deadline"))
    def deadline_display(self, obj):
        return moment(obj.deadline)

    @admin.display(description=_("private link"))
    def link_state(self, obj):
        if not obj.access_key:
            return gettext("No link")
        if obj.access_revoked_at:
            return gettext("Revoked (%(when)s)") % {"when": moment(obj.access_revoked_at)}
        return gettext("Working")

    @admin.display(description=_("image"))
    def image_preview(self, obj):
        if not obj.image_thumbnail:
            return gettext("No image")
        url = reverse("admin:casestudies_casestudy_image", args=[obj.pk, "thumbnail"])
        return format_html('<img src="{}?v={}" alt="{}" width="200">', url, obj.version, obj.image_alt)

    def changes_public_pages(self, obj) -> bool:
        """Only a published case study is on public pages (publish and unpublish are workflow moves)."""
        return obj.is_published

    def save_model(self, request, obj, form, change):
        if change:  # an editor's edit: a council tab opened before it can no longer overwrite it
            obj.version = F("version") + 1
        super().save_model(request, obj, form, change)
        obj.refresh_from_db(fields=["version"])

    # --- moves: buttons on the change page, actions on the list --------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/request-changes/",
                wrap(self.request_changes_view),
                name="casestudies_casestudy_request_changes",
            ),
            path("<path:object_id>/do/<str:action>/", wrap(self.button_view), name="casestudies_casestudy_do"),
            path("<path:object_id>/image/<str:size>/", wrap(self.image_view), name="casestudies_casestudy_image"),
            *super().get_urls(),
        ]

    def _get_for_change(self, request, object_id) -> CaseStudy:
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _change_url(self, obj) -> str:
        return reverse("admin:casestudies_casestudy_change", args=[obj.pk])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        buttons = []
        if obj is not None and self.has_change_permission(request, obj):
            for action, (_func, target, label, _done) in BUTTONS.items():
                if target is not None and not obj.can_move_to(target):
                    continue
                if action == "revoke-link" and (obj.access_revoked_at or not obj.access_key):
                    continue
                url = reverse("admin:casestudies_casestudy_do", args=[obj.pk, action])
                buttons.append({"url": url, "label": label, "action": action})
        extra_context = {
            **(extra_context or {}),
            "workflow_buttons": buttons,
            "can_request_changes": bool(
                obj and obj.can_move_to(S.CHANGES_REQUESTED) and self.has_change_permission(request, obj)
            ),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def button_view(self, request, object_id, action):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if action not in BUTTONS:
            raise Http404
        obj = self._get_for_change(request, object_id)
        func, _target, _label, done = BUTTONS[action]
        try:
            func(case_study=obj, by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, done % {"obj": obj}, messages.SUCCESS)
            if action.endswith("-link"):
                self.log_change(request, obj, str(done % {"obj": obj}))
            if action == "reissue-link":
                report_emails(self, request, kind="case_study_link_reissued", about=[obj])
        return HttpResponseRedirect(self._change_url(obj))

    def request_changes_view(self, request, object_id):
        obj = self._get_for_change(request, object_id)
        if not obj.can_move_to(S.CHANGES_REQUESTED):
            self.message_user(
                request,
                gettext("Changes can be requested only to a submitted case study; this one is %(status)s.")
                % {"status": obj.get_status_display().lower()},
                messages.ERROR,
            )
            return HttpResponseRedirect(self._change_url(obj))
        form = CaseStudyRequestChangesForm(request.POST or None, case_study=obj)
        if request.method == "POST" and form.is_valid():
            try:
                workflow_case_studies.case_study_request_changes_and_notify(
                    case_study=obj,
                    by=request.user,
                    note=form.cleaned_data["note"],
                    reply_by=form.cleaned_data["reply_by"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, gettext("Changes requested."), messages.SUCCESS)
                report_emails(self, request, kind="case_study_changes_requested", about=[obj])
                return HttpResponseRedirect(self._change_url(obj))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "form": form,
            "title": gettext("Request changes to “%(obj)s”") % {"obj": obj},
            "deadline": obj.deadline,
            "change_url": self._change_url(obj),
        }
        return TemplateResponse(request, "casestudies/case_study_admin_request_changes.html", context)

    def image_view(self, request, object_id, size):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or size not in ("display", "thumbnail"):
            raise Http404
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        return image_response(
            obj.image if size == "display" else obj.image_thumbnail, cache_control="private, no-store"
        )

    def _each(self, request, queryset, func, done_message) -> list:
        """Run ``func`` on each row, say what was done and refused; return the rows done."""
        done, refused = [], []
        for obj in queryset:
            try:
                func(case_study=obj, by=request.user)
            except ValidationError as error:
                refused.append(f"“{obj}”: {' '.join(error.messages)}")
            else:
                done.append(obj)
        if done:
            names = ", ".join(f"“{obj}”" for obj in done)
            self.message_user(request, done_message % {"objs": names}, messages.SUCCESS)
        for line in refused:
            self.message_user(request, gettext("Not changed: %(reason)s") % {"reason": line}, messages.ERROR)
        return done

    @admin.action(description=_("Approve the selected case studies"), permissions=["change"])
    def approve_selected(self, request, queryset):
        self._each(request, queryset, workflow.case_study_approve, gettext("Approved %(objs)s."))

    @admin.action(description=_("Publish the selected case studies"), permissions=["change"])
    def publish_selected(self, request, queryset):
        self._each(request, queryset, workflow.case_study_publish, gettext("Published %(objs)s."))

    @admin.action(description=_("Unpublish the selected case studies"), permissions=["change"])
    def unpublish_selected(self, request, queryset):
        self._each(request, queryset, workflow.case_study_unpublish, gettext("Unpublished %(objs)s."))

    @admin.action(
        description=_("Issue new private links and email them (old links stop working)"), permissions=["change"]
    )
    def reissue_links(self, request, queryset):
        done = self._each(
            request,
            queryset,
            workflow_case_studies.case_study_reissue_link,
            gettext("Issued new private links for %(objs)s."),
        )
        report_emails(self, request, kind="case_study_link_reissued", about=done)

    @admin.action(description=_("Revoke the private links of the selected case studies"), permissions=["change"])
    def revoke_links(self, request, queryset):
        self._each(
            request, queryset, workflow_case_studies.case_study_revoke_link, gettext("Revoked the links of %(objs)s.")
        )
