"""Expressions of interest: each rule stated once (the form and the submission give the same
message), the one-time submission, and saving for later."""

import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casestudies import workflow
from casestudies.forms import ContributionForm, EoiContactForm, contribution_formset_class
from casestudies.models import Contribution, EmailLog, EmailWording, ExpressionOfInterest
from casestudies.workflow import ContributionInput
from casestudies.workflow.eoi import (
    EOI_NEEDS_COUNCIL_NAME,
    EOI_NO_CONTRIBUTIONS,
    EOI_THEME_NOT_IN_CALL,
    EOI_TOO_FEW_WORDS,
    EOI_TOO_MANY_CONTRIBUTIONS,
    EOI_TOO_MANY_WORDS,
)

from .factories import CallThemeFactory

pytestmark = pytest.mark.django_db


def sixty_words():
    return " ".join(["community"] * 60)


def test_eoi_submit_allocates_sequential_references_and_is_idempotent(call):
    theme = call.themes.first()
    token = uuid.uuid4()
    kwargs = dict(
        call=call,
        council=None,
        council_name="Northmoor Town Council",
        contact_name="A Officer",
        contact_role="Policy officer",
        contact_email="a.officer@example.org",
        contributions=[ContributionInput(theme=theme, description=sixty_words())],
    )
    eoi, created = workflow.eoi_submit(submission_token=token, **kwargs)
    again, created_again = workflow.eoi_submit(submission_token=token, **kwargs)
    other, _ = workflow.eoi_submit(submission_token=uuid.uuid4(), **kwargs)
    assert created and not created_again
    assert again.pk == eoi.pk
    assert eoi.reference == f"{call.reference_prefix}-0001"
    assert other.reference == f"{call.reference_prefix}-0002"
    assert eoi.contributions.count() == 1


@pytest.mark.parametrize("words", [49, 76])
def test_eoi_submit_refuses_descriptions_outside_the_range_and_writes_nothing(call, words):
    theme = call.themes.first()
    with pytest.raises(ValidationError) as caught:
        workflow.eoi_submit(
            call=call,
            council=None,
            council_name="Northmoor Town Council",
            contact_name="A",
            contact_role="B",
            contact_email="a@example.org",
            contributions=[ContributionInput(theme=theme, description=" ".join(["w"] * words))],
            submission_token=uuid.uuid4(),
        )
    assert caught.value.code == ("too_few_words" if words < 50 else "too_many_words")
    assert not Contribution.objects.exists()


# --- one statement of each rule: the form and the submission say the same -------------------------


def submission(call, **overrides) -> dict:
    """eoi_submit's arguments for a valid EOI, with ``overrides``."""
    return {
        "call": call,
        "council": None,
        "council_name": "Northmoor Town Council",
        "contact_name": "A",
        "contact_role": "B",
        "contact_email": "a@example.org",
        "contributions": [ContributionInput(theme=call.themes.first(), description=sixty_words())],
        "submission_token": uuid.uuid4(),
        **overrides,
    }


def submit(call, **overrides):
    with pytest.raises(ValidationError) as caught:
        workflow.eoi_submit(**submission(call, **overrides))
    assert not ExpressionOfInterest.objects.exists()
    return caught.value.messages


@pytest.mark.parametrize(("words", "message"), [(49, EOI_TOO_FEW_WORDS), (76, EOI_TOO_MANY_WORDS)])
def test_the_word_range_is_one_rule_with_one_message(call, words, message):
    text = " ".join(["w"] * words)
    expected = str(message % {"low": 50, "high": 75, "count": words})
    form = ContributionForm({"theme": str(call.themes.first().pk), "description": text}, call=call)
    assert form.errors["description"] == [expected]
    assert submit(call, contributions=[ContributionInput(theme=call.themes.first(), description=text)]) == [expected]


def test_a_council_or_its_name_is_one_rule_with_one_message(call):
    form = EoiContactForm(
        {
            "council": "not-listed",
            "council_name": "  ",
            "contact_name": "A",
            "contact_role": "B",
            "contact_email": "a@example.org",
        },
        call=call,
    )
    assert form.errors["council_name"] == [str(EOI_NEEDS_COUNCIL_NAME)]
    assert submit(call, council_name="  ") == [str(EOI_NEEDS_COUNCIL_NAME)]


def test_a_theme_outside_the_call_is_one_rule_with_one_message(call):
    elsewhere = CallThemeFactory().theme
    form = ContributionForm({"theme": str(elsewhere.pk), "description": sixty_words()}, call=call)
    assert form.errors["theme"] == [str(EOI_THEME_NOT_IN_CALL)]
    contributions = [ContributionInput(theme=elsewhere, description=sixty_words())]
    assert submit(call, contributions=contributions) == [str(EOI_THEME_NOT_IN_CALL)]


def contributions_post(call, count):
    data = {"contributions-TOTAL_FORMS": str(count), "contributions-INITIAL_FORMS": "0"}
    for i in range(count):
        data[f"contributions-{i}-theme"] = str(call.themes.first().pk)
        data[f"contributions-{i}-description"] = sixty_words()
    return data


def test_the_number_of_contributions_is_one_rule_with_one_message(call):
    too_many = call.max_contributions_per_eoi + 1
    formset = contribution_formset_class(call)(contributions_post(call, too_many), call=call)
    expected = str(EOI_TOO_MANY_CONTRIBUTIONS % {"max": call.max_contributions_per_eoi})
    assert formset.non_form_errors() == [expected]
    item = ContributionInput(theme=call.themes.first(), description=sixty_words())
    assert submit(call, contributions=[item] * too_many) == [expected]
    assert submit(call, contributions=[]) == [str(EOI_NO_CONTRIBUTIONS)]


def test_a_formset_within_the_limit_is_valid(call):
    formset = contribution_formset_class(call)(contributions_post(call, 2), call=call)
    assert formset.is_valid(), formset.errors


def test_the_acknowledgement_is_rendered_before_the_calls_row_is_locked_and_carries_the_real_reference(call):
    """The wording is read and the message rendered before the reference UPDATE takes the call's
    row lock, so parallel submissions do not wait for each other's rendering; the message that is
    logged has the reference taken under the lock, and no trace of the stand-in."""
    with CaptureQueriesContext(connection) as queries:
        eoi, _created = workflow.eoi_submit(**submission(call))
    sql = [query["sql"] for query in queries.captured_queries]
    wording_read = next(n for n, text in enumerate(sql) if EmailWording._meta.db_table in text)
    reference_taken = next(n for n, text in enumerate(sql) if "last_reference_number" in text and "UPDATE" in text)
    assert wording_read < reference_taken
    log = EmailLog.objects.get(kind="eoi_acknowledgement", object_id=eoi.pk)
    for part in (log.subject, log.body_text, log.body_html):
        assert eoi.reference in part
        assert not re.search(r"[0-9a-f]{32}", part)
