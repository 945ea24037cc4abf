"""Contributions: the steering group's reviews and decisions (shortlist, invite, decline) and withdrawal.

``CONTRIBUTION_ACTIONS`` declares each decision once; the admin's buttons, bulk actions and
confirmation page are built from it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import emails, links
from ..languages import contact_language
from ..models import CaseStudy, Contribution, Review
from ..templatetags.ccin import moment
from .base import Action, check_allowed, move, record

C = Contribution.Status
REVIEW_SCORE_OUT_OF_RANGE = _("Give a score from 1 to 5.")
REVIEWS_CLOSED = _("Reviews of this call's contributions closed at %(when)s, so scores can no longer be changed.")


def _locked(contribution: Contribution) -> Contribution:
    # Lock the row itself only: PostgreSQL refuses FOR UPDATE on the nullable side of an outer
    # join (a council that was not listed).
    rows = Contribution.objects.select_for_update(of=("self",)).select_related("eoi__council", "eoi__call")
    return rows.get(pk=contribution.pk)


def contribution_shortlist(*, contribution: Contribution, by, note: str = "") -> Contribution:
    with transaction.atomic():
        check_allowed(CONTRIBUTION_ACTIONS["shortlist"], _locked(contribution), by)
        return move(Contribution, contribution.pk, C.SHORTLISTED, by=by, note=note)


def contribution_withdraw(*, contribution: Contribution, by=None, by_label: str = "", note: str = "") -> Contribution:
    """The council withdraws its contribution (recorded by staff at its request, or by the service)."""
    with transaction.atomic():
        check_allowed(CONTRIBUTION_ACTIONS["withdraw"], _locked(contribution), by)
        return move(Contribution, contribution.pk, C.WITHDRAWN, by=by, by_label=by_label, note=note)


def contribution_decline(*, contribution: Contribution, by, note: str = "", message: str = "") -> Contribution:
    """Decline the contribution and email the council; ``message`` is a personal line for the email."""
    with transaction.atomic():
        check_allowed(CONTRIBUTION_ACTIONS["decline"], _locked(contribution), by)
        moved = move(Contribution, contribution.pk, C.DECLINED, by=by, note=note)
        eoi = moved.eoi
        emails.email_queue(
            kind="contribution_declined",
            to=eoi.contact_email,
            about=moved,
            context={"contribution": moved, "eoi": eoi, "call": eoi.call, "message": message.strip()},
            language=contact_language(eoi=eoi),
        )
        return moved


def contribution_invite(*, contribution: Contribution, by, note: str = "", message: str = "") -> CaseStudy:
    """Invite the council to write a case study: the contribution moves to invited, and a
    case study is created in status invited with a private link that the email carries."""
    with transaction.atomic():
        check_allowed(CONTRIBUTION_ACTIONS["invite"], _locked(contribution), by)
        moved = move(Contribution, contribution.pk, C.INVITED, by=by, note=note)
        eoi = moved.eoi
        now = timezone.now()
        case_study = CaseStudy.objects.create(
            contribution=moved,
            call=eoi.call,
            council=eoi.council,
            theme=moved.theme,
            status=CaseStudy.Status.INVITED,
            status_changed_at=now,
            invited_at=now,
            access_key=links.new_access_key(),
        )
        record(case_study, previous="", by=by, note=note)
        emails.email_queue(
            kind="case_study_invitation",
            to=eoi.contact_email,
            about=case_study,
            context={
                "case_study": case_study,
                "contribution": moved,
                "eoi": eoi,
                "call": eoi.call,
                "token": links.case_study_link_token(case_study),
                "message": message.strip(),
            },
            # Sent before the officer has used the case study form: in the language of their EOI.
            language=contact_language(eoi=eoi, case_study=case_study),
        )
        return case_study


def review_save(*, contribution: Contribution, reviewer, score: int, comment: str = "") -> Review:
    """Record (or replace) this reviewer's own score and comment on a contribution.

    One review per reviewer per contribution: saving again changes it. A reviewer who
    works for the contribution's council is refused (``conflict_of_interest``), and so is
    any score once the call's reviews have closed (``reviews_closed``).
    """
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationError(REVIEW_SCORE_OUT_OF_RANGE, code="review_score")
    with transaction.atomic():
        locked = _locked(contribution)
        check_allowed(REVIEW, locked, reviewer)
        call = locked.eoi.call
        if not call.reviews_are_open():
            raise ValidationError(REVIEWS_CLOSED, code="reviews_closed", params={"when": moment(call.reviews_close_at)})
        review, _created = Review.objects.update_or_create(
            contribution=locked, reviewer=reviewer, defaults={"score": score, "comment": comment.strip()}
        )
        return review


REVIEW = Action(
    name="review",
    label=_("Score"),
    done=_("scored"),
    function=review_save,
    offered_from=frozenset(C.values),
)

CONTRIBUTION_ACTIONS: dict[str, Action] = {
    action.name: action
    for action in (
        Action(
            name="shortlist",
            label=_("Shortlist"),
            done=_("shortlisted"),
            function=contribution_shortlist,
            target=C.SHORTLISTED,
            bulk_label=_("Shortlist the selected contributions…"),
            explain=_("Each contribution is shortlisted. The council is not emailed."),
        ),
        Action(
            name="invite",
            label=_("Invite"),
            done=_("invited"),
            function=contribution_invite,
            target=C.INVITED,
            bulk_label=_("Invite the selected contributions to write case studies…"),
            explain=_(
                "Each council is invited to write a case study and emailed its private link, "
                "which works until the case study deadline."
            ),
            email_kind="case_study_invitation",
        ),
        Action(
            name="decline",
            label=_("Decline"),
            done=_("declined"),
            function=contribution_decline,
            target=C.DECLINED,
            bulk_label=_("Decline the selected contributions…"),
            explain=_("Each council is emailed that its contribution was not chosen this time."),
            email_kind="contribution_declined",
        ),
        Action(
            name="withdraw",
            label=_("Withdraw"),
            done=_("withdrawn"),
            function=contribution_withdraw,
            target=C.WITHDRAWN,
            bulk_label=_("Withdraw the selected contributions at the council’s request…"),
            explain=_("Each contribution is withdrawn, as its council asked. The council is not emailed."),
        ),
    )
}
