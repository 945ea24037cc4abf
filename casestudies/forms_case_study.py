"""The case study form (the council's, through its private link) and the editors' request for changes.

Input rules and messages only. The form accepts a draft of any length with any field blank;
what a case study needs before it is submitted is ``workflow.case_study_problems``,
so the form, the check page and the submit agree. Images are checked by ``images.image_process``.
"""

import datetime
import zoneinfo

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Div, Field, Fieldset, Fluid, Layout, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from . import images
from .languages import Language, officer_language
from .models import CaseStudy, Principle
from .models.case_studies import WELSH_TWINS
from .workflow.case_studies import CASE_STUDY_TEXT_FIELDS, case_study_image_problems, case_study_text_languages
from .workflow.case_study_editing import CASE_STUDY_NOTE_FOR_CHANGES, reply_by_check

LONDON = zoneinfo.ZoneInfo("Europe/London")
# Far more than any honest ~300-word case study; stops a megabyte of text before it is stored.
BODY_MAX_CHARS = 12_000
# The text fields a council edits: one list, kept where the save is made.
TEXT_FIELDS = CASE_STUDY_TEXT_FIELDS

LICENCE_HINTS = {
    CaseStudy.Licence.CC_BY: _("Anyone may share and adapt the text for any purpose, if they credit your council."),
    CaseStudy.Licence.OGL: _("The licence most UK public bodies use for their information: much the same as CC BY."),
    CaseStudy.Licence.CC_BY_NC: _("Anyone may share and adapt the text with credit, but not for commercial purposes."),
    CaseStudy.Licence.ALL_RIGHTS_RESERVED: _(
        "CCIN may publish it; anyone else needs your council's permission to reuse it."
    ),
}


LANGUAGE_HINTS = {
    CaseStudy.TextLanguage.EN: _("Write it in English only."),
    CaseStudy.TextLanguage.CY: _("Write it in Welsh only."),
    CaseStudy.TextLanguage.BOTH: _("Write it in both: a Welsh text beside the English. Each has the same word range."),
}


def _max(label_message):
    return {"max_length": label_message}


def _welsh_twin(english: forms.CharField, *, label, too_long=None, help_text="") -> forms.CharField:
    """The Welsh twin of one of the council's English text fields: the same limit and the same kind
    of input (its rows too), marked ``lang="cy"``, with its own label and message."""
    widget = type(english.widget)(attrs={**english.widget.attrs, "lang": "cy"})
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=english.max_length,
        required=False,
        widget=widget,
        error_messages=_max(too_long) if too_long else {},
    )


def _in(language: str, *fields):
    """Fields that belong to the text in one language: the language question shows or hides them
    (static/js/language-fields.js); without JavaScript they are all shown."""
    return Div(*fields, data_text_language=language)


class CaseStudyForm(forms.Form):
    """Everything the council writes. Blank fields are allowed: this is also the draft."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    language = forms.ChoiceField(
        label=_("Which language will you write your case study in?"),
        help_text=_("You can change this until you submit. What you type in either language is kept."),
        widget=forms.RadioSelect,
        required=False,  # a draft may leave it; the case study keeps the language it had
        error_messages={"invalid_choice": _("Choose English, Cymraeg or both")},
    )
    title = forms.CharField(
        label=_("Title"),
        help_text=_("A short headline, up to 120 characters."),
        max_length=120,
        required=False,
        error_messages=_max(_("Title must be 120 characters or fewer")),
    )
    standfirst = forms.CharField(
        label=_("Standfirst"),
        help_text=_("One or two sentences that sum up the case study. Shown under the title and in lists."),
        max_length=400,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_max(_("Standfirst must be 400 characters or fewer")),
    )
    body = forms.CharField(
        label=_("Your case study"),
        max_length=BODY_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
    )
    title_cy = _welsh_twin(
        title, label=_("Title in Welsh"), too_long=_("Title in Welsh must be 120 characters or fewer")
    )
    standfirst_cy = _welsh_twin(
        standfirst, label=_("Standfirst in Welsh"), too_long=_("Standfirst in Welsh must be 400 characters or fewer")
    )
    body_cy = _welsh_twin(body, label=_("Your case study in Welsh"))
    theme = forms.ModelChoiceField(
        queryset=None,
        label=_("Theme"),
        help_text=_("The theme you offered. You can change it to another of the call's themes."),
        empty_label=None,
        error_messages={"required": _("Choose a theme"), "invalid_choice": _("Choose one of the call's themes")},
    )
    principles = forms.MultipleChoiceField(
        label=_("Co-operative principles your case study shows"),
        help_text=_("Choose at least one before you submit."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose from the co-operative principles listed")},
    )
    partners = forms.CharField(
        label=_("Partners"),
        help_text=_("The organisations you worked with, such as voluntary groups, businesses or the NHS."),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_max(_("Partners must be 1,000 characters or fewer")),
    )
    partners_cy = _welsh_twin(
        partners, label=_("Partners in Welsh"), too_long=_("Partners in Welsh must be 1,000 characters or fewer")
    )
    outcomes = forms.CharField(
        label=_("Outcomes and learning"),
        help_text=_("What changed, and what you learned that other councils could use."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=_max(_("Outcomes and learning must be 2,000 characters or fewer")),
    )
    outcomes_cy = _welsh_twin(
        outcomes,
        label=_("Outcomes and learning in Welsh"),
        too_long=_("Outcomes and learning in Welsh must be 2,000 characters or fewer"),
    )
    enquiry_name = forms.CharField(
        label=_("Name"), max_length=150, required=False, error_messages=_max(_("Name must be 150 characters or fewer"))
    )
    enquiry_role = forms.CharField(
        label=_("Role"), max_length=150, required=False, error_messages=_max(_("Role must be 150 characters or fewer"))
    )
    enquiry_email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        required=False,
        # A text input that crispy-forms-gds renders as type="email", so that it gets the error border.
        widget=forms.TextInput(attrs={"input_type": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.gov.uk"),
            "max_length": _("Email address must be 254 characters or fewer"),
        },
    )
    enquiry_consent = forms.BooleanField(
        label=_("Publish this contact with the case study"),
        help_text=_(
            "If you tick this, their name, role and email address appear on the case study's public page and "
            "in the publication (on its web page and in its PDF); their name and role also appear in the "
            "collection's open data. Ask them first."
        ),
        required=False,
    )
    licence = forms.ChoiceField(
        label=_("Licence for your text"),
        help_text=_("How others may reuse your case study once it is published. The image has its own credit."),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a licence"), "invalid_choice": _("Choose one of the licences listed")},
    )
    image = forms.FileField(
        label=_("Upload an image"),
        help_text=_(
            "A JPEG, PNG or WebP photo, smaller than 10 MB. We remove its location and camera details and resize it."
        ),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp", "class": "govuk-file-upload"}),
        error_messages={"invalid": _("The selected file could not be uploaded: choose it again")},
    )
    remove_image = forms.BooleanField(label=_("Remove the current image"), required=False)
    image_alt = forms.CharField(
        label=_("Image description (alt text)"),
        help_text=_("What the image shows, for people who cannot see it. Needed with an image."),
        max_length=250,
        required=False,
        error_messages=_max(_("Image description must be 250 characters or fewer")),
    )
    image_alt_cy = _welsh_twin(
        image_alt,
        label=_("Image description in Welsh (alt text)"),
        help_text=_("Needed with an image when the case study is in Welsh."),
        too_long=_("Image description in Welsh must be 250 characters or fewer"),
    )
    image_credit = forms.CharField(
        label=_("Image credit"),
        help_text=_("Who took or owns the image, for example “Photo: Oldham Council”. Needed with an image."),
        max_length=200,
        required=False,
        error_messages=_max(_("Image credit must be 200 characters or fewer")),
    )

    def __init__(self, *args, case_study: CaseStudy, **kwargs):
        super().__init__(*args, **kwargs)
        self.case_study = case_study
        call = case_study.call
        self.has_image = bool(case_study.image)
        self.fields["theme"].queryset = call.themes.order_by("order", "name")
        self.fields["principles"].choices = [
            Choice(str(pk), name, hint=summary)
            for pk, name, summary in Principle.objects.order_by("order", "name").values_list("pk", "name", "summary")
        ]
        self.fields["licence"].choices = [
            Choice(value, label, hint=LICENCE_HINTS[value]) for value, label in CaseStudy.Licence.choices
        ]
        self.fields["language"].choices = [
            Choice(value, label, hint=LANGUAGE_HINTS[value]) for value, label in CaseStudy.TextLanguage.choices
        ]
        low, high, target = call.case_study_words_min, call.case_study_words_max, call.case_study_words_target
        for name, too_long in (
            ("body", _("The case study is far too long: write %(low)s to %(high)s words")),
            ("body_cy", _("The case study in Welsh is far too long: write %(low)s to %(high)s words")),
        ):
            body = self.fields[name]
            body.help_text = _(
                "About %(target)s words (between %(low)s and %(high)s): what you did, how, with whom, and the "
                "difference it made. Leave a blank line between paragraphs."
            ) % {"target": target, "low": low, "high": high}
            body.error_messages["max_length"] = too_long % {"low": low, "high": high}
            body.widget.attrs.update({"data-module": "ccin-word-count", "data-min-words": low, "data-max-words": high})
        if officer_language() == Language.CY:  # on a Welsh page, the English text is marked as English
            for name in WELSH_TWINS:
                self.fields[name].widget.attrs["lang"] = "en-GB"
        if not self.has_image:
            del self.fields["remove_image"]
        self.fields["enquiry_name"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.helper = self._layout()

    def _layout(self) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.label_size = Size.SMALL
        image_fields = [HTML('{% include "casestudies/_case_study_image_current.html" %}'), Field("image")]
        if self.has_image:
            image_fields.append(Field.checkbox("remove_image"))
        image_fields += [
            _in(Language.EN, Field.text("image_alt", field_width=Fluid.FULL)),
            _in(Language.CY, Field.text("image_alt_cy", field_width=Fluid.FULL)),
            Field.text("image_credit", field_width=Fluid.TWO_THIRDS),
        ]
        helper.layout = Layout(
            Field("version"),
            Div(
                Field.radios("language", legend_size=Size.MEDIUM, legend_tag="h2"),
                data_module="ccin-language-fields",
            ),
            _in(
                Language.EN,
                Fieldset(
                    Field.text("title", field_width=Fluid.FULL),
                    Field.textarea("standfirst", rows=3),
                    Field.textarea("body", rows=18),
                    legend=_("Your case study in English"),
                    legend_size=Size.MEDIUM,
                    legend_tag="h2",
                ),
            ),
            _in(
                Language.CY,
                Fieldset(
                    Field.text("title_cy", field_width=Fluid.FULL),
                    Field.textarea("standfirst_cy", rows=3),
                    Field.textarea("body_cy", rows=18),
                    legend=_("Your case study in Welsh (Cymraeg)"),
                    legend_size=Size.MEDIUM,
                    legend_tag="h2",
                ),
            ),
            Field.select("theme"),
            Field.checkboxes("principles", legend_size=Size.SMALL),
            _in(Language.EN, Field.textarea("partners", rows=3)),
            _in(Language.CY, Field.textarea("partners_cy", rows=3)),
            _in(Language.EN, Field.textarea("outcomes", rows=6)),
            _in(Language.CY, Field.textarea("outcomes_cy", rows=6)),
            Fieldset(
                Field.text("enquiry_name", field_width=Fluid.TWO_THIRDS),
                Field.text("enquiry_role", field_width=Fluid.TWO_THIRDS),
                Field.text("enquiry_email", field_width=Fluid.TWO_THIRDS),
                Field.checkbox("enquiry_consent"),
                legend=_("Contact for enquiries"),
                legend_size=Size.MEDIUM,
                legend_tag="h2",
            ),
            Field.radios("licence", legend_size=Size.MEDIUM, legend_tag="h2"),
            Fieldset(*image_fields, legend=_("Image (optional)"), legend_size=Size.MEDIUM, legend_tag="h2"),
        )
        return helper

    @classmethod
    def initial_for(cls, case_study: CaseStudy) -> dict:
        initial = {field: getattr(case_study, field) for field in TEXT_FIELDS}
        initial.update(
            version=case_study.version,
            theme=case_study.theme_id,
            principles=[str(p.pk) for p in case_study.principles.all()],
        )
        return initial

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        return images.image_process(upload)

    def clean_principles(self):
        chosen = self.cleaned_data.get("principles") or []
        return list(Principle.objects.filter(pk__in=[int(pk) for pk in chosen]).order_by("order", "name"))

    def clean(self):
        cleaned = super().clean()
        image_failed = "image" in self.errors
        removing = cleaned.get("remove_image", False)
        will_have_image = cleaned.get("image") is not None or (self.has_image and not removing)
        problems = case_study_image_problems(
            has_image=will_have_image and not image_failed,
            image_alt=cleaned.get("image_alt", ""),
            image_credit=cleaned.get("image_credit", ""),
            languages=case_study_text_languages(cleaned.get("language") or self.case_study.language),
            image_alt_cy=cleaned.get("image_alt_cy", ""),
        )
        for field, messages in problems.items():
            if field not in self.errors:
                self.add_error(field, messages)
        return cleaned

    @property
    def changes(self) -> dict:
        """The text fields, as ``workflow.case_study_save`` takes them (the language only if one was chosen)."""
        changes = {field: self.cleaned_data.get(field, "") for field in TEXT_FIELDS}
        if not changes["language"]:
            del changes["language"]
        return changes


class CaseStudyRequestChangesForm(forms.Form):
    """The editors' comments for the council, and a new deadline when the old one has passed."""

    note = forms.CharField(
        label=_("What needs to change"),
        help_text=_("The council sees this at the top of its form and in the email we send it."),
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
        max_length=5000,
        error_messages={
            "required": CASE_STUDY_NOTE_FOR_CHANGES,
            "max_length": _("Comments must be 5,000 characters or fewer"),
        },
    )
    reply_by = forms.DateField(
        label=_("New deadline"),
        help_text=_("The council can edit until 5pm (UK time) on this day. Leave blank to keep the current deadline."),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a real date, like 14 September 2020")},
    )

    def __init__(self, data=None, *, objects: list[CaseStudy], action=None, **kwargs):
        """``objects``: the case studies the comments go to (one, or several from the list)."""
        super().__init__(data, **kwargs)
        self.deadline_passed = any(
            not case_study.call.case_study_is_open(extended_to=case_study.deadline_extended_to)
            for case_study in objects
        )
        if self.deadline_passed:
            self.fields["reply_by"].required = True
            self.fields["reply_by"].error_messages["required"] = _(
                "The deadline has passed: give the council a new one so it can make the changes"
            )
            self.fields["reply_by"].help_text = _("The council can edit until 5pm (UK time) on this day.")

    def clean_reply_by(self) -> datetime.datetime | None:
        day = self.cleaned_data.get("reply_by")
        if day is None:
            return None
        moment = datetime.datetime.combine(day, datetime.time(17, 0), tzinfo=LONDON)
        reply_by_check(reply_by=moment)
        return moment


class CaseStudyExtendDeadlineForm(forms.Form):
    """A later deadline for one council or several, and a note for the record."""

    new_deadline = forms.DateField(
        label=_("New deadline"),
        help_text=_("The council can write until 5pm (UK time) on this day."),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Enter the new deadline"),
            "invalid": _("Enter a real date, like 14 September 2020"),
        },
    )
    note = forms.CharField(
        label=_("Note for the record (optional)"),
        help_text=_("Kept in the history and included in the email to the council."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"max_length": _("The note must be 2,000 characters or fewer")},
    )

    def __init__(self, data=None, *, objects: list[CaseStudy], action=None, **kwargs):
        super().__init__(data, **kwargs)
        self.objects = objects

    def clean_new_deadline(self) -> datetime.datetime:
        moment = datetime.datetime.combine(self.cleaned_data["new_deadline"], datetime.time(17, 0), tzinfo=LONDON)
        reply_by_check(reply_by=moment)
        return moment
