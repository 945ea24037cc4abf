"""The template helpers: GOV.UK-style times, the error summary and the word count hint."""

import datetime
import zoneinfo

import pytest
from django import forms
from django.template.loader import render_to_string

from casestudies.templatetags.ccin import error_summary_items, time_of_day

LONDON = zoneinfo.ZoneInfo("Europe/London")
UTC = datetime.UTC


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime.datetime(2020, 8, 7, 16, 0, tzinfo=UTC), "5pm"),  # BST
        (datetime.datetime(2020, 12, 4, 17, 0, tzinfo=UTC), "5pm"),  # GMT
        (datetime.datetime(2020, 7, 6, 9, 30, tzinfo=LONDON), "9:30am"),
        (datetime.datetime(2020, 7, 6, 12, 0, tzinfo=LONDON), "midday"),
        (datetime.datetime(2020, 7, 6, 0, 0, tzinfo=LONDON), "midnight"),
        (None, ""),
    ],
)
def test_time_of_day_is_written_the_gov_uk_way_in_london_time(moment, expected):
    from django.utils import timezone

    value = timezone.localtime(moment) if moment else moment
    assert time_of_day(value) == expected


class ContactForm(forms.Form):
    name = forms.CharField()
    email = forms.EmailField()

    def clean(self):
        raise forms.ValidationError("Something is wrong with the whole form.")


ContributionFormSet = forms.formset_factory(ContactForm, min_num=1, validate_min=True)


def test_error_summary_links_each_error_to_its_field():
    form = ContactForm(data={"name": "", "email": "not-an-email"})
    items = error_summary_items(form)
    assert items == [
        ("#id_name", "Something is wrong with the whole form."),
        ("#id_name", "This field is required."),
        ("#id_email", "Enter a valid email address."),
    ]


def test_error_summary_links_formset_errors_to_prefixed_fields():
    formset = ContributionFormSet(
        data={
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "0",
            "form-0-name": "Alex",
            "form-0-email": "",
        }
    )
    hrefs = [href for href, _ in error_summary_items([formset])]
    assert "#id_form-0-email" in hrefs


def test_error_summary_renders_the_gov_uk_component_only_when_there_are_errors():
    good = render_to_string("includes/_error_summary.html", {"form": ContactForm()})
    assert "govuk-error-summary" not in good
    html = render_to_string("includes/_error_summary.html", {"form": ContactForm(data={"name": ""})})
    assert 'data-module="govuk-error-summary"' in html
    assert "There is a problem" in html
    assert '<a href="#id_name">This field is required.</a>' in html


def test_word_count_include_renders_the_no_js_hint_and_the_container():
    html = render_to_string("includes/_word_count.html", {"field_id": "id_description", "min": 50, "max": 75})
    assert 'data-word-count-for="id_description"' in html
    assert 'id="id_description-word-count"' in html
    assert "Write between 50 and 75 words" in html


def test_error_summary_accepts_pairs_a_view_has_built():
    html = render_to_string("includes/_error_summary.html", {"items": [("#id_name", "Enter your name"), ("", "Oops")]})
    assert '<a href="#id_name">Enter your name</a>' in html
    assert "<li>Oops</li>" in html


@pytest.mark.parametrize(
    ("moment_", "expected"),
    [
        (datetime.datetime(2020, 8, 7, 16, 0, tzinfo=UTC), "5pm on Friday 7 August 2020"),
        (datetime.datetime(2020, 12, 4, 17, 0, tzinfo=UTC), "5pm on Friday 4 December 2020"),
    ],
)
def test_moment_says_time_on_date_in_london_time(moment_, expected):
    from django.utils import timezone

    from casestudies.templatetags.ccin import moment

    assert moment(timezone.localtime(moment_)) == expected
