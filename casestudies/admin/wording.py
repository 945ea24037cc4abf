"""Email wording (Admin → Email wording): CCIN edits the subject and text of each email, per call.

Saving never overwrites: it keeps a new version (``email_wording.email_wording_save``) and the
list shows every version, the one in use marked. Each page lists the placeholders the email may
use (and must), and previews the wording filled in for a real recipient of the call.

The English and the Welsh are edited side by side and previewed one after the other; where the
Welsh is left empty, Welsh speakers are sent the English (``email_wording.wording_texts``).
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import email_wording
from ..emails import EMAIL_KINDS, email_kind_label, email_render
from ..models import CaseStudy, Contribution, EmailWording, ExpressionOfInterest
from .audit import EmailKindFilter
from .reference import in_each_language, side_by_side

TEXT_FIELDS = email_wording.WORDING_FIELDS


class EmailWordingForm(forms.ModelForm):
    class Meta:
        model = EmailWording
        fields = ("call", "kind", *TEXT_FIELDS)
        widgets = {
            "subject_en_gb": forms.TextInput(attrs={"lang": "en-GB", "class": "vTextField"}),
            "body_en_gb": forms.Textarea(attrs={"rows": 16, "cols": 60, "lang": "en-GB"}),
            "subject_cy": forms.TextInput(attrs={"lang": "cy", "class": "vTextField"}),
            "body_cy": forms.Textarea(attrs={"rows": 16, "cols": 60, "lang": "cy"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "kind" in self.fields:
            self.fields["kind"] = forms.ChoiceField(label=_("email"), choices=list(EMAIL_KINDS.items()))
        for name in ("subject_en_gb", "body_en_gb"):
            if name in self.fields:
                self.fields[name].required = True

    def clean(self):
        """The placeholders rule, as email_wording_save applies it, with its messages on the fields."""
        cleaned = super().clean()
        kind = cleaned.get("kind") or self.instance.kind
        if kind and cleaned.get("subject_en_gb") and cleaned.get("body_en_gb"):
            try:
                email_wording.wording_check_in_each_language(
                    kind=kind,
                    subject=cleaned["subject_en_gb"],
                    body=cleaned["body_en_gb"],
                    subject_cy=cleaned.get("subject_cy") or "",
                    body_cy=cleaned.get("body_cy") or "",
                )
            except ValidationError as error:
                for field, errors in error.error_dict.items():
                    self.add_error(field, errors)
        return cleaned


def preview_context(call, kind: str) -> dict | None:
    """The context of ``kind`` for a real recipient of ``call`` (the newest), or None if it has none yet."""
    from ..workflow.case_study_editing import council_email_context

    if kind.startswith("case_study_") and kind != "case_study_invitation":
        case_study = CaseStudy.objects.filter(call=call).select_related("call", "theme").order_by("-pk").first()
        if case_study is None:
            return None
        context = council_email_context(case_study, note=gettext("[The editor's note goes here.]"))
        return {**context, "word_count": case_study.word_count}
    if kind in ("case_study_invitation", "contribution_declined"):
        contribution = (
            Contribution.objects.filter(eoi__call=call).select_related("eoi", "theme").order_by("-pk").first()
        )
        if contribution is None:
            return None
        eoi = contribution.eoi
        case_study = CaseStudy(contribution=contribution, call=call, theme=contribution.theme)
        return {
            "contribution": contribution,
            "eoi": eoi,
            "call": call,
            "case_study": case_study,
            "link": gettext("[the private link, made when the email is sent]"),
            "message": gettext("[Any personal message added on the confirmation page goes here.]"),
        }
    eoi = ExpressionOfInterest.objects.filter(call=call).order_by("-pk").first()
    if eoi is None:
        return None
    return {
        "eoi": eoi,
        "call": call,
        "contributions": list(eoi.contributions.select_related("theme")),
        "link": gettext("[the private link, made when the email is sent]"),
    }


@admin.register(EmailWording)
class EmailWordingAdmin(admin.ModelAdmin):
    form = EmailWordingForm
    list_display = ("kind_display", "call", "subject", "created_at", "created_by", "in_use")
    list_filter = ("call", EmailKindFilter)
    list_select_related = ("call", "created_by")
    search_fields = in_each_language("subject", "body")
    readonly_fields = ("placeholders", "preview", "created_at", "created_by")

    class Media:
        css = {"all": ("css/ccin-admin.css",)}  # the admin's accessible colours, and the email preview

    def get_fieldsets(self, request, obj=None):
        top = ("call", "kind") if obj is None else ("call_display", "kind_display")
        return (
            (None, {"fields": top}),
            (
                _("Wording, in English and Welsh"),
                {
                    "fields": (*side_by_side("subject", "body"), "placeholders"),
                    "description": _("Leave the Welsh empty to send the English to people who use the Welsh service."),
                },
            ),
            (_("Preview"), {"fields": ("preview",)} if obj else {"fields": ()}),
            (_("This version"), {"fields": ("created_at", "created_by")} if obj else {"fields": ()}),
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        return [*fields, "call_display", "kind_display"] if obj else fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["fields"] = TEXT_FIELDS
        return super().get_form(request, obj, change=change, **kwargs)

    @admin.display(description=_("email"), ordering="kind")
    def kind_display(self, obj):
        return email_kind_label(obj.kind)

    @admin.display(description=_("call"))
    def call_display(self, obj):
        return obj.call

    @admin.display(description=_("in use"), boolean=True)
    def in_use(self, obj):
        current = EmailWording.objects.current(call=obj.call_id, kind=obj.kind)
        return current is not None and current.pk == obj.pk

    @admin.display(description=_("placeholders"))
    def placeholders(self, obj):
        if obj is None or not obj.kind:
            rows = sorted(email_wording.PLACEHOLDERS.items())
            required = set()
        else:
            spec = email_wording.DEFAULTS[obj.kind]
            rows = [(name, email_wording.PLACEHOLDERS[name]) for name in sorted(spec.allowed)]
            required = set(spec.required)
        items = format_html_join(
            "",
            "<li><code>{{{}}}</code>: {}{}</li>",
            ((name, text, gettext(" (required)") if name in required else "") for name, text in rows),
        )
        note = gettext(
            "Write a placeholder as its name in braces. Nothing else is filled in: no HTML, no other "
            "braces (write {{ or }} to show one)."
        )
        return format_html("<p>{}</p><ul>{}</ul>", note, items)

    @admin.display(description=_("preview"))
    def preview(self, obj):
        if obj is None or not obj.pk:
            return "—"
        context = preview_context(obj.call, obj.kind)
        if context is None:
            return gettext("No one has been sent this email for this call yet, so there is no one to preview it for.")
        current = EmailWording.objects.current(call=obj.call_id, kind=obj.kind)
        if current is None or current.pk != obj.pk:
            url = reverse("admin:casestudies_emailwording_change", args=[current.pk])
            return format_html(
                '{} <a href="{}">{}</a>',
                gettext("This is an earlier version: saving it makes it the version in use again."),
                url,
                gettext("Open the version in use"),
            )
        return format_html_join("", "{}", ((self._preview_in(obj, context, language),) for language in ("en-gb", "cy")))

    def _preview_in(self, obj, context: dict, language: str):
        """The email as it is sent to someone using the service in ``language``."""
        heading = {"en-gb": gettext("In English"), "cy": gettext("In Welsh")}[language]
        note = ""
        if language == "cy" and not (obj.subject_cy and obj.body_cy):
            note = gettext("No Welsh is written yet, so those who use the service in Welsh are sent the English.")
        subject, text, _html = email_render(kind=obj.kind, context=context, language=language, wording=obj)
        tag = "en-GB" if language == "en-gb" or note else "cy"
        return format_html(
            '<h3>{}</h3>{}<div class="ccin-email" lang="{}"><p><strong>{}</strong> {}<br><strong>{}</strong> {}</p>'
            "<pre>{}</pre></div>",
            heading,
            format_html("<p>{}</p>", note) if note else "",
            tag,
            gettext("To:"),
            context["eoi"].contact_email,
            gettext("Subject:"),
            subject,
            text,
        )

    def save_model(self, request, obj, form, change):
        """Every save keeps a new version; the one opened stays as it was."""
        saved = email_wording.email_wording_save(
            call=obj.call,
            kind=obj.kind,
            subject=obj.subject_en_gb,
            body=obj.body_en_gb,
            subject_cy=obj.subject_cy,
            body_cy=obj.body_cy,
            by=request.user,
        )
        obj.pk = saved.pk
        obj.created_at, obj.created_by = saved.created_at, saved.created_by

    def response_change(self, request, obj):
        """ "Save and continue editing" opens the new version (the one opened stays as it was)."""
        if "_continue" in request.POST:
            self.message_user(request, gettext("A new version was saved; it is the one in use now."))
            return HttpResponseRedirect(reverse("admin:casestudies_emailwording_change", args=[obj.pk]))
        return super().response_change(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
