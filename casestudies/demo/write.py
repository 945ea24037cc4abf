"""Writing a demo plan (``content.demo_plan``), in one of two ways:

- ``demo_write_with_workflow`` makes every EOI with ``workflow.eoi_submit`` and every status
  move with the workflow functions, exactly as the service does. The default.
- ``demo_bulk_write_bypassing_workflow`` is for tens of thousands of rows, where one
  transaction per move would take far too long. It is the ONE place outside the workflow
  that writes statuses: it creates rows with their final status passed to the
  constructor, and bulk-creates the ``StatusChange`` rows the workflow would have written
  for the same path. It sends and logs no emails. Use it for sample data only.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.text import slugify

from .. import links, workflow
from ..models import Call, CaseStudy, Contribution, ExpressionOfInterest, StatusChange
from .content import BATCH, C, PlannedContribution, PlannedEoi, S
from .text import CHANGE_NOTES, WITHDRAWN_NOTE

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
            case_study = workflow.case_study_save(
                case_study=case_study,
                changes=planned.text,
                expected_version=case_study.version,
                principles=planned.principles,
            )
        elif step == S.SUBMITTED:
            if previous == S.CHANGES_REQUESTED:
                revised = {**planned.text, "standfirst": planned.text["standfirst"] + " Revised after comments."}
                case_study = workflow.case_study_save(
                    case_study=case_study, changes=revised, expected_version=case_study.version
                )
            case_study, _submitted = workflow.case_study_submit(case_study=case_study)
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
    """SAMPLE DATA ONLY. Write the plan with bulk inserts, statuses and all, bypassing workflow/.

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
