"""Sample content for demonstrations, used by ``manage.py seed_demo``. Invented councils only.

Everything made here is sample content: councils and the call carry ``is_sample=True``;
the EOIs, contributions and case studies belong to the sample call. ``demo_reset`` deletes
exactly that and nothing else.

This module makes the councils and the call and decides the plan (``demo_plan``: every EOI,
contribution and case study, and the status each ends in); ``write.py`` writes the plan, and
the invented words are in ``text.py``.
"""

import datetime
import random
import uuid
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import formats, translation
from django.utils.text import slugify

from ..models import (
    Call,
    CaseStudy,
    Contribution,
    Council,
    EmailLog,
    ExpressionOfInterest,
    Perspective,
    Principle,
    Publication,
    Review,
    StatusChange,
    Theme,
)
from .text import (
    CALL_CY,
    COUNCIL_KINDS,
    FIRST_NAMES,
    GSS_LETTER,
    LAST_NAMES,
    PERSPECTIVE,
    PLACES,
    PUBLICATION_CY,
    ROLES,
    SCOTTISH_PLACES,
    WELSH_PLACES,
    case_study_text,
    demo_text_in_range,
    place_of,
)

LONDON = zoneinfo.ZoneInfo("Europe/London")
BATCH = 2000

C = Contribution.Status
S = CaseStudy.Status

# --- councils and the call ------------------------------------------------------------------


def demo_councils(rng: random.Random, count: int) -> list[Council]:
    """Create ``count`` invented councils, of every type and nation, marked as sample."""
    taken_names = set(Council.objects.values_list("name", flat=True))
    taken_slugs = set(Council.objects.values_list("slug", flat=True))
    english_regions = list(Council.Region.values)
    councils, index = [], 0
    while len(councils) < count:
        council_type, nation, pattern = COUNCIL_KINDS[index % len(COUNCIL_KINDS)]
        places = {"wales": WELSH_PLACES, "scotland": SCOTTISH_PLACES}.get(nation, PLACES)
        round_ = index // len(COUNCIL_KINDS)
        place = places[(index + round_) % len(places)]
        suffix = index // (len(places) * len(COUNCIL_KINDS))
        name = pattern.format(place=place if not suffix else f"{place} {suffix + 1}")
        index += 1
        slug = slugify(name)
        if name in taken_names or slug in taken_slugs:
            continue
        taken_names.add(name)
        taken_slugs.add(slug)
        number = len(councils) + 1
        council = Council(
            name=name,
            slug=slug,
            nation=nation,
            region=_demo_region(rng, nation, council_type, english_regions),
            council_type=council_type,
            membership=rng.choice(["full", "full", "associate", "affiliate"]),
            gss_code=""
            if council_type == Council.Type.COUNCILLOR_GROUP
            else f"{GSS_LETTER[nation]}99{number % 1_000_000:06d}",
            website=f"https://www.{slug}.example.org",
            is_sample=True,
        )
        council.full_clean()
        councils.append(council)
    return Council.objects.bulk_create(councils, batch_size=BATCH)


def _demo_region(rng: random.Random, nation: str, council_type: str, english_regions: list[str]) -> str:
    """A random English region (London for a London borough, which Council.clean requires)."""
    if nation != Council.Nation.ENGLAND:
        return ""
    return Council.Region.LONDON if council_type == Council.Type.LONDON_BOROUGH else rng.choice(english_regions)


def _london_at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=LONDON)


def demo_call(*, now: datetime.datetime, themes: list[Theme], rounds_ago: int = 0) -> Call:
    """A sample call that is open at ``now``, with its case-study deadline well ahead; or, with
    ``rounds_ago``, an earlier round of it (13 weeks apart): closed, with its publication out."""
    today = now.astimezone(LONDON).date() - datetime.timedelta(weeks=13 * rounds_ago)
    deadline = _london_at(today + datetime.timedelta(days=14), 17)
    deadline_day = deadline.date()
    case_study_deadline = _london_at(deadline_day + datetime.timedelta(days=42), 17)
    earlier = f" ({deadline_day:%B %Y})" if rounds_ago else ""
    with translation.override("cy"):
        earlier_cy = f" ({formats.date_format(deadline_day, 'F Y')})" if rounds_ago else ""
    call = Call(
        title_en_gb=f"Neighbourhoods and recovery{earlier}",
        slug=slugify(f"sample-neighbourhoods-and-recovery{earlier}"),
        summary_en_gb="Sample content: an invented call, with invented councils, to show how the service works.",
        purpose_en_gb=(
            "This call is sample content made for demonstrations. The councils, people and case studies "
            "in it are invented.\n\nIt asks how councils and residents are working together on recovery."
        ),
        how_to_take_part_en_gb=(
            "Send an expression of interest with one or more contributions of 50 to 75 words.\n\n"
            "If invited, write a case study of about 300 words."
        ),
        eoi_opens_at=_london_at(today - datetime.timedelta(days=28), 9),
        eoi_deadline_at=deadline,
        councils_notified_week=deadline_day + datetime.timedelta(days=7 - deadline_day.weekday()),
        case_study_deadline_at=case_study_deadline,
        publication_month=(case_study_deadline.date().replace(day=1) + datetime.timedelta(days=32)).replace(day=1),
        reference_prefix=f"SAMPLE-{deadline_day:%y%m}" if rounds_ago else "SAMPLE",
        is_sample=True,
        **{name: text.format(earlier=earlier_cy) for name, text in CALL_CY.items()},
    )
    call.full_clean()
    call.save()
    call.themes.set(themes, through_defaults={"target_case_studies": 2})
    publication = Publication(
        call=call,
        title_en_gb=f"Neighbourhoods and recovery{earlier}: sample case studies",
        slug=call.slug,
        introduction_en_gb="Sample content: these case studies are invented, to show what a publication looks like.",
        published_on=min(call.publication_month, now.astimezone(LONDON).date()) if rounds_ago else today,
        **{name: text.format(earlier=earlier_cy) for name, text in PUBLICATION_CY.items()},
    )
    publication.full_clean()
    publication.save()
    perspective = Perspective(publication=publication, order=1, **PERSPECTIVE)
    perspective.full_clean()
    perspective.save()
    return call


# --- the plan ---------------------------------------------------------------------------------


@dataclass
class PlannedContribution:
    theme: Theme
    description: str
    path: list[str]  # contribution statuses after "submitted", in order
    case_study_path: list[str] = field(default_factory=list)  # case-study statuses after "invited"
    text: dict = field(default_factory=dict)  # the case study's text, if invited
    principles: list[Principle] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.path[-1] if self.path else C.SUBMITTED

    @property
    def case_study_status(self) -> str:
        return self.case_study_path[-1] if self.case_study_path else S.INVITED


@dataclass
class PlannedEoi:
    council: Council | None
    council_name: str
    contact_name: str
    contact_role: str
    contact_email: str
    contact_phone: str
    submitted_at: datetime.datetime
    submission_token: uuid.UUID
    contributions: list[PlannedContribution]


def _spread(items: list[str], count: int) -> list[str]:
    """``count`` items taken round-robin, so every item appears once there are enough."""
    return [items[i % len(items)] for i in range(count)]


def _contribution_path(rng: random.Random, status: str) -> list[str]:
    if status in (C.DECLINED, C.WITHDRAWN):
        return [C.SHORTLISTED, status] if rng.random() < 0.5 else [status]
    return {C.SUBMITTED: [], C.SHORTLISTED: [C.SHORTLISTED], C.INVITED: [C.SHORTLISTED, C.INVITED]}[status]


def _case_study_path(rng: random.Random, status: str) -> list[str]:
    to_submitted = [S.DRAFT, S.SUBMITTED]
    to_approved = to_submitted + ([S.CHANGES_REQUESTED, S.SUBMITTED] if rng.random() < 0.3 else []) + [S.APPROVED]
    paths = {
        S.INVITED: [],
        S.DRAFT: [S.DRAFT],
        S.SUBMITTED: to_submitted,
        S.CHANGES_REQUESTED: [*to_submitted, S.CHANGES_REQUESTED],
        S.APPROVED: to_approved,
        S.PUBLISHED: to_approved + [S.PUBLISHED] + ([S.UNPUBLISHED, S.PUBLISHED] if rng.random() < 0.1 else []),
        S.UNPUBLISHED: [*to_approved, S.PUBLISHED, S.UNPUBLISHED],
    }
    return paths[status]


def demo_plan(
    rng: random.Random,
    *,
    call: Call,
    councils: list[Council],
    themes: list[Theme],
    principles: list[Principle],
    eois: int,
    case_studies: int,
    published_fraction: float,
    now: datetime.datetime,
) -> list[PlannedEoi]:
    """Decide every EOI, contribution and case study, and the status each ends in.

    Contributions: ``case_studies`` are invited; the rest are spread over submitted,
    shortlisted, declined and withdrawn. Case studies: ``published_fraction`` published,
    the rest spread over every other status.
    """
    cap = call.max_contributions_per_eoi
    sizes = [rng.choice([1, 1, 2, 2, 3]) for _ in range(eois)]
    needed = case_studies + 4
    if needed > eois * cap:
        raise ValueError(f"{eois} EOIs cannot hold {case_studies} case studies and the other statuses.")
    while sum(sizes) < needed:
        index = rng.randrange(eois)
        if sizes[index] < cap:
            sizes[index] += 1
    total = sum(sizes)

    statuses = [C.INVITED] * case_studies + _spread(
        [C.SUBMITTED, C.SHORTLISTED, C.DECLINED, C.WITHDRAWN], total - case_studies
    )
    rng.shuffle(statuses)
    published = round(case_studies * published_fraction)
    others = [S.INVITED, S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED, S.APPROVED, S.UNPUBLISHED]
    case_study_statuses = [S.PUBLISHED] * published + _spread(others, case_studies - published)
    rng.shuffle(case_study_statuses)

    weights = [len(themes) - i + 2 for i in range(len(themes))]  # some themes busier than others
    opens = call.eoi_opens_at
    window = max((now - opens).total_seconds(), 1)
    plan, next_status, next_case_study = [], iter(statuses), iter(case_study_statuses)
    for number, size in enumerate(sizes):
        unlisted = number % 10 == 9  # one in ten councils is "not listed"
        council = None if unlisted else councils[number % len(councils)]
        place = f"{PLACES[number % len(PLACES)]} Parish" if unlisted else place_of(council.name)
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        contributions = []
        for _ in range(size):
            theme = rng.choices(themes, weights=weights)[0]
            planned = PlannedContribution(
                theme=theme,
                description=demo_text_in_range(rng, low=call.eoi_words_min + 2, high=call.eoi_words_max - 2),
                path=_contribution_path(rng, next(next_status)),
            )
            if planned.status == C.INVITED:
                planned.case_study_path = _case_study_path(rng, next(next_case_study))
                planned.text = case_study_text(
                    rng, call=call, place=place, theme=theme, full=planned.case_study_status != S.DRAFT, number=number
                )
                planned.principles = rng.sample(principles, k=min(len(principles), rng.randint(1, 4)))
            contributions.append(planned)
        plan.append(
            PlannedEoi(
                council=council,
                council_name=f"{place} Council" if unlisted else "",
                contact_name=f"{first} {last}",
                contact_role=rng.choice(ROLES),
                contact_email=f"{first}.{last}{number}@example.org".lower(),
                contact_phone=f"01632 960{rng.randrange(1000):03d}" if rng.random() < 0.5 else "",  # Ofcom drama range
                submitted_at=opens + datetime.timedelta(seconds=rng.uniform(0, window)),
                submission_token=uuid.UUID(int=rng.getrandbits(128), version=4),
                contributions=contributions,
            )
        )
    return plan


# --- removing it --------------------------------------------------------------------------


def demo_sample_exists() -> bool:
    return Call.objects.filter(is_sample=True).exists() or Council.objects.filter(is_sample=True).exists()


def demo_reset() -> Counter:
    """Delete all sample content and only that: sample councils and calls, and everything that
    hangs off them (EOIs, contributions, case studies, reviews, their status changes and emails)."""
    deleted = Counter()
    # Plain id lists keep the deletes' plans simple (a subquery with OR joins is very slow on PostgreSQL).
    call_ids = list(Call.objects.filter(is_sample=True).values_list("pk", flat=True))
    council_ids = list(Council.objects.filter(is_sample=True).values_list("pk", flat=True))
    eois = ExpressionOfInterest.objects.filter(Q(call_id__in=call_ids) | Q(council_id__in=council_ids))
    contributions = Contribution.objects.filter(Q(eoi__call_id__in=call_ids) | Q(eoi__council_id__in=council_ids))
    # A case study's call and council are its EOI's, so this is every sample contribution's case study.
    case_studies = CaseStudy.objects.filter(Q(call_id__in=call_ids) | Q(council_id__in=council_ids))

    def delete(label: str, queryset) -> None:
        deleted[label] += queryset.delete()[1].get(queryset.model._meta.label, 0)

    with transaction.atomic():
        for model, queryset in ((CaseStudy, case_studies), (Contribution, contributions), (ExpressionOfInterest, eois)):
            content_type = ContentType.objects.get_for_model(model)
            ids = queryset.values("pk")
            delete("status changes", StatusChange.objects.filter(content_type=content_type, object_id__in=ids))
            delete("emails", EmailLog.objects.filter(content_type=content_type, object_id__in=ids))
        CaseStudy.principles.through.objects.filter(casestudy__in=case_studies.values("pk")).delete()
        delete("case studies", case_studies)
        Review.objects.filter(contribution__in=contributions.values("pk")).delete()
        delete("contributions", contributions)
        delete("EOIs", eois)
        delete("calls", Call.objects.filter(is_sample=True))
        delete("councils", Council.objects.filter(is_sample=True))
    return deleted
