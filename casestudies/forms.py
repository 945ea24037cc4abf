"""Input rules and their messages. Layout is GOV.UK (crispy-forms-gds); rules that span
records (deadlines, transitions) live in workflow.py."""

import re

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Call, Theme
from .selectors import eoi_form_choices
from .words import count_words

NOT_LISTED = "not-listed"
# Far more than any honest description; stops a megabyte of text before it is counted or stored.
DESCRIPTION_MAX_CHARS = 3000

UK_PHONE = re.compile(r"^(?:\+44|0044|0)\d{9,10}$")
PHONE_SEPARATORS = re.compile(r"[\s\-().]")


def normalise_uk_phone(value: str) -> str:
    compact = PHONE_SEPARATORS.sub("", value)
    if not UK_PHONE.match(compact):
        raise ValidationError(_("Enter a UK phone number, like 01632 960 001 or 07700 900 982"), code="invalid_phone")
    return value.strip()


class EoiContactForm(forms.Form):
    """Who is offering: the council and one contact person."""

    council = forms.ChoiceField(
        label=_("Your council"),
        help_text=_("Start typing to search. If your council is not in the list, choose “My council is not listed”."),
        error_messages={
            "required": _("Choose your council, or choose “My council is not listed”"),
            "invalid_choice": _("Choose your council from the list"),
        },
    )
    council_name = forms.CharField(
        label=_("If your council is not listed, its name"),
        required=False,
        max_length=150,
        error_messages={"max_length": _("Council name must be 150 characters or fewer")},
    )
    contact_name = forms.CharField(
        label=_("Your full name"),
        max_length=150,
        error_messages={"required": _("Enter your full name"), "max_length": _("Name must be 150 characters or fewer")},
    )
    contact_role = forms.CharField(
        label=_("Your role"),
        help_text=_("For example, Head of Communities"),
        max_length=150,
        error_messages={"required": _("Enter your role"), "max_length": _("Role must be 150 characters or fewer")},
    )
    contact_email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We will send your reference number and our decision here."),
        max_length=254,
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.gov.uk"),
            "max_length": _("Email address must be 254 characters or fewer"),
        },
    )
    contact_phone = forms.CharField(
        label=_("Phone number (optional)"),
        required=False,
        max_length=30,
        # type="tel" given to the widget itself (Django takes it out of attrs as the input's type),
        # so that phones show a number pad; set later, it would be a second type attribute.
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages={"max_length": _("Enter a UK phone number, like 01632 960 001 or 07700 900 982")},
    )
    # Honeypot: hidden from people by CSS and from assistive technology; bots fill it in.
    website = forms.CharField(required=False, label=_("Leave this blank"))

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.councils = eoi_form_choices(call=call)["councils"]
        self.fields["council"].choices = [
            ("", _("Choose your council")),
            *((str(pk), council.name) for pk, council in self.councils.items()),
            (NOT_LISTED, _("My council is not listed")),
        ]
        self.fields["council"].widget.attrs.update(
            {
                "data-module": "ccin-autocomplete",
                "data-no-results": _("No council found: choose “My council is not listed”"),
            }
        )
        self.fields["contact_name"].widget.attrs.update({"autocomplete": "name", "spellcheck": "false"})
        self.fields["contact_role"].widget.attrs.update({"autocomplete": "organization-title"})
        self.fields["contact_email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.select("council"),
            Field.text("council_name", field_width=Fluid.TWO_THIRDS),
            Field.text("contact_name", field_width=Fluid.TWO_THIRDS),
            Field.text("contact_role", field_width=Fluid.TWO_THIRDS),
            Field.text("contact_email", field_width=Fluid.TWO_THIRDS),
            Field.text("contact_phone", field_width=Fluid.ONE_THIRD),
        )

    def clean_council(self):
        value = self.cleaned_data["council"]
        if value == NOT_LISTED:
            return None
        return self.councils[int(value)]  # one of the choices, so one of these

    def clean_contact_phone(self):
        value = self.cleaned_data["contact_phone"]
        return normalise_uk_phone(value) if value.strip() else ""

    def clean(self):
        cleaned = super().clean()
        if "council" in cleaned and cleaned["council"] is None and not cleaned.get("council_name", "").strip():
            self.add_error("council_name", _("Enter the name of your council"))
        return cleaned

    @property
    def is_honeypot_filled(self) -> bool:
        return bool(self.data.get(self.add_prefix("website"), "").strip())


class ContributionForm(forms.Form):
    """One contribution: a theme of the call and a 50–75 word description."""

    theme = forms.ChoiceField(
        label=_("Theme"),
        error_messages={
            "required": _("Choose a theme for this contribution"),
            "invalid_choice": _("Choose one of this call’s themes"),
        },
    )
    description = forms.CharField(
        label=_("Describe the contribution"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=DESCRIPTION_MAX_CHARS,
        strip=True,
        error_messages={"required": _("Describe the contribution")},
    )

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.themes = eoi_form_choices(call=call)["themes"]
        self.fields["theme"].choices = [
            ("", _("Choose a theme")),
            *((str(pk), theme.name) for pk, theme in self.themes.items()),
        ]
        low, high = call.eoi_words_min, call.eoi_words_max
        self.fields["description"].help_text = _(
            "In %(low)s to %(high)s words: what your council did, with whom, and what difference it made."
        ) % {"low": low, "high": high}
        self.fields["description"].error_messages["max_length"] = _(
            "The description is far too long: describe the contribution in %(low)s to %(high)s words"
        ) % {"low": low, "high": high}
        self.fields["description"].widget.attrs.update(
            {"data-module": "ccin-word-count", "data-min-words": low, "data-max-words": high}
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(Field.select("theme"), Field.textarea("description", rows=5))

    def clean_theme(self) -> Theme:
        return self.themes[int(self.cleaned_data["theme"])]  # one of the choices, so one of these

    def clean_description(self):
        text = self.cleaned_data["description"]
        count = count_words(text)
        low, high = self.call.eoi_words_min, self.call.eoi_words_max
        if count < low:
            raise ValidationError(
                _("Description must be at least %(low)s words; it has %(count)s"),
                code="too_few_words",
                params={"low": low, "count": count},
            )
        if count > high:
            raise ValidationError(
                _("Description must be %(high)s words or fewer; it has %(count)s"),
                code="too_many_words",
                params={"high": high, "count": count},
            )
        return text


class BaseContributionFormSet(forms.BaseFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_few_forms": _("Add at least one contribution"),
        "too_many_forms": _("You can offer up to %(num)d contributions in one expression of interest"),
    }

    def __init__(self, *args, call: Call, **kwargs):
        self.call = call
        super().__init__(*args, form_kwargs={"call": call}, prefix="contributions", **kwargs)

    def get_form_kwargs(self, index):
        # Every contribution on the page must be filled in: a blank one is an error, not skipped.
        return {**super().get_form_kwargs(index), "empty_permitted": False}


def contribution_formset_class(call: Call):
    return forms.formset_factory(
        ContributionForm,
        formset=BaseContributionFormSet,
        extra=0,
        min_num=1,
        validate_min=True,
        max_num=call.max_contributions_per_eoi,
        validate_max=True,
        absolute_max=call.max_contributions_per_eoi,
    )
