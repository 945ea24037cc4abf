"""Sample content for demonstrations, used by ``manage.py seed_demo``. Invented councils only.

Everything made here is sample content: councils and the call carry ``is_sample=True``;
the EOIs, contributions and case studies belong to the sample call. ``demo_reset`` deletes
exactly that and nothing else.

Two ways to write it, from one plan (``demo_plan``; the invented words are in demo_text.py):

- ``demo_write_with_workflow`` makes every EOI with ``workflow.eoi_submit`` and every status
  move with the workflow functions, exactly as the service does. The default.
- ``demo_bulk_write_bypassing_workflow`` is for tens of thousands of rows, where one
  transaction per move would take far too long. It is the ONE place outside workflow.py
  that writes statuses: it creates rows with their final status passed to the
  constructor, and bulk-creates the ``StatusChange`` rows the workflow would have written
  for the same path. It sends and logs no emails. Use it for sample data only.
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
from django.utils.text import slugify

from . import links, workflow
from .demo_text import (
    CHANGE_NOTES,
    COUNCIL_KINDS,
    FIRST_NAMES,
    GSS_LETTER,
    LAST_NAMES,
    PLACES,
    ROLES,
    SCOTTISH_PLACES,
    WELSH_PLACES,
    WITHDRAWN_NOTE,
    case_study_text,
    demo_text_in_range,
    place_of,
)
from .models import (
    Call,
    CaseStudy,
    Contribution,
    Council,
    EmailLog,
    ExpressionOfInterest,
    Principle,
    Publication,
    Review,
    StatusChange,
    Theme,
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
    call = Call(
        title=f"Neighbourhoods and recovery{earlier}",
        slug=slugify(f"sample-neighbourhoods-and-recovery{earlier}"),
        summary="Sample content: an invented call, with invented councils, to show how the service works.",
        purpose=(
            "This call is sample content made for demonstrations. The councils, people and case studies "
            "in it are invented.\n\nIt asks how councils and residents are working together on recovery."
        ),
        how_to_take_part=(
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
    )
    call.full_clean()
    call.save()
    call.themes.set(themes, through_defaults={"target_case_studies": 2})
    publication = Publication(
        call=call,
        title=f"Neighbourhoods and recovery{earlier}: sample case studies",
        slug=call.slug,
        introduction="Sample content: these case studies are invented, to show what a publication looks like.",
        published_on=min(call.publication_month, now.astimezone(LONDON).date()) if rounds_ago else today,
    )
    publication.full_clean()
    publication.save()
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


# --- writing it through the workflow ------------------------------------------------------


def demo_write_with_workflow(*, call: Call, plan: list[PlannedEoi], by) -> None:
    """Every EOI through ``eoi_submit`` and every move through its workflow function."""
    for planned_eoi in plan:
        eoi, _ = workflow.eoi_submit(
            call=call,
            council=planned_eoi.council,
            council_name=planned_eoi.council_name,
            contact_name=planned_eoi.contact_name,
            contact_role=planned_eoi.contact_role,
            contact_email=planned_eoi.contact_email,
            contact_phone=planned_eoi.contact_phone,
            contributions=[
                workflow.ContributionInput(theme=c.theme, description=c.description) for c in planned_eoi.contributions
            ],
            submission_token=planned_eoi.submission_token,
            at=planned_eoi.submitted_at,
        )
        saved = eoi.contributions.order_by("position")
        for contribution, planned in zip(saved, planned_eoi.contributions, strict=True):
            case_study = None
            for step in planned.path:
                if step == C.SHORTLISTED:
                    workflow.contribution_shortlist(contribution=contribution, by=by)
                elif step == C.DECLINED:
                    workflow.contribution_decline(contribution=contribution, by=by)
                elif step == C.WITHDRAWN:
                    workflow.contribution_withdraw(contribution=contribution, by=by, note=WITHDRAWN_NOTE)
                elif step == C.INVITED:
                    case_study = workflow.contribution_invite(contribution=contribution, by=by)
            if case_study is not None:
                _case_study_moves(case_study, planned, by)


def _case_study_moves(case_study: CaseStudy, planned: PlannedContribution, by) -> None:
    previous = S.INVITED
    for step in planned.case_study_path:
        if step == S.DRAFT:
            case_study = workflow.case_study_save_draft(
                case_study=case_study,
                changes=planned.text,
                expected_version=case_study.version,
                principles=planned.principles,
            )
        elif step == S.SUBMITTED:
            if previous == S.CHANGES_REQUESTED:
                revised = {**planned.text, "standfirst": planned.text["standfirst"] + " Revised after comments."}
                case_study = workflow.case_study_save_draft(
                    case_study=case_study, changes=revised, expected_version=case_study.version
                )
            case_study = workflow.case_study_submit(case_study=case_study)
        elif step == S.CHANGES_REQUESTED:
            note = CHANGE_NOTES[case_study.pk % len(CHANGE_NOTES)]
            case_study = workflow.case_study_request_changes(case_study=case_study, by=by, note=note)
        elif step == S.APPROVED:
            case_study = workflow.case_study_approve(case_study=case_study, by=by)
        elif step == S.PUBLISHED:
            case_study = workflow.case_study_publish(case_study=case_study, by=by)
        elif step == S.UNPUBLISHED:
            case_study = workflow.case_study_unpublish(
                case_study=case_study, by=by, note="Taken down to correct a name."
            )
        previous = step


# --- writing it in bulk (sample data only) ------------------------------------------------

# Who makes each case-study move, as the workflow records it.
_COUNCIL_MOVES = {S.DRAFT, S.SUBMITTED}


def demo_bulk_write_bypassing_workflow(*, call: Call, plan: list[PlannedEoi], by, now: datetime.datetime) -> None:
    """SAMPLE DATA ONLY. Write the plan with bulk inserts, statuses and all, bypassing workflow.py.

    Rows are created with their final ``status`` passed to the constructor (no instance's
    status is ever reassigned), and the ``StatusChange`` rows are those the workflow
    functions would have written for the same moves. No emails are logged or sent. This
    exists so that a demo of 10,000 case studies takes minutes, not hours.
    """
    with transaction.atomic():
        eois = ExpressionOfInterest.objects.bulk_create(
            [
                ExpressionOfInterest(
                    call=call,
                    council=p.council,
                    council_name=p.council_name,
                    contact_name=p.contact_name,
                    contact_role=p.contact_role,
                    contact_email=p.contact_email,
                    contact_phone=p.contact_phone,
                    number=number,
                    reference=call.reference_for(number),
                    submission_token=p.submission_token,
                    submitted_at=p.submitted_at,
                )
                for number, p in enumerate(plan, start=1)
            ],
            batch_size=BATCH,
        )
        Call.objects.filter(pk=call.pk).update(last_reference_number=len(eois))

        pairs = [(eoi, planned) for eoi, p in zip(eois, plan, strict=True) for planned in p.contributions]
        contributions = Contribution.objects.bulk_create(
            [
                Contribution(
                    eoi=eoi,
                    theme=planned.theme,
                    description=planned.description,
                    position=position,
                    status=planned.status,
                    status_changed_at=now if planned.path else None,
                )
                for eoi, p in zip(eois, plan, strict=True)
                for position, planned in enumerate(p.contributions, start=1)
            ],
            batch_size=BATCH,
        )
        invited = [
            (contribution, eoi, planned)
            for contribution, (eoi, planned) in zip(contributions, pairs, strict=True)
            if planned.status == C.INVITED
        ]
        taken_slugs = set(CaseStudy.objects.exclude(slug=None).values_list("slug", flat=True))
        case_studies = CaseStudy.objects.bulk_create(
            [
                _bulk_case_study(contribution, eoi, planned, call=call, now=now, taken_slugs=taken_slugs)
                for contribution, eoi, planned in invited
            ],
            batch_size=BATCH,
        )
        through = CaseStudy.principles.through
        through.objects.bulk_create(
            [
                through(casestudy_id=case_study.pk, principle_id=principle.pk)
                for case_study, (_, _, planned) in zip(case_studies, invited, strict=True)
                for principle in planned.principles
            ],
            batch_size=BATCH,
        )
        StatusChange.objects.bulk_create(
            _bulk_status_changes(contributions, pairs, case_studies, invited, by=by), batch_size=BATCH
        )


def _bulk_case_study(contribution, eoi, planned: PlannedContribution, *, call, now, taken_slugs: set) -> CaseStudy:
    path = planned.case_study_path
    text = planned.text if path else {}
    reached = set(path)
    slug = None
    if S.PUBLISHED in reached:
        base = slugify(f"{text['title']} {eoi.council_display}")[:120] or "case-study"
        slug, n = base, 2
        while slug in taken_slugs:
            slug, n = f"{base}-{n}", n + 1
        taken_slugs.add(slug)
    return CaseStudy(
        contribution=contribution,
        call=call,
        council=eoi.council,
        theme=planned.theme,
        status=planned.case_study_status,
        status_changed_at=now,
        invited_at=now,
        submitted_at=now if S.SUBMITTED in reached else None,
        approved_at=now if S.APPROVED in reached else None,
        published_at=now if S.PUBLISHED in reached else None,
        first_published_at=now if S.PUBLISHED in reached else None,
        slug=slug,
        version=1 + (S.DRAFT in reached) + path.count(S.CHANGES_REQUESTED),
        access_key=links.new_access_key(),
        **text,
    )


def _bulk_status_changes(contributions, pairs, case_studies, invited, *, by) -> list[StatusChange]:
    contribution_type = ContentType.objects.get_for_model(Contribution)
    case_study_type = ContentType.objects.get_for_model(CaseStudy)
    rows = []
    for contribution, (_, planned) in zip(contributions, pairs, strict=True):
        previous = C.SUBMITTED
        for step in planned.path:
            rows.append(
                StatusChange(
                    content_type=contribution_type,
                    object_id=contribution.pk,
                    from_status=previous,
                    to_status=step,
                    by=by,
                    note=WITHDRAWN_NOTE if step == C.WITHDRAWN else "",
                )
            )
            previous = step
    for case_study, (_, _, planned) in zip(case_studies, invited, strict=True):
        previous = ""
        for step in [S.INVITED, *planned.case_study_path]:
            council_did_it = step in _COUNCIL_MOVES
            rows.append(
                StatusChange(
                    content_type=case_study_type,
                    object_id=case_study.pk,
                    from_status=previous,
                    to_status=step,
                    by=None if council_did_it else by,
                    by_label=workflow.COUNCIL_BY_LINK if council_did_it else "",
                    note=CHANGE_NOTES[0] if step == S.CHANGES_REQUESTED else "",
                )
            )
            previous = step
    return rows


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
