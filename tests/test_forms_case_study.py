"""The case study form's input rules: a draft may be blank, bad input gets a specific message."""

import re

import pytest
import time_machine
from crispy_forms.utils import render_crispy_form
from django.utils.datastructures import MultiValueDict

from casestudies import images
from casestudies.forms_case_study import CaseStudyForm, CaseStudyRequestChangesForm
from casestudies.models import CaseStudy, Principle
from casestudies.workflow import case_study_save

from .case_study_helpers import case_study_post, image_bytes, invited_case_study, upload
from .factories import ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def bound(case_study, files=None, **overrides):
    data = case_study_post(case_study, **overrides)
    post = MultiValueDict({key: value if isinstance(value, list) else [value] for key, value in data.items()})
    return CaseStudyForm(post, files, case_study=case_study)


def test_a_draft_with_every_text_field_blank_is_valid():
    case_study = invited_case_study()
    blank = {field: "" for field in ("title", "standfirst", "body", "partners", "outcomes")}
    blank.update(enquiry_name="", enquiry_role="", enquiry_email="", enquiry_consent=None, principles=[])
    form = bound(case_study, **blank)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["principles"] == []
    assert form.changes["body"] == ""


@pytest.mark.parametrize(
    "field,length,message",
    [
        ("title", 121, "Title must be 120 characters or fewer"),
        ("standfirst", 401, "Standfirst must be 400 characters or fewer"),
        ("partners", 1001, "Partners must be 1,000 characters or fewer"),
        ("outcomes", 2001, "Outcomes and learning must be 2,000 characters or fewer"),
        ("enquiry_name", 151, "Name must be 150 characters or fewer"),
        ("enquiry_role", 151, "Role must be 150 characters or fewer"),
        ("image_alt", 251, "Image description must be 250 characters or fewer"),
        ("image_credit", 201, "Image credit must be 200 characters or fewer"),
        ("body", 12_001, "The case study is far too long: write 250 to 350 words"),
    ],
)
def test_text_that_is_too_long_is_refused_with_a_specific_message(field, length, message):
    form = bound(invited_case_study(), **{field: "x" * length})
    assert not form.is_valid()
    assert form.errors[field] == [message]


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"enquiry_email": "not an email"}, "enquiry_email", "Enter an email address in the correct format"),
        ({"version": "abc"}, "version", "Enter a whole number."),
        ({"theme": "abc"}, "theme", "Choose one of the call's themes"),
        ({"principles": ["abc"]}, "principles", "Choose from the co-operative principles listed"),
        ({"principles": ["999999"]}, "principles", "Choose from the co-operative principles listed"),
        ({"licence": "mit"}, "licence", "Choose one of the licences listed"),
        ({"licence": ""}, "licence", "Choose a licence"),
    ],
)
def test_wrong_types_and_unknown_choices_are_refused(overrides, field, message):
    form = bound(invited_case_study(), **overrides)
    assert not form.is_valid()
    assert form.errors[field][0].startswith(message)


def test_a_theme_from_another_call_is_refused():
    form = bound(invited_case_study(), theme=str(ThemeFactory().pk))
    assert not form.is_valid()
    assert form.errors["theme"] == ["Choose one of the call's themes"]


def test_an_image_without_alt_text_or_credit_is_refused():
    form = bound(invited_case_study(), files=MultiValueDict({"image": [upload(image_bytes())]}))
    assert not form.is_valid()
    assert form.errors["image_alt"] == ["Enter a description of the image (alt text)"]
    assert form.errors["image_credit"] == ["Enter a credit for the image"]


def test_an_image_with_alt_text_and_credit_is_processed():
    form = bound(
        invited_case_study(),
        files=MultiValueDict({"image": [upload(image_bytes())]}),
        image_alt="Volunteers packing food",
        image_credit="Photo: the council",
    )
    assert form.is_valid(), form.errors
    assert isinstance(form.cleaned_data["image"], images.ProcessedImage)


def test_a_file_that_is_not_an_image_gets_only_the_image_error():
    form = bound(invited_case_study(), files=MultiValueDict({"image": [upload(b"hello", name="x.jpg")]}))
    assert not form.is_valid()
    assert form.errors["image"] == ["The image must be a JPEG, PNG or WebP file"]
    assert "image_alt" not in form.errors


def test_an_existing_image_still_needs_its_alt_text_unless_it_is_removed():
    case_study = invited_case_study()
    processed = images.image_process(upload(image_bytes()))
    saved = case_study_save(case_study=case_study, changes={}, expected_version=1, image=processed)
    assert bound(saved).errors["image_alt"] == ["Enter a description of the image (alt text)"]
    assert bound(saved, remove_image="on").is_valid()


def test_principles_are_checkboxes_with_their_summary_as_hint_and_licences_are_radios():
    case_study = invited_case_study()
    Principle.objects.update(summary="Working <with> residents")
    form = CaseStudyForm(initial=CaseStudyForm.initial_for(case_study), case_study=case_study)
    html = " ".join(render_crispy_form(form).split())
    assert len(re.findall(r'type="checkbox" name="principles"', html)) == Principle.objects.count()
    assert html.count(
        '<span id="id_principles_1_hint" class="govuk-hint govuk-checkboxes__hint"> Working &lt;with&gt; residents'
    )
    assert len(re.findall(r'type="radio" name="licence"', html)) == len(CaseStudy.Licence.choices)
    assert re.search(r'value="cc-by-4.0" checked="checked"', html)  # CC BY 4.0 is the default
    assert 'data-module="ccin-word-count"' in html and 'data-min-words="250"' in html and 'data-max-words="350"' in html


def test_request_changes_needs_a_note_and_a_new_deadline_once_the_old_one_has_passed():
    case_study = invited_case_study()
    assert not CaseStudyRequestChangesForm({"note": "", "reply_by": ""}, objects=[case_study]).is_valid()
    assert CaseStudyRequestChangesForm({"note": "Shorter", "reply_by": ""}, objects=[case_study]).is_valid()
    with time_machine.travel(case_study.call.case_study_deadline_at, tick=False):
        form = CaseStudyRequestChangesForm({"note": "Shorter", "reply_by": ""}, objects=[case_study])
        assert form.errors["reply_by"] == [
            "The deadline has passed: give the council a new one so it can make the changes"
        ]
        form = CaseStudyRequestChangesForm({"note": "Shorter", "reply_by": "2000-01-01"}, objects=[case_study])
        assert form.errors["reply_by"] == ["The new deadline must be in the future"]
