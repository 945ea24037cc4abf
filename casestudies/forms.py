"""Input rules and their messages. Layout is GOV.UK (crispy-forms-gds). The EOI's own rules
(council or name, word range, themes, number of contributions) are stated once, in
``workflow/eoi.py``: these forms call them, so the form and the submission agree."""

import re

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .language import plural_attributes
from .models import Call, Theme
from .selectors import eoi_form_choices
from .workflow.eoi import (
    EOI_THEME_NOT_IN_CALL,
    eoi_contribution_count_check,
    eoi_council_check,
    eoi_words_check,
)

NOT_LISTED = "not-listed"
# Far more than any honest description; stops a megabyte of text before it is counted or stored.
DESCRIPTION_MAX_CHARS = 3000

# The council search box's text is given back and named in errors only up to this length.
COUNCIL_QUERY_MAX_CHARS = 150
COUNCIL_NOT_CHOSEN = _(
    "No council called “%(name)s” is in the list. Choose your council, "
    "or choose “My council is not listed” to send the name you typed"
)

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
    # What was typed in the council search box (JavaScript only): never a choice by itself, but
    # given back, and named in the error, if Continue is pressed before a council is chosen.
    council_query = forms.CharField(required=False, strip=True)

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
                "data-not-listed-with-name": _("My council is not listed: send “{name}”"),
                "data-name-input": self["council_name"].auto_id,
                # The autocomplete's announcements, in the page's language (static/js/autocomplete.js).
                "data-status-query-too-short": _("Type in {count} or more characters for results"),
                "data-status-no-results": _("No search results"),
                "data-status-selected-option": _("{option} {position} of {count} is highlighted"),
                "data-assistive-hint": _(
                    "When autocomplete results are available use up and down arrows to review and enter to "
                    "select. Touch device users, explore by touch or with swipe gestures."
                ),
                **plural_attributes(
                    "data-status-results",
                    lambda n: ngettext("%(count)s result is available.", "%(count)s results are available.", n),
                ),
                "data-typed": self.data.get(self.add_prefix("council_query"), "")[:COUNCIL_QUERY_MAX_CHARS],
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
        if "council" in cleaned and "council_name" in cleaned:
            try:
                eoi_council_check(council=cleaned["council"], council_name=cleaned["council_name"])
            except ValidationError as error:
                self.add_error("council_name", error)
        typed = cleaned.get("council_query", "")
        if "council" in self.errors and not self.data.get(self.add_prefix("council")) and typed:
            # Continue pressed with a name typed in the search box and nothing chosen.
            self.errors["council"] = self.error_class([COUNCIL_NOT_CHOSEN % {"name": typed[:COUNCIL_QUERY_MAX_CHARS]}])
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
            "invalid_choice": EOI_THEME_NOT_IN_CALL,
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
        eoi_words_check(call=self.call, text=text)
        return text


# However many contributions a post claims, the formset builds no more than this many forms.
CONTRIBUTIONS_READ_AT_MOST = 200


class BaseContributionFormSet(forms.BaseFormSet):
    def __init__(self, *args, call: Call, **kwargs):
        self.call = call
        super().__init__(*args, form_kwargs={"call": call}, prefix="contributions", **kwargs)

    def get_form_kwargs(self, index):
        # Every contribution on the page must be filled in: a blank one is an error, not skipped.
        return {**super().get_form_kwargs(index), "empty_permitted": False}

    def clean(self):
        super().clean()
        eoi_contribution_count_check(call=self.call, count=len(self.forms))


def contribution_formset_class(call: Call):
    return forms.formset_factory(
        ContributionForm,
        formset=BaseContributionFormSet,
        extra=0,
        min_num=1,
        max_num=call.max_contributions_per_eoi,
        absolute_max=CONTRIBUTIONS_READ_AT_MOST,
    )
