"""Councils write in English, Welsh or both; every email to a council is in the officer's language.

The rules: ``CaseStudy.language`` and its Welsh twins (models/case_studies.py), the word range for
each text (``workflow.case_study_problems``), and ``languages.contact_language``, which every email
to a council asks. The Welsh gettext catalogue is filled by translators, so these tests check the
language active when an email is written, its links and its dates (Django's own Welsh month
names), and one message translated here for the test.
"""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.formats import date_format

from casestudies import email_wording, emails, languages, links, workflow
from casestudies.languages import Language
from casestudies.models import CaseStudy, EmailLog
from casestudies.workflow.case_studies import (
    CASE_STUDY_IMAGE_NEEDS_ALT_WELSH,
    CASE_STUDY_NEEDS_TEXT,
    CASE_STUDY_WELSH_WORDS_OUT_OF_RANGE,
    case_study_image_problems,
)

from .case_study_helpers import complete_text, invited_case_study, write_and_submit
from .eoi_helpers import eoi_submit
from .factories import CallFactory, CallThemeFactory, PrincipleFactory, StaffUserFactory, words

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def language_reset():
    translation.deactivate()
    yield
    translation.deactivate()


TL = CaseStudy.TextLanguage


def welsh_text(**overrides) -> dict:
    return {
        "title_cy": "Hybiau bwyd y gymuned",
        "standfirst_cy": "Sut y bwydodd y cyngor a'r trigolion y dref gyda'i gilydd.",
        "body_cy": " ".join(["cymuned"] * 300),
        "outcomes_cy": "Ni fu neb yn aros mwy na diwrnod am fwyd.",
        **overrides,
    }


def save(case_study, **changes) -> CaseStudy:
    version = CaseStudy.objects.values_list("version", flat=True).get(pk=case_study.pk)
    principles = [PrincipleFactory()]
    return workflow.case_study_save(
        case_study=case_study, changes=changes, expected_version=version, principles=principles
    )


# --- the model -------------------------------------------------------------------------------------


def test_a_case_study_is_written_in_english_unless_the_council_chooses_otherwise():
    case_study = invited_case_study()
    assert case_study.language == TL.EN
    assert case_study.text_languages == [Language.EN]


@pytest.mark.parametrize(
    ("language", "expected"),
    [(TL.EN, [Language.EN]), (TL.CY, [Language.CY]), (TL.BOTH, [Language.EN, Language.CY])],
)
def test_each_language_asks_for_its_texts(language, expected):
    assert CaseStudy(language=language).text_languages == expected


def test_the_database_refuses_an_unknown_language():
    case_study = invited_case_study()
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseStudy.objects.filter(pk=case_study.pk).update(language="fr")
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseStudy.objects.filter(pk=case_study.pk).update(contact_language="de")


def test_the_language_values_are_lang_attributes_and_django_language_codes():
    assert languages.lang_attribute(TL.EN) == "en-GB"
    assert languages.lang_attribute(TL.CY) == "cy"
    assert {code for code, _name in settings.LANGUAGES} == set(Language.values)


def test_a_page_leads_with_the_text_in_its_language_and_falls_back_to_the_one_written():
    case_study = CaseStudy(language=TL.BOTH, title="Food hubs", title_cy="Hybiau bwyd")
    with translation.override("cy"):
        assert [text.title for text in case_study.texts()] == ["Hybiau bwyd", "Food hubs"]
        assert case_study.shown.lang == "cy"
    with translation.override("en-gb"):
        assert case_study.shown.title == "Food hubs"
    english_only = CaseStudy(language=TL.EN, title="Food hubs", title_cy="Draft never published")
    with translation.override("cy"):
        assert [text.title for text in english_only.texts()] == ["Food hubs"]
        assert english_only.shown.lang == "en-GB"


# --- what a case study needs, in each language ----------------------------------------------------


def test_a_welsh_case_study_needs_the_welsh_text_and_not_the_english():
    case_study = save(invited_case_study(), language=TL.CY, **complete_text(title="", standfirst="", body=""))
    problems = workflow.case_study_problems(case_study=case_study)
    assert set(CASE_STUDY_NEEDS_TEXT[Language.CY]) <= set(problems)
    assert "title" not in problems and "body" not in problems
    case_study = save(case_study, **welsh_text())
    assert workflow.case_study_problems(case_study=case_study) == {}


def test_both_needs_both_texts_each_within_the_word_range():
    case_study = save(invited_case_study(), language=TL.BOTH, **complete_text())
    problems = workflow.case_study_problems(case_study=case_study)
    assert list(problems)[:3] == ["title_cy", "standfirst_cy", "body_cy"]
    assert "outcomes_cy" in problems
    case_study = save(case_study, **welsh_text(body_cy=words(20)))
    problems = workflow.case_study_problems(case_study=case_study)
    expected = CASE_STUDY_WELSH_WORDS_OUT_OF_RANGE % {"min": 250, "max": 350, "count": 20}
    assert problems == {"body_cy": [expected]}
    case_study = save(case_study, **welsh_text(body_cy=words(351)))
    assert "351" in problems_text(case_study, "body_cy")
    case_study = save(case_study, **welsh_text())
    assert workflow.case_study_problems(case_study=case_study) == {}


def problems_text(case_study, field) -> str:
    return " ".join(str(m) for m in workflow.case_study_problems(case_study=case_study)[field])


def test_an_english_case_study_ignores_welsh_drafts_of_any_length():
    case_study = save(invited_case_study(), language=TL.EN, **complete_text(), body_cy=words(5000))
    assert workflow.case_study_problems(case_study=case_study) == {}


def test_an_image_needs_alt_text_in_each_language_of_the_case_study():
    problems = case_study_image_problems(
        has_image=True, image_alt="Volunteers", image_credit="Photo: Ann", languages=[Language.EN, Language.CY]
    )
    assert problems == {"image_alt_cy": [CASE_STUDY_IMAGE_NEEDS_ALT_WELSH]}
    problems = case_study_image_problems(
        has_image=True, image_alt="", image_credit="Photo: Ann", languages=[Language.CY], image_alt_cy="Gwirfoddolwyr"
    )
    assert problems == {}


def test_submitting_a_welsh_case_study_missing_its_welsh_body_is_refused_and_nothing_moves():
    case_study = save(invited_case_study(), language=TL.CY, **complete_text(), **welsh_text(body_cy=""))
    with pytest.raises(ValidationError) as refused:
        workflow.case_study_submit(case_study=case_study)
    assert "body_cy" in refused.value.message_dict
    assert CaseStudy.objects.get(pk=case_study.pk).status == CaseStudy.Status.DRAFT


# --- the officer's language, and the emails -------------------------------------------------------


@pytest.fixture
def call():
    call = CallFactory()
    CallThemeFactory(call=call)
    return call


def test_an_eoi_remembers_the_language_it_was_written_in_and_is_acknowledged_in_it(call):
    with translation.override("cy"):
        eoi, _created = eoi_submit(call)
    eoi.refresh_from_db()
    assert eoi.language == Language.CY
    log = EmailLog.objects.get(kind="eoi_acknowledgement", object_id=eoi.pk)
    assert log.language == Language.CY
    with translation.override("cy"):
        week = date_format(call.councils_notified_week, "j F Y")
    assert week in log.body_text  # Django's Welsh month name
    english, _created = eoi_submit(call, contact_email="b@example.org")
    english_log = EmailLog.objects.get(kind="eoi_acknowledgement", object_id=english.pk)
    assert english.language == english_log.language == Language.EN
    assert call.councils_notified_week.strftime("%B") in english_log.body_text


def test_the_saved_eoi_link_is_sent_in_the_language_the_officer_is_using(call):
    with translation.override("cy"):
        saved = workflow.eoi_save_for_later(call=call, answers={}, contact_email="c@example.org")
        link = links.saved_eoi_link_url(saved)
    log = EmailLog.objects.get(kind="eoi_saved")
    assert log.language == Language.CY
    assert link.rsplit("/", 2)[0] in log.body_text  # made while Welsh was active: /cy/… once Welsh addresses exist


def rendered_in(monkeypatch) -> list[tuple[str, str]]:
    """(kind, active language) for every email written from now on."""
    seen = []
    original = email_wording.placeholder_values

    def spy(context):
        seen.append(translation.get_language())
        return original(context)

    monkeypatch.setattr(email_wording, "placeholder_values", spy)
    return seen


def test_the_invitation_goes_in_the_eoi_s_language_with_its_link_made_in_that_language(call, monkeypatch):
    with translation.override("cy"):
        eoi, _created = eoi_submit(call)
    contribution = eoi.contributions.get()
    by = StaffUserFactory()
    workflow.contribution_shortlist(contribution=contribution, by=by)
    seen = rendered_in(monkeypatch)
    workflow.contribution_invite(contribution=contribution, by=by)
    assert seen == ["cy"]
    log = EmailLog.objects.get(kind="case_study_invitation")
    assert log.language == Language.CY
    assert welsh_link_prefix() in log.body_text


def welsh_link_prefix() -> str:
    """The start of a private link made with Welsh active (the signed token, which holds a time, cut off)."""
    with translation.override("cy"):
        return links.case_study_link_url(CaseStudy(pk=1, access_key="x")).rsplit("/", 2)[0] + "/"


def test_the_officer_s_language_on_the_form_decides_the_later_emails_and_staff_notices_stay_english(call, monkeypatch):
    case_study = invited_case_study(call=call)  # an EOI written in English
    with translation.override("cy"):
        case_study = write_and_submit(case_study)
    case_study.refresh_from_db()
    assert case_study.contact_language == Language.CY
    assert languages.contact_language(case_study=case_study) == Language.CY
    council_log = EmailLog.objects.get(kind="case_study_submitted")
    staff_log = EmailLog.objects.get(kind="case_study_submitted_editors")
    assert (council_log.language, staff_log.language) == (Language.CY, Language.EN)
    editor = StaffUserFactory(is_superuser=True)
    seen = rendered_in(monkeypatch)
    workflow.case_study_request_changes(case_study=case_study, by=editor, note="Shorter, please.")
    assert seen == ["cy"]
    log = EmailLog.objects.filter(kind="case_study_changes_requested").get()
    assert log.language == Language.CY
    assert welsh_link_prefix() in log.body_text


def test_an_officer_who_switches_back_to_english_hears_in_english_from_then_on(call):
    case_study = invited_case_study(call=call)
    with translation.override("cy"):
        case_study = save(case_study, **complete_text())
    assert CaseStudy.objects.get(pk=case_study.pk).contact_language == Language.CY
    case_study = save(case_study, **complete_text())
    assert CaseStudy.objects.get(pk=case_study.pk).contact_language == Language.EN


def test_an_editor_s_edit_does_not_change_the_contact_s_language(call):
    case_study = invited_case_study(call=call)
    with translation.override("cy"):
        case_study = save(case_study, **complete_text())
    workflow.case_study_edit(
        case_study=case_study,
        changes={"title": "Edited"},
        seen_version=CaseStudy.objects.get(pk=case_study.pk).version,
        by=StaffUserFactory(is_superuser=True),
    )
    assert CaseStudy.objects.get(pk=case_study.pk).contact_language == Language.CY


def test_a_message_of_the_service_is_written_in_welsh_for_a_welsh_contact(call, monkeypatch):
    """One message the service adds to an email, translated here for the test (the catalogue is
    the translators'): a Welsh contact gets it in Welsh, an English one in English."""
    hint = "The editors asked for some changes: you will see their comments when you open the link below."
    welsh = "Gofynnodd y golygyddion am newidiadau: fe welwch eu sylwadau pan agorwch y ddolen isod."
    welsh_catalogue = translation.trans_real.translation("cy")
    original = welsh_catalogue.gettext
    monkeypatch.setattr(welsh_catalogue, "gettext", lambda message: welsh if message == hint else original(message))
    case_study = invited_case_study(call=call)
    with translation.override("cy"):
        case_study = write_and_submit(case_study)
    case_study.refresh_from_db()
    editor = StaffUserFactory(is_superuser=True)
    workflow.case_study_request_changes(case_study=case_study, by=editor, note="Shorter, please.")
    case_study.refresh_from_db()
    context = {"case_study": case_study, "call": call, "eoi": case_study.contribution.eoi}
    _subject, text, _html = emails.email_render(kind="case_study_reminder", context=context, language="cy")
    assert welsh in text and hint not in text
    _subject, text, _html = emails.email_render(kind="case_study_reminder", context=context, language="en-gb")
    assert hint in text and welsh not in text


def test_the_contact_language_falls_back_to_the_eoi_then_english(call):
    case_study = invited_case_study(call=call)
    eoi = case_study.contribution.eoi
    assert languages.contact_language(case_study=case_study) == Language.EN
    eoi.language = Language.CY
    eoi.save()
    case_study = CaseStudy.objects.get(pk=case_study.pk)
    assert languages.contact_language(case_study=case_study) == Language.CY
    assert languages.contact_language(eoi=eoi) == Language.CY
    assert languages.contact_language() == Language.EN
