"""seed_demo: invented, sample-marked content in every status, reached by recorded moves."""

from collections import defaultdict
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command

from casestudies.models import (
    Call,
    CaseStudy,
    Contribution,
    Council,
    EmailLog,
    ExpressionOfInterest,
    StatusChange,
)
from casestudies.words import count_words

from .factories import ContributionFactory, CouncilFactory

pytestmark = pytest.mark.django_db

C = Contribution.Status
S = CaseStudy.Status


class RefusingBackend(BaseEmailBackend):
    """Stands in for a real mail server: seeding must never reach it."""

    def send_messages(self, email_messages):
        raise AssertionError("seed_demo tried to send a real email")


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def sample_call() -> Call:
    return Call.objects.get(is_sample=True)


def chains(model) -> dict[int, list[StatusChange]]:
    by_object = defaultdict(list)
    content_type = ContentType.objects.get_for_model(model)
    for change in StatusChange.objects.filter(content_type=content_type).order_by("at", "pk"):
        by_object[change.object_id].append(change)
    return by_object


def assert_every_status_is_reached_by_recorded_legal_moves(call: Call) -> None:
    contributions = list(Contribution.objects.for_call(call))
    contribution_chains = chains(Contribution)
    for contribution in contributions:
        steps = contribution_chains.get(contribution.pk, [])
        previous = C.SUBMITTED
        for step in steps:
            assert step.from_status == previous
            assert step.to_status in Contribution.TRANSITIONS[previous]
            assert step.by_id or step.by_label
            previous = step.to_status
        assert previous == contribution.status, contribution

    case_study_chains = chains(CaseStudy)
    for case_study in CaseStudy.objects.for_call(call):
        steps = case_study_chains[case_study.pk]
        assert (steps[0].from_status, steps[0].to_status) == ("", S.INVITED)
        previous = S.INVITED
        for step in steps[1:]:
            assert step.from_status == previous
            assert step.to_status in CaseStudy.TRANSITIONS[previous]
            previous = step.to_status
        assert previous == case_study.status, case_study
        assert case_study.contribution.status == C.INVITED
        assert (case_study.call_id, case_study.council_id, case_study.theme_id) == (
            case_study.contribution.eoi.call_id,
            case_study.contribution.eoi.council_id,
            case_study.contribution.theme_id,
        )


@pytest.mark.parametrize("fast", [False, True], ids=["workflow", "bulk"])
def test_default_run_gives_every_status_all_sample_marked_and_recorded(fast):
    out = seed("--seed", "7", *(["--fast"] if fast else []))

    call = sample_call()
    assert call.is_sample and call.eoi_is_open() and call.case_study_is_open()
    councils = Council.objects.filter(is_sample=True)
    assert councils.count() == 12
    assert {c.nation for c in councils} >= {"england", "wales", "scotland"}
    assert ExpressionOfInterest.objects.filter(call=call).count() == 30
    assert not ExpressionOfInterest.objects.exclude(call=call).exists()
    assert all(eoi.council is None or eoi.council.is_sample for eoi in ExpressionOfInterest.objects.all())
    assert set(Contribution.objects.for_call(call).values_list("status", flat=True)) == set(C.values)
    assert CaseStudy.objects.for_call(call).count() == 24
    assert set(CaseStudy.objects.for_call(call).values_list("status", flat=True)) == set(S.values)
    assert CaseStudy.objects.published().count() == 12  # --published-fraction 0.5
    assert_every_status_is_reached_by_recorded_legal_moves(call)
    assert "case studies: invited 2, draft 2, submitted 2, changes_requested 2, approved 2, published 12" in out


def test_the_real_call_is_loaded_first_and_left_real():
    seed()
    real = Call.objects.get(slug="co-operation-through-covid-19")
    assert not real.is_sample
    assert real.themes.count() == 11
    assert not Council.objects.filter(slug="oldham", is_sample=True).exists()
    assert set(sample_call().themes.all()) == set(real.themes.all())


def test_published_case_studies_are_complete():
    seed("--seed", "3")
    published = list(CaseStudy.objects.published())
    assert published
    for case_study in published:
        assert case_study.title and case_study.standfirst and case_study.slug and case_study.published_at
        assert 250 <= count_words(case_study.body) <= 350
        assert case_study.principles.exists()
        assert case_study.licence
        assert case_study.enquiry_email.endswith(".example.org")
    assert {c.enquiry_consent for c in published} == {True, False}
    for contribution in Contribution.objects.all():
        assert 50 <= count_words(contribution.description) <= 75


@pytest.mark.django_db(transaction=True)
def test_seeding_never_sends_a_real_email(settings):
    # A transactional test, so the command's own transaction commits and its emails go out
    # as they would in a real run.
    settings.EMAIL_BACKEND = "tests.test_commands_seed_demo.RefusingBackend"

    seed("--seed", "1")

    logged = EmailLog.objects.all()
    assert logged.count() > 0
    assert set(logged.values_list("status", flat=True)) == {EmailLog.Status.SENT}
    assert len(mail.outbox) == logged.count()  # they went to memory


def test_it_refuses_to_run_twice_without_reset():
    seed()
    counts = (Council.objects.count(), ExpressionOfInterest.objects.count(), CaseStudy.objects.count())

    with pytest.raises(CommandError, match="--reset"):
        seed()

    assert (Council.objects.count(), ExpressionOfInterest.objects.count(), CaseStudy.objects.count()) == counts


def test_reset_replaces_sample_content_and_leaves_real_content_alone():
    real_council = CouncilFactory()
    real_contribution = ContributionFactory(eoi__council=real_council)
    seed("--seed", "1")
    first = {
        "councils": list(Council.objects.filter(is_sample=True).values_list("name", flat=True)),
        "case studies": sorted(CaseStudy.objects.values_list("title", flat=True)),
        "statuses": sorted(Contribution.objects.for_call(sample_call()).values_list("status", flat=True)),
    }

    out = seed("--reset", "--seed", "1")

    assert "Deleted sample content:" in out
    assert Call.objects.filter(is_sample=True).count() == 1
    assert Council.objects.filter(is_sample=True).count() == 12
    assert ExpressionOfInterest.objects.filter(call__is_sample=True).count() == 30
    again = {
        "councils": list(Council.objects.filter(is_sample=True).values_list("name", flat=True)),
        "case studies": sorted(CaseStudy.objects.values_list("title", flat=True)),
        "statuses": sorted(Contribution.objects.for_call(sample_call()).values_list("status", flat=True)),
    }
    assert again == first  # the same --seed gives the same content
    assert Council.objects.filter(pk=real_council.pk).exists()
    assert Contribution.objects.filter(pk=real_contribution.pk).exists()
    assert Call.objects.filter(slug="co-operation-through-covid-19").exists()


def test_reset_leaves_no_orphaned_history():
    seed()
    seed("--reset", "--case-studies", "0", "--eois", "2")
    live = {
        ContentType.objects.get_for_model(Contribution): set(Contribution.objects.values_list("pk", flat=True)),
        ContentType.objects.get_for_model(CaseStudy): set(CaseStudy.objects.values_list("pk", flat=True)),
    }
    for change in StatusChange.objects.all():
        assert change.object_id in live[change.content_type]


def test_the_sizes_and_published_fraction_are_options():
    seed("--councils", "3", "--eois", "10", "--case-studies", "5", "--published-fraction", "0.2")
    call = sample_call()
    assert Council.objects.filter(is_sample=True).count() == 3
    assert call.eois.count() == 10
    assert CaseStudy.objects.for_call(call).count() == 5
    assert CaseStudy.objects.published().count() == 1


def test_impossible_sizes_are_refused_and_nothing_is_written():
    with pytest.raises(CommandError, match="cannot hold"):
        seed("--eois", "2", "--case-studies", "50")
    assert not Council.objects.filter(is_sample=True).exists()
    assert not Call.objects.exists()


def test_a_moderately_large_run_finishes_with_matching_counts():
    out = seed("--case-studies", "300", "--eois", "400", "--seed", "11")

    call = sample_call()
    assert "through the workflow" in out
    assert call.eois.count() == 400
    assert call.last_reference_number == 400
    assert Contribution.objects.for_call(call).filter(status=C.INVITED).count() == 300
    assert CaseStudy.objects.for_call(call).count() == 300
    assert CaseStudy.objects.published().count() == 150
    assert set(CaseStudy.objects.values_list("status", flat=True)) == set(S.values)


def test_a_large_run_goes_in_bulk_with_matching_counts():
    out = seed("--case-studies", "600", "--eois", "700", "--seed", "5")

    call = sample_call()
    assert "in bulk" in out
    assert call.eois.count() == 700
    assert CaseStudy.objects.for_call(call).count() == 600
    assert_every_status_is_reached_by_recorded_legal_moves(call)
    assert not EmailLog.objects.exists()


@pytest.mark.django_db
def test_if_empty_leaves_existing_sample_content_alone_and_succeeds():
    call_command("seed_demo", "--eois", "4", "--case-studies", "2", stdout=StringIO())
    counts = (Council.objects.count(), ExpressionOfInterest.objects.count(), CaseStudy.objects.count())
    out = StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "already in the database" in out.getvalue()
    assert (Council.objects.count(), ExpressionOfInterest.objects.count(), CaseStudy.objects.count()) == counts


@pytest.mark.parametrize("fast", [False, True], ids=["workflow", "bulk"])
def test_calls_share_the_sample_between_the_open_call_and_earlier_published_rounds(fast):
    from django.utils import timezone

    seed(
        "--calls",
        "3",
        "--eois",
        "12",
        "--case-studies",
        "6",
        "--published-fraction",
        "1",
        "--seed",
        "3",
        *(["--fast"] if fast else []),
    )
    calls = list(Call.objects.filter(is_sample=True).order_by("-eoi_deadline_at"))
    assert len(calls) == 3
    assert calls[0].eoi_is_open() and not any(call.eoi_is_open() for call in calls[1:])
    assert [call.eois.count() for call in calls] == [4, 4, 4]
    assert [CaseStudy.objects.for_call(call).published().count() for call in calls] == [2, 2, 2]
    assert all(call.publication.published_on <= timezone.localdate() for call in calls)
    assert len({call.reference_prefix for call in calls}) == len({call.slug for call in calls}) == 3
    for call in calls:
        assert_every_status_is_reached_by_recorded_legal_moves(call)
    seed("--reset", "--eois", "4", "--case-studies", "2")
    assert Call.objects.filter(is_sample=True).count() == 1
