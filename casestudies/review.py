"""The steering group's decisions over many contributions at once, and the reviewers' CSV.

``decision_plan`` says, before anything is done, which rows a decision would move and why
any would be refused; ``decision_apply`` makes the decision row by row through the workflow
functions, each in its own transaction, so one refused row never stops the others.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import workflow
from .models import CaseStudy, Contribution, EmailLog, IllegalTransition

C = Contribution.Status


@dataclass(frozen=True)
class Decision:
    name: str
    target: str
    verb: str  # "Shortlist", for buttons
    done: str  # "shortlisted", for messages
    email_kind: str = ""


DECISIONS = {
    "shortlist": Decision("shortlist", C.SHORTLISTED, gettext_lazy("Shortlist"), gettext_lazy("shortlisted")),
    "invite": Decision("invite", C.INVITED, gettext_lazy("Invite"), gettext_lazy("invited"), "case_study_invitation"),
    "decline": Decision(
        "decline", C.DECLINED, gettext_lazy("Decline"), gettext_lazy("declined"), "contribution_declined"
    ),
}
FUNCTIONS = {
    "shortlist": workflow.contribution_shortlist,
    "invite": workflow.contribution_invite,
    "decline": workflow.contribution_decline,
}


def row_label(contribution: Contribution) -> str:
    """How a message names one contribution: its reference and its council."""
    return _("%(reference)s (%(council)s)") % {
        "reference": str(contribution),
        "council": contribution.eoi.council_display,
    }


def _reason(error: ValidationError) -> str:
    return " ".join(error.messages)


@dataclass
class PlannedRow:
    contribution: Contribution
    allowed: bool
    reason: str = ""


def decision_plan(*, contributions: Iterable[Contribution], decision: Decision, user_council_id) -> list[PlannedRow]:
    """What the decision would do to each row, without doing it (no queries of its own)."""
    plan = []
    for contribution in contributions:
        if user_council_id and contribution.eoi.council_id == user_council_id:
            reason = workflow.CONFLICT_OF_INTEREST % {"council": contribution.eoi.council_display}
            plan.append(PlannedRow(contribution, False, str(reason)))
            continue
        try:
            contribution.check_transition(decision.target)
        except IllegalTransition as error:
            plan.append(PlannedRow(contribution, False, _reason(error)))
            continue
        plan.append(PlannedRow(contribution, True))
    return plan


@dataclass
class DecisionResult:
    decision: Decision
    done: list[Contribution] = field(default_factory=list)
    refused: list[tuple[Contribution, str]] = field(default_factory=list)
    emails: dict[str, int] = field(default_factory=dict)  # EmailLog status -> count


def decision_apply(*, contributions: Iterable[Contribution], decision: Decision, by, note: str = "") -> DecisionResult:
    """Make the decision on each row through its workflow function; refuse rows one by one."""
    result = DecisionResult(decision)
    started = timezone.now()
    action = FUNCTIONS[decision.name]
    subjects = []
    for contribution in contributions:
        try:
            moved = action(contribution=contribution, by=by, note=note)
        except ValidationError as error:  # IllegalTransition, or a conflict of interest
            result.refused.append((contribution, _reason(error)))
            continue
        result.done.append(contribution)
        subjects.append(moved)
    if decision.email_kind and subjects:
        model = CaseStudy if decision.name == "invite" else Contribution
        logs = EmailLog.objects.filter(
            kind=decision.email_kind,
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[subject.pk for subject in subjects],
            created_at__gte=started,
        )
        result.emails = dict(logs.values_list("status").annotate(n=Count("pk")).order_by())
    return result


# --- the CSV of a list of contributions ------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> object:
    """A cell that a spreadsheet will show as text, never run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def with_scores(queryset):
    return queryset.annotate(avg_score=Avg("reviews__score"), review_count=Count("reviews", distinct=True))


def contributions_csv(queryset, *, with_phone: bool) -> str:
    """The CSV of these contributions, in their order. Phone numbers only if ``with_phone``."""
    header = [
        _("Reference"),
        _("Council"),
        _("Region or nation"),
        _("Theme"),
        _("Description"),
        _("Word count"),
        _("Status"),
        _("Average score"),
        _("Number of reviews"),
        _("Received at"),
        _("Contact name"),
        _("Contact email"),
    ]
    if with_phone:
        header.append(_("Contact phone"))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for contribution in queryset.select_related("eoi__council", "theme"):
        eoi = contribution.eoi
        avg = getattr(contribution, "avg_score", None)
        row = [
            str(contribution),
            eoi.council_display,
            eoi.council.place if eoi.council_id else "",
            contribution.theme.name,
            contribution.description,
            contribution.word_count,
            contribution.get_status_display(),
            f"{avg:.1f}" if avg is not None else "",
            getattr(contribution, "review_count", ""),
            timezone.localtime(eoi.submitted_at).strftime("%Y-%m-%d %H:%M"),
            eoi.contact_name,
            eoi.contact_email,
        ]
        if with_phone:
            row.append(eoi.contact_phone)
        writer.writerow([csv_safe(cell) for cell in row])
    return out.getvalue()
