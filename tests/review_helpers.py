"""Given-steps shared by the review tests: a call with a known spread, and 500 rows made fast."""

import uuid
from dataclasses import dataclass

from django.utils import timezone

from casestudies import workflow
from casestudies.models import Call, Contribution, Council, ExpressionOfInterest, Review, Theme

from .case_study_helpers import write_and_submit
from .factories import (
    CallFactory,
    CallNationTargetFactory,
    CallThemeFactory,
    ContributionFactory,
    CouncilFactory,
    ExpressionOfInterestFactory,
    StaffUserFactory,
    ThemeFactory,
    words,
)

BODY_300 = " ".join(["word"] * 300)


def shortlist(contribution, by):
    return workflow.contribution_shortlist(contribution=contribution, by=by)


def invite(contribution, by):
    shortlist(contribution, by)
    return workflow.contribution_invite(contribution=contribution, by=by)


def case_study_to(case_study, stage: str, by):
    """Move an invited case study on to "submitted", "approved" or "published"."""
    write_and_submit(case_study, title="Hub", body=BODY_300)
    if stage in ("approved", "published"):
        workflow.case_study_approve(case_study=case_study, by=by)
    if stage == "published":
        workflow.case_study_publish(case_study=case_study, by=by)


@dataclass
class Scene:
    call: Call
    food: Theme
    hubs: Theme
    digital: Theme
    anytown: Council
    beeston: Council
    wyeside: Council
    rows: dict  # number (1-7) -> Contribution


def known_spread() -> Scene:
    """The fixture the board's numbers are checked against.

    Themes: Food (target 2), Hubs (target 1), Digital (no target). Minimums: Wales 1, Scotland 1.
      1 Anytown (England)  Food     invited, case study published
      2 Anytown (England)  Food     shortlisted
      3 Beeston (England)  Food     declined
      4 Wyeside (Wales)    Hubs     invited, case study submitted
      5 Beeston (England)  Hubs     submitted
      6 Northmoor (not listed) Digital withdrawn
      7 Wyeside (Wales)    Digital  submitted
    """
    by = StaffUserFactory()
    call = CallFactory(title="Co-operation through Covid-19")
    food, hubs, digital = (ThemeFactory(name=n) for n in ("Food", "Hubs", "Digital"))
    CallThemeFactory(call=call, theme=food, target_case_studies=2)
    CallThemeFactory(call=call, theme=hubs, target_case_studies=1)
    CallThemeFactory(call=call, theme=digital, target_case_studies=0)
    CallNationTargetFactory(call=call, nation=Council.Nation.WALES, minimum_case_studies=1)
    CallNationTargetFactory(call=call, nation=Council.Nation.SCOTLAND, minimum_case_studies=1)
    anytown = CouncilFactory(name="Anytown Council")
    beeston = CouncilFactory(name="Beeston Council", region=Council.Region.LONDON)
    wyeside = CouncilFactory(name="Wyeside Council", nation=Council.Nation.WALES, region="", gss_code="W99000001")

    def offer(council, theme, name=""):
        eoi = ExpressionOfInterestFactory(call=call, council=council, council_name=name, contact_phone="01632 960001")
        return ContributionFactory(eoi=eoi, theme=theme)

    rows = {
        1: offer(anytown, food),
        2: offer(anytown, food),
        3: offer(beeston, food),
        4: offer(wyeside, hubs),
        5: offer(beeston, hubs),
        6: offer(None, digital, name="Northmoor Town Council"),
        7: offer(wyeside, digital),
    }
    case_study_to(invite(rows[1], by), "published", by)
    shortlist(rows[2], by)
    workflow.contribution_decline(contribution=rows[3], by=by)
    case_study_to(invite(rows[4], by), "submitted", by)
    workflow.contribution_withdraw(contribution=rows[6], by_label="council")
    for row in rows.values():
        row.refresh_from_db()
    return Scene(call, food, hubs, digital, anytown, beeston, wyeside, rows)


def bulk_contributions(call: Call, count: int, *, reviewer=None, start: int = 0) -> list[Contribution]:
    """``count`` submitted contributions on the call's themes from 20 councils, made in a few
    queries; each gets a review from ``reviewer`` if given."""
    themes = list(call.themes.all()) or [CallThemeFactory(call=call).theme]
    councils = Council.objects.bulk_create(
        Council(
            name=f"Bulk {start}-{i} Council",
            slug=f"bulk-{start}-{i}",
            nation=Council.Nation.ENGLAND,
            region=Council.Region.NORTH_WEST,
            council_type=Council.Type.UNITARY,
            membership=Council.Membership.FULL,
        )
        for i in range(20)
    )
    now = timezone.now()
    eois = ExpressionOfInterest.objects.bulk_create(
        ExpressionOfInterest(
            call=call,
            council=councils[i % 20],
            contact_name="Alex Officer",
            contact_role="Policy officer",
            contact_email=f"bulk{start + i}@example.org",
            number=10_000 + start + i,
            reference=f"{call.reference_prefix}-B{start + i:05d}",
            submission_token=uuid.uuid4(),
            submitted_at=now,
        )
        for i in range(count)
    )
    contributions = Contribution.objects.bulk_create(
        Contribution(eoi=eoi, theme=themes[i % len(themes)], description=words(60, offset=i))
        for i, eoi in enumerate(eois)
    )
    if reviewer is not None:
        Review.objects.bulk_create(
            Review(contribution=c, reviewer=reviewer, score=1 + i % 5) for i, c in enumerate(contributions)
        )
    return contributions
