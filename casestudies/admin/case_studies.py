"""Case studies: what the editors read, edit, send back, approve and publish.

Status is read-only. Every action in ``workflow.CASE_STUDY_ACTIONS`` is a button on the change
page and a bulk action on the list, each through the confirmation page of
``WorkflowActionsMixin``, which calls the workflow function; an illegal move, a reviewer's own
council and a missing permission are refused there. "Request changes" asks for comments (and a
new deadline when the old one has passed) and emails them with the council's link.

Editors may edit the text here, through ``workflow.case_study_edit`` (row lock and version
check): a council tab opened before the edit cannot overwrite it, and an editor's form opened
before a council save is refused the same way. The image is changed only through the council's
form (which re-encodes it); it is shown here.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import workflow
from ..emails import email_render
from ..forms_case_study import CaseStudyExtendDeadlineForm, CaseStudyRequestChangesForm
from ..images import image_response
from ..languages import contact_language
from ..models import CaseStudy
from ..templatetags.ccin import moment
from ..views.case_study_public import case_study_page_context
from ..workflow.case_studies import case_study_image_problems, case_study_version_check
from ..workflow.case_study_editing import CASE_STUDY_EDITED_ELSEWHERE, case_study_slug, council_email_context
from .history import StatusChangeInline
from .public import PublicContentAdminMixin
from .workflow_actions import WorkflowActionsMixin


class CaseStudyAdminForm(forms.ModelForm):
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CaseStudy
        # The text the council writes, and what only editors set; not the image: only the council's
        # form changes it, through images.py.
        fields = (*workflow.CASE_STUDY_TEXT_FIELDS, "theme", "principles")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version
        if "theme" in self.fields and self.instance.pk:
            self.fields["theme"].queryset = self.instance.call.themes.all()
        if "language" in self.fields:  # left out of a post: the case study keeps its language
            self.fields["language"].required = False

    def clean_language(self):
        return self.cleaned_data.get("language") or self.instance.language

    def clean(self):
        cleaned = super().clean()
        problems = case_study_image_problems(
            has_image=bool(self.instance.image),
            image_alt=cleaned.get("image_alt", ""),
            image_credit=cleaned.get("image_credit", ""),
            languages=workflow.case_study_text_languages(cleaned.get("language") or self.instance.language),
            image_alt_cy=cleaned.get("image_alt_cy", ""),
        )
        for field, problem in problems.items():
            self.add_error(field, problem)
        seen = cleaned.get("seen_version")
        if self.instance.pk and seen is not None:
            case_study_version_check(case_study=self.instance, seen_version=seen, message=CASE_STUDY_EDITED_ELSEWHERE)
        return cleaned


NOTE_PLACEHOLDER = _("[The note you write below goes here.]")


def email_preview(action, case_study: CaseStudy, *, by) -> dict | None:
    """The email the first row would get, written from the same context as the real one."""
    if not action.email_kind:
        return None
    language = contact_language(case_study=case_study)
    with translation.override(language):  # the links as the email will have them, in the contact's language
        context = council_email_context(case_study, note=str(NOTE_PLACEHOLDER), sent_by=by)
        if action.name == "publish" and not case_study.slug:
            context["public_link"] = settings.SITE_URL + reverse(
                "casestudies:case-study-detail", kwargs={"slug": case_study_slug(case_study)}
            )
    notes = []
    if action.name == "reissue-link":
        notes.append(gettext("The new private link is made when the email is sent; the preview shows the current one."))
    if action.name == "extend-deadline":
        notes.append(gettext("The preview shows the current deadline; the email gives the new one."))
    subject, text, _html = email_render(kind=action.email_kind, context=context, language=language)
    return {"to": context["eoi"].contact_email, "subject": subject, "text": text, "note": " ".join(notes)}


@admin.register(CaseStudy)
class CaseStudyAdmin(WorkflowActionsMixin, PublicContentAdminMixin, admin.ModelAdmin):
    workflow_entity = "case_study"
    workflow_table = workflow.CASE_STUDY_ACTIONS
    action_forms = {"request-changes": CaseStudyRequestChangesForm, "extend-deadline": CaseStudyExtendDeadlineForm}
    form = CaseStudyAdminForm
    change_form_template = "casestudies/case_study_admin_change_form.html"
    list_filter = ("call", "theme", "status", "language")
    search_fields = ("title", "title_cy", "council__name", "contribution__eoi__council_name", "body", "body_cy")
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
        "deadline_extended_to",
        "link_state",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "seen_version",
                    "language",
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
        (
            _("In Welsh (Cymraeg)"),
            {"fields": ("title_cy", "standfirst_cy", "body_cy", "partners_cy", "outcomes_cy", "image_alt_cy")},
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

    def has_add_permission(self, request):
        return False

    def view_on_site(self, obj):
        """Only a published case study has a public page."""
        return obj.get_absolute_url() if obj.is_published else None

    # --- columns and read-only fields -------------------------------------------------------

    def get_list_display(self, request):
        council = self.council_column(request, ordering="council__name")
        return ("__str__", council, "theme", "status", "deadline_display", "link_state", "published_at")

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
        """Saves go through ``workflow.case_study_edit``, which refreshes the public pages itself."""
        return False

    def save_model(self, request, obj, form, change):
        """An editor's edit, through the workflow (row lock, version check, public pages)."""
        if not change:
            raise PermissionDenied
        data = form.cleaned_data
        saved = workflow.case_study_edit(
            case_study=obj,
            changes={field: data[field] for field in workflow.CASE_STUDY_TEXT_FIELDS if field in data},
            seen_version=data.get("seen_version"),
            theme=data.get("theme"),
            principles=data.get("principles"),
            by=request.user,
        )
        obj.version = saved.version

    def save_related(self, request, form, formsets, change):
        """The principles were saved by the workflow; the history inline is read-only."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def _changeform_view(self, request, object_id, form_url, extra_context):
        try:
            return super()._changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:  # saved elsewhere between the form's check and the lock
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return self.response_post_save_change(request, self.get_object(request, unquote(object_id)))

    # --- the workflow's actions -------------------------------------------------------------------

    def confirm_columns(self) -> list[str]:
        return [gettext("Case study"), gettext("Council"), gettext("Theme"), gettext("Status now")]

    def confirm_cells(self, obj) -> list:
        return [str(obj), obj.council_name, obj.theme.name, obj.get_status_display()]

    def confirm_queryset(self, queryset):
        return queryset.select_related("council", "theme", "call", "contribution__eoi").order_by("pk")

    def row_label(self, obj) -> str:
        return gettext("“%(title)s” (%(council)s)") % {"title": obj, "council": obj.council_name}

    def email_to(self, obj) -> str:
        return obj.contribution.eoi.contact_email

    def confirm_extra_context(self, request, action, rows) -> dict:
        allowed = [row.obj for row in rows if row.allowed]
        return {"preview": email_preview(action, allowed[0], by=request.user) if allowed else None}

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/image/<str:size>/", wrap(self.image_view), name="casestudies_casestudy_image"),
            path("<path:object_id>/preview/", wrap(self.preview_view), name="casestudies_casestudy_preview"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra_context = {
            **(extra_context or {}),
            "workflow_buttons": self.workflow_buttons(request, obj),
            "preview_url": reverse("admin:casestudies_casestudy_preview", args=[obj.pk]) if obj else "",
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def preview_view(self, request, object_id):
        """The public page exactly as it will look, for staff only, marked "Preview – not published",
        never indexed or cached; publishing is offered from it."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        change_url = reverse("admin:casestudies_casestudy_change", args=[obj.pk])
        publish = workflow.CASE_STUDY_ACTIONS["publish"]
        offered = publish in workflow.actions_offered(self.workflow_table, obj, request.user)
        image_url = reverse("admin:casestudies_casestudy_image", args=[obj.pk, "display"])
        context = {
            **case_study_page_context(obj, image_url),
            "og_image": "",
            "preview": True,
            "change_url": change_url,
            "publish_url": self.decide_url(publish, [obj.pk], change_url)
            if offered and self.has_change_permission(request, obj)
            else "",
        }
        response = TemplateResponse(request, "casestudies/case_study_detail.html", context)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response

    def image_view(self, request, object_id, size):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or size not in ("display", "thumbnail"):
            raise Http404
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        return image_response(
            obj.image if size == "display" else obj.image_thumbnail, cache_control="private, no-store"
        )
