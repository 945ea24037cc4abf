"""The read helpers that pages use instead of querying the ORM themselves: what each returns,
what it leaves out, and how many queries it costs."""

import datetime
import uuid

import pytest
from django.http import Http404
from django.utils import timezone

from casestudies import selectors

from .collection_helpers import published_in_bulk
from .factories import (
    CallFactory,
    CallThemeFactory,
    CaseStudyFactory,
    ContributionFactory,
    CouncilFactory,
    ExpressionOfInterestFactory,
    PrincipleFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def days_from_now(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


# --- calls ---------------------------------------------------------------------------------------


def test_call_get_finds_a_call_by_its_slug_and_is_a_404_otherwise():
    call = CallFactory()
    assert selectors.call_get(slug=call.slug) == call
    with pytest.raises(Http404):
        selectors.call_get(slug="no-such-call")


def test_call_list_except_leaves_out_the_call_shown_and_lists_the_rest_latest_first():
    older = CallFactory(eoi_opens_at=days_from_now(-400), eoi_deadline_at=days_from_now(-300))
    shown = CallFactory(eoi_opens_at=days_from_now(-200), eoi_deadline_at=days_from_now(-100))
    newest = CallFactory()
    assert list(selectors.call_list_except(call=shown)) == [newest, older]


def test_call_theme_name_names_only_a_theme_the_call_offers(django_assert_num_queries):
    call = CallFactory()
    offered = CallThemeFactory(call=call, theme=ThemeFactory(name="Food")).theme
    elsewhere = ThemeFactory(name="Housing")
    with django_assert_num_queries(1):
        assert selectors.call_theme_name(call=call, theme_id=offered.pk) == "Food"
    assert selectors.call_theme_name(call=call, theme_id=elsewhere.pk) == ""
    with django_assert_num_queries(0):
        assert selectors.call_theme_name(call=call, theme_id=None) == ""


# --- reference -------------------------------------------------------------------------------------


def test_principle_names_skips_blanks_and_unknown_ids_and_keeps_principle_order(django_assert_num_queries):
    second = PrincipleFactory(name="Second", order=2)
    first = PrincipleFactory(name="First", order=1)
    with django_assert_num_queries(1):
        assert selectors.principle_names(ids=[second.pk, None, 999_999, first.pk]) == ["First", "Second"]
    with django_assert_num_queries(0):
        assert selectors.principle_names(ids=[None]) == []


@pytest.mark.parametrize("get", [selectors.theme_get, selectors.council_get, selectors.principle_get])
def test_theme_council_and_principle_pages_are_a_404_for_an_unknown_slug(get):
    with pytest.raises(Http404):
        get(slug="no-such-thing")


# --- EOIs ----------------------------------------------------------------------------------------


def test_an_eoi_is_found_by_its_submission_token_and_only_in_its_own_call():
    eoi = ExpressionOfInterestFactory()
    other_call = CallFactory()
    assert selectors.eoi_exists_for_token(token=eoi.submission_token)
    assert not selectors.eoi_exists_for_token(token=uuid.uuid4())
    assert selectors.eoi_for_token(call=eoi.call, token=eoi.submission_token) == eoi
    assert selectors.eoi_for_token(call=other_call, token=eoi.submission_token) is None


def test_the_confirmed_eoi_comes_with_its_council_contributions_and_themes_in_three_queries(
    django_assert_num_queries,
):
    eoi = ExpressionOfInterestFactory()
    ContributionFactory.create_batch(2, eoi=eoi)
    with django_assert_num_queries(3):  # the EOI with its council, its contributions, their themes
        found = selectors.eoi_for_confirmation(call=eoi.call, eoi_id=eoi.pk)
        assert found.council.name
        assert [c.theme.name for c in found.contributions.all()]
    assert selectors.eoi_for_confirmation(call=CallFactory(), eoi_id=eoi.pk) is None


# --- case studies ----------------------------------------------------------------------------------


def test_related_case_studies_are_other_published_ones_of_the_same_theme_at_most_three(
    django_assert_num_queries,
):
    call = CallFactory()
    theme, other_theme = ThemeFactory(), ThemeFactory()
    shown, *same_theme = published_in_bulk(5, call=call, themes=[theme])
    published_in_bulk(2, call=call, themes=[other_theme])
    CaseStudyFactory(contribution__eoi__call=call, contribution__theme=theme)  # not published
    with django_assert_num_queries(1):
        related = selectors.case_study_related(case_study=shown)
    assert related == sorted(same_theme, key=lambda cs: cs.published_at, reverse=True)[:3]
    assert shown not in related


def test_the_published_case_study_page_is_a_404_for_a_case_study_not_published():
    draft = CaseStudyFactory(slug="a-draft")
    with pytest.raises(Http404):
        selectors.case_study_published_get(slug=draft.slug)


def test_the_collection_narrowed_to_a_theme_council_or_principle_lists_only_its_case_studies():
    call = CallFactory()
    theme, council, principle = ThemeFactory(), CouncilFactory(), PrincipleFactory()
    about = published_in_bulk(2, call=call, themes=[theme], councils=[council], principles=[principle])
    others = published_in_bulk(2, call=call)
    for subject in ({"theme": theme}, {"council": council}, {"principle": principle}):
        assert set(selectors.case_study_collection(**subject)) == set(about)
    assert set(selectors.case_study_collection()) == set(about + others)
