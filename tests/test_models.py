"""Model rules: the call's timetable, council validation, database constraints."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from casestudies.models import Call, CaseStudy, Contribution, Council
from casestudies.models.calls import EoiState

from .factories import CallFactory, CaseStudyFactory, ContributionFactory, CouncilFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def london(*args):
    return datetime.datetime(*args, tzinfo=LONDON)


@pytest.mark.parametrize(
    "deadline",
    [london(2020, 8, 7, 17, 0, 0), london(2020, 12, 4, 17, 0, 0)],  # summer time (BST) and winter time (GMT)
    ids=["bst", "gmt"],
)
def test_deadline_means_before_five_pm_local_time(deadline):
    call = CallFactory(eoi_opens_at=deadline - datetime.timedelta(days=30), eoi_deadline_at=deadline)
    one_second_before = deadline - datetime.timedelta(seconds=1)
    assert call.eoi_state(one_second_before) is EoiState.OPEN
    assert call.eoi_is_open(one_second_before)
    assert call.eoi_state(deadline) is EoiState.CLOSED
    assert not call.eoi_is_open(deadline)
    assert Call.objects.open_for_eoi(one_second_before).filter(pk=call.pk).exists()
    assert not Call.objects.open_for_eoi(deadline).filter(pk=call.pk).exists()


def test_stored_in_utc_compared_in_london_time():
    deadline = london(2020, 8, 7, 17, 0)
    assert deadline.astimezone(datetime.UTC) == datetime.datetime(2020, 8, 7, 16, 0, tzinfo=datetime.UTC)
    call = CallFactory(eoi_opens_at=london(2020, 7, 6, 9, 0), eoi_deadline_at=deadline)
    call.refresh_from_db()
    assert call.eoi_deadline_at == deadline
    # 16:59:59 UTC is 17:59:59 BST: closed.
    assert call.eoi_state(datetime.datetime(2020, 8, 7, 16, 0, 0, tzinfo=datetime.UTC)) is EoiState.CLOSED
    assert call.eoi_state(datetime.datetime(2020, 8, 7, 15, 59, 59, tzinfo=datetime.UTC)) is EoiState.OPEN


def test_before_opening_the_call_says_not_yet_open():
    call = CallFactory()
    assert call.eoi_state(call.eoi_opens_at - datetime.timedelta(seconds=1)) is EoiState.NOT_YET_OPEN
    assert call.eoi_state(call.eoi_opens_at) is EoiState.OPEN


def test_current_call_is_the_open_one_else_the_latest():
    old = CallFactory(
        eoi_opens_at=london(2020, 7, 1, 9, 0),
        eoi_deadline_at=london(2020, 8, 7, 17, 0),
        case_study_deadline_at=london(2020, 9, 7, 17, 0),
    )
    assert Call.objects.current() == old
    open_call = CallFactory()
    assert Call.objects.current() == open_call


def test_case_study_deadline_can_be_extended_per_invitation_but_not_shortened():
    call = CallFactory()
    later = call.case_study_deadline_at + datetime.timedelta(days=3)
    earlier = call.case_study_deadline_at - datetime.timedelta(days=3)
    assert call.case_study_deadline_for(later) == later
    assert call.case_study_deadline_for(earlier) == call.case_study_deadline_at
    assert call.case_study_is_open(call.case_study_deadline_at + datetime.timedelta(days=1), extended_to=later)
    assert not call.case_study_is_open(call.case_study_deadline_at)


def test_call_clean_refuses_a_timetable_out_of_order():
    call = CallFactory.build(eoi_words_min=80, eoi_words_max=50)
    call.case_study_deadline_at = call.eoi_deadline_at - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        call.clean()
    assert set(caught.value.message_dict) == {"case_study_deadline_at", "eoi_words_max"}


def test_database_refuses_a_call_whose_deadline_is_before_it_opens():
    call = CallFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Call.objects.filter(pk=call.pk).update(eoi_deadline_at=call.eoi_opens_at)


@pytest.mark.parametrize("code", ["E0800000", "X08000004", "E080000045", "e08000004", "E08 000004", "E08000004\n"])
def test_gss_code_must_be_a_letter_and_eight_digits(code):
    council = CouncilFactory.build(gss_code=code, nation="england", region="north_west")
    with pytest.raises(ValidationError) as caught:
        council.full_clean()
    assert "gss_code" in caught.value.message_dict


def test_gss_code_letter_must_match_the_nation():
    council = CouncilFactory.build(
        gss_code="E06000015", nation="wales", region="", council_type=Council.Type.WELSH_UNITARY
    )
    with pytest.raises(ValidationError) as caught:
        council.full_clean()
    assert "gss_code" in caught.value.message_dict


def test_councillor_group_has_no_gss_code():
    council = CouncilFactory.build(council_type=Council.Type.COUNCILLOR_GROUP, gss_code="E08000004")
    with pytest.raises(ValidationError):
        council.full_clean()


def test_only_english_councils_have_a_region():
    council = CouncilFactory.build(nation="scotland", region="london", gss_code="")
    with pytest.raises(ValidationError):
        council.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Council.objects.create(
            name="X", slug="x", nation="scotland", region="london", council_type="scottish_unitary", membership="full"
        )


@pytest.mark.parametrize("model,factory", [(Contribution, ContributionFactory), (CaseStudy, CaseStudyFactory)])
def test_database_refuses_an_unknown_status(model, factory):
    obj = factory()
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=obj.pk).update(status="lost")


def test_database_refuses_a_published_case_study_without_a_slug():
    case_study = CaseStudyFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseStudy.objects.filter(pk=case_study.pk).update(status="published")


def test_word_count_of_a_contribution_uses_the_shared_rule():
    contribution = ContributionFactory(description="one two\u00a0three\nfour")
    assert contribution.word_count == 4


def test_queryset_vocabulary():
    contribution = ContributionFactory()
    assert list(Contribution.objects.awaiting_decision()) == [contribution]
    assert not CaseStudy.objects.published().exists()
