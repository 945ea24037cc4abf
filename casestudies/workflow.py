"""Every write that moves a contribution or a case study along its status line.

Each action is one function ``<entity>_<verb>(*, <entity>, by, ...)``. It runs in one
transaction, locks the row, refuses an illegal move (``IllegalTransition``, from the
model's ``TRANSITIONS``), writes a ``StatusChange`` and queues its email to be sent
after commit. Admin actions, views and commands call these; nothing else sets ``status``.
"""

import uuid
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from . import emails, links, public_cache
from .models import (
    Call,
    CaseStudy,
    Contribution,
    Council,
    EmailLog,
    ExpressionOfInterest,
    Review,
    SavedEoi,
    StaffProfile,
    StatusChange,
    Theme,
)
from .selectors import eoi_form_choices
from .words import count_words

EOI_CLOSED = _("The deadline for expressions of interest has passed.")
EOI_NOT_YET_OPEN = _("Expressions of interest are not open yet.")
EOI_NO_CONTRIBUTIONS = _("Add at least one contribution.")
EOI_TOO_MANY_CONTRIBUTIONS = _("You can offer up to %(max)s contributions in one expression of interest.")
EOI_THEME_NOT_IN_CALL = _("Choose one of this call's themes.")
EOI_WORDS_OUT_OF_RANGE = _("Describe the contribution in %(min)s to %(max)s words; it has %(count)s.")
EOI_NEEDS_COUNCIL = _("Enter the name of your council")
CASE_STUDY_CLOSED = _("The deadline for this case study has passed, so it can no longer be changed here.")
CASE_STUDY_STALE = _("This case study was changed somewhere else (perhaps in another tab) after you opened it.")
CASE_STUDY_NOT_EDITABLE = _("This case study is with the editors and cannot be changed now.")
CASE_STUDY_WORDS_OUT_OF_RANGE = _("The case study must be %(min)s to %(max)s words; it has %(count)s.")
COUNCIL_BY_LINK = "council, by private link"


# --- shared mechanics ---------------------------------------------------------------------


def _record(obj, *, previous: str, by=None, by_label: str = "", note: str = "") -> StatusChange:
    return StatusChange.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        from_status=previous,
        to_status=obj.status,
        by=by if getattr(by, "pk", None) else None,
        by_label=by_label,
        note=note,
    )


def _move(model, pk, target: str, *, by=None, by_label: str = "", note: str = "", stamp: str | None = None):
    """Lock the row, check and make the move, stamp the time, record it. Call inside atomic()."""
    obj = model.objects.select_for_update().get(pk=pk)
    obj.check_transition(target)
    previous, obj.status = obj.status, target
    now = timezone.now()
    obj.status_changed_at = now
    fields = ["status", "status_changed_at"]
    if stamp:
        setattr(obj, stamp, now)
        fields.append(stamp)
    obj.save(update_fields=fields)
    _record(obj, previous=previous, by=by, by_label=by_label, note=note)
    return obj


# --- expressions of interest -----------------------------------------------------------------


@dataclass(frozen=True)
class ContributionInput:
    theme: Theme
    description: str


def eoi_check(
    *, call: Call, council: Council | None, council_name: str, contributions: list[ContributionInput], at=None
) -> None:
    """Every rule of an EOI that does not depend on a single form field. Raises ValidationError."""
    state = call.eoi_state(at)
    if state == "not_yet_open":
        raise ValidationError(EOI_NOT_YET_OPEN, code="eoi_not_yet_open")
    if state == "closed":
        raise ValidationError(EOI_CLOSED, code="eoi_closed")
    eoi_check_council(council=council, council_name=council_name)
    if not contributions:
        raise ValidationError(EOI_NO_CONTRIBUTIONS, code="eoi_no_contributions")
    if len(contributions) > call.max_contributions_per_eoi:
        raise ValidationError(
            EOI_TOO_MANY_CONTRIBUTIONS, code="eoi_too_many", params={"max": call.max_contributions_per_eoi}
        )
    theme_ids = eoi_form_choices(call=call)["themes"].keys()
    for item in contributions:
        if item.theme.pk not in theme_ids:
            raise ValidationError(EOI_THEME_NOT_IN_CALL, code="eoi_theme_not_in_call")
        count = count_words(item.description)
        if not call.eoi_word_range_ok(count):
            raise ValidationError(
                EOI_WORDS_OUT_OF_RANGE,
                code="eoi_words",
                params={"min": call.eoi_words_min, "max": call.eoi_words_max, "count": count},
            )


def eoi_submit(
    *,
    call: Call,
    council: Council | None,
    council_name: str = "",
    contact_name: str,
    contact_role: str,
    contact_email: str,
    contact_phone: str = "",
    contributions: list[ContributionInput],
    submission_token: uuid.UUID,
    at=None,
    saved_eoi_id: int | None = None,
) -> tuple[ExpressionOfInterest, bool]:
    """Save an EOI and its contributions as one record, once. Returns (eoi, created).

    The same ``submission_token`` sent twice (a double click, a resend) returns the first EOI:
    the token is unique, so the second INSERT fails (waiting first, if the two run in parallel,
    for the first to commit) and the first EOI is returned. No query is spent looking for it
    beforehand: a repeat is rare, a submission is not.

    The reference number is the call's next one, taken by an UPDATE that holds the call's row
    lock until commit, so parallel submissions get distinct, gap-free numbers. The
    acknowledgement is logged in the same transaction and sent after commit (or by the sender
    process, with ``EMAIL_SENDING=queue``). A saved, unfinished copy of this EOI
    (``saved_eoi_id``) is deleted in the same transaction: it becomes the EOI.
    """
    at = at or timezone.now()
    try:
        eoi_check(call=call, council=council, council_name=council_name, contributions=contributions, at=at)
    except ValidationError:
        # A resend, after the deadline, of an EOI sent before it: the first submission stands.
        existing = ExpressionOfInterest.objects.filter(submission_token=submission_token).first()
        if existing:
            return existing, False
        raise
    try:
        with transaction.atomic():
            number = Call.objects.take_reference_number(call.pk)
            eoi = ExpressionOfInterest.objects.create(
                call=call,
                council=council,
                council_name="" if council else council_name.strip(),
                contact_name=contact_name,
                contact_role=contact_role,
                contact_email=contact_email,
                contact_phone=contact_phone,
                number=number,
                reference=call.reference_for(number),
                submission_token=submission_token,
                submitted_at=at,
            )
            if saved_eoi_id:
                SavedEoi.objects.filter(pk=saved_eoi_id, call=call).delete()
            created = Contribution.objects.bulk_create(
                Contribution(eoi=eoi, theme=item.theme, description=item.description, position=index)
                for index, item in enumerate(contributions, start=1)
            )
            emails.email_queue(
                kind="eoi_acknowledgement",
                to=contact_email,
                about=eoi,
                context={"eoi": eoi, "call": call, "contributions": created},
            )
    except IntegrityError:
        existing = ExpressionOfInterest.objects.filter(submission_token=submission_token).first()
        if existing:
            return existing, False
        raise
    return eoi, True


# --- contributions ---------------------------------------------------------------------------


def contribution_shortlist(*, contribution: Contribution, by, note: str = "") -> Contribution:
    with transaction.atomic():
        _refuse_conflict(contribution, by)
        return _move(Contribution, contribution.pk, Contribution.Status.SHORTLISTED, by=by, note=note)


def contribution_withdraw(*, contribution: Contribution, by=None, by_label: str = "", note: str = "") -> Contribution:
    with transaction.atomic():
        return _move(Contribution, contribution.pk, Contribution.Status.WITHDRAWN, by=by, by_label=by_label, note=note)


def contribution_decline(*, contribution: Contribution, by, note: str = "") -> Contribution:
    with transaction.atomic():
        _refuse_conflict(contribution, by)
        moved = _move(Contribution, contribution.pk, Contribution.Status.DECLINED, by=by, note=note)
        eoi = moved.eoi
        emails.email_queue(
            kind="contribution_declined",
            to=eoi.contact_email,
            about=moved,
            context={"contribution": moved, "eoi": eoi, "call": eoi.call},
        )
        return moved


def contribution_invite(*, contribution: Contribution, by, note: str = "") -> CaseStudy:
    """Invite the council to write a case study: the contribution moves to invited, and a
    case study is created in status invited with a private link that the email carries."""
    with transaction.atomic():
        _refuse_conflict(contribution, by)
        moved = _move(Contribution, contribution.pk, Contribution.Status.INVITED, by=by, note=note)
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
        _record(case_study, previous="", by=by, note=note)
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
            },
        )
        return case_study


# --- case studies ----------------------------------------------------------------------------


def _unique_slug(case_study: CaseStudy) -> str:
    base = slugify(f"{case_study.title} {case_study.council_name}")[:120] or f"case-study-{case_study.pk}"
    slug, n = base, 2
    while CaseStudy.objects.filter(slug=slug).exclude(pk=case_study.pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def case_study_submit(*, case_study: CaseStudy, by=None, by_label: str = COUNCIL_BY_LINK, at=None) -> CaseStudy:
    """Send the case study to the editors. Only within the word range and before the deadline."""
    with transaction.atomic():
        locked = CaseStudy.objects.select_for_update().select_related("call").get(pk=case_study.pk)
        if not locked.call.case_study_is_open(at, locked.deadline_extended_to):
            raise ValidationError(CASE_STUDY_CLOSED, code="case_study_closed")
        count = count_words(locked.body)
        if not locked.call.case_study_word_range_ok(count):
            raise ValidationError(
                CASE_STUDY_WORDS_OUT_OF_RANGE,
                code="case_study_words",
                params={
                    "min": locked.call.case_study_words_min,
                    "max": locked.call.case_study_words_max,
                    "count": count,
                },
            )
        if locked.status == CaseStudy.Status.INVITED:
            _move(CaseStudy, locked.pk, CaseStudy.Status.DRAFT, by=by, by_label=by_label)
        return _move(CaseStudy, locked.pk, CaseStudy.Status.SUBMITTED, by=by, by_label=by_label, stamp="submitted_at")


def case_study_request_changes(*, case_study: CaseStudy, by, note: str) -> CaseStudy:
    if not note.strip():
        raise ValidationError(_("Say what needs to change."), code="note_required")
    with transaction.atomic():
        return _move(CaseStudy, case_study.pk, CaseStudy.Status.CHANGES_REQUESTED, by=by, note=note)


def case_study_approve(*, case_study: CaseStudy, by, note: str = "") -> CaseStudy:
    with transaction.atomic():
        return _move(CaseStudy, case_study.pk, CaseStudy.Status.APPROVED, by=by, note=note, stamp="approved_at")


def case_study_publish(*, case_study: CaseStudy, by, note: str = "") -> CaseStudy:
    with transaction.atomic():
        locked = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
        locked.check_transition(CaseStudy.Status.PUBLISHED)
        fields = []
        if not locked.slug:
            locked.slug = _unique_slug(locked)
            fields.append("slug")
        if not locked.first_published_at:
            locked.first_published_at = timezone.now()
            fields.append("first_published_at")
        if fields:
            locked.save(update_fields=fields)
        public_cache.public_pages_changed()
        return _move(CaseStudy, locked.pk, CaseStudy.Status.PUBLISHED, by=by, note=note, stamp="published_at")


def case_study_unpublish(*, case_study: CaseStudy, by, note: str = "") -> CaseStudy:
    with transaction.atomic():
        public_cache.public_pages_changed()
        return _move(CaseStudy, case_study.pk, CaseStudy.Status.UNPUBLISHED, by=by, note=note)


CASE_STUDY_TEXT_FIELDS = (
    "title",
    "standfirst",
    "body",
    "partners",
    "outcomes",
    "enquiry_name",
    "enquiry_role",
    "enquiry_email",
    "enquiry_consent",
    "image_alt",
    "image_credit",
    "licence",
)


def case_study_save_draft(
    *,
    case_study: CaseStudy,
    changes: dict,
    expected_version: int,
    theme: Theme | None = None,
    principles=None,
    by=None,
    by_label: str = COUNCIL_BY_LINK,
) -> CaseStudy:
    """Save the council's text, any length. The first save moves invited → draft.

    ``expected_version`` is the version the form was opened at: if the case study has been
    saved since (another tab), the save is refused with CASE_STUDY_STALE and nothing changes.
    """
    unknown = set(changes) - set(CASE_STUDY_TEXT_FIELDS)
    if unknown:
        raise ValueError(f"Not case study text fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
        if not locked.is_editable_by_council:
            raise ValidationError(CASE_STUDY_NOT_EDITABLE, code="case_study_not_editable")
        if locked.version != expected_version:
            raise ValidationError(CASE_STUDY_STALE, code="case_study_stale")
        for field, value in changes.items():
            setattr(locked, field, value)
        if theme is not None:
            locked.theme = theme
        locked.version += 1
        locked.save()
        if principles is not None:
            locked.principles.set(principles)
        if locked.status == CaseStudy.Status.INVITED:
            locked = _move(CaseStudy, locked.pk, CaseStudy.Status.DRAFT, by=by, by_label=by_label)
        return locked


# --- reviewing, conflicts of interest and reminders ------------------------------------------

CONFLICT_OF_INTEREST = _("You work for %(council)s, so you cannot score or decide its contributions.")
REVIEW_SCORE_OUT_OF_RANGE = _("Give a score from 1 to 5.")
REMINDER_NOT_NEEDED = _("The case study is %(status)s, so it needs no reminder.")
REMINDER_LINK_REVOKED = _("The case study's private link has been revoked; issue a new link before sending a reminder.")
REMINDER_TOO_LATE = _("The deadline for this case study has passed; extend it before sending a reminder.")


def _refuse_conflict(contribution: Contribution, by) -> None:
    """Refuse a reviewer who works for the council that made the contribution.

    Every function that records a score or a decision calls this, so the rule holds
    whatever the caller (admin action, change page, command) shows or hides.
    """
    if by is None or not getattr(by, "pk", None):
        return
    council_id = StaffProfile.objects.filter(user_id=by.pk).values_list("council_id", flat=True).first()
    if council_id is None:
        return
    contribution_council_id, council_name = (
        Contribution.objects.filter(pk=contribution.pk).values_list("eoi__council_id", "eoi__council__name").get()
    )
    if contribution_council_id == council_id:
        raise ValidationError(CONFLICT_OF_INTEREST, code="conflict_of_interest", params={"council": council_name})


def review_save(*, contribution: Contribution, reviewer, score: int, comment: str = "") -> Review:
    """Record (or replace) this reviewer's own score and comment on a contribution.

    One review per reviewer per contribution: saving again changes it. A reviewer who
    works for the contribution's council is refused (``conflict_of_interest``).
    """
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationError(REVIEW_SCORE_OUT_OF_RANGE, code="review_score")
    with transaction.atomic():
        locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
        _refuse_conflict(locked, reviewer)
        review, _created = Review.objects.update_or_create(
            contribution=locked, reviewer=reviewer, defaults={"score": score, "comment": comment.strip()}
        )
        return review


def case_study_send_reminder(*, case_study: CaseStudy, by) -> EmailLog:
    """Email the invited council its current private link and deadline, once more.

    Only while the council can still write (invited, draft, changes requested), before its
    deadline and while its link works. The email is logged (and resendable) like any other.
    """
    with transaction.atomic():
        locked = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
        if not locked.is_editable_by_council:
            raise ValidationError(
                REMINDER_NOT_NEEDED,
                code="reminder_not_needed",
                params={"status": str(locked.get_status_display()).lower()},
            )
        if locked.access_revoked_at or not locked.access_key:
            raise ValidationError(REMINDER_LINK_REVOKED, code="reminder_link_revoked")
        call = Call.objects.get(pk=locked.call_id)
        if not call.case_study_is_open(extended_to=locked.deadline_extended_to):
            raise ValidationError(REMINDER_TOO_LATE, code="reminder_too_late")
        contribution = Contribution.objects.select_related("eoi", "theme").get(pk=locked.contribution_id)
        eoi = contribution.eoi
        return emails.email_queue(
            kind="case_study_reminder",
            to=eoi.contact_email,
            about=locked,
            context={
                "case_study": locked,
                "contribution": contribution,
                "eoi": eoi,
                "call": call,
                "link": links.case_study_link_url(locked),
                "sent_by": by,
            },
        )


# --- unfinished expressions of interest ---------------------------------------------------------


def eoi_save_for_later(*, call: Call, answers: dict, contact_email: str, saved_id: int | None = None):
    """Keep an unfinished EOI (any length) and email its private link. Returns the SavedEoi.

    Saving again from the same session updates the same record; the link stays the same.
    """

    if not call.eoi_is_open():
        raise ValidationError(EOI_CLOSED, code="eoi_closed")
    with transaction.atomic():
        saved = SavedEoi.objects.select_for_update().filter(pk=saved_id, call=call).first() if saved_id else None
        if saved is None:
            saved = SavedEoi(call=call, access_key=links.new_access_key())
        saved.answers = answers
        saved.contact_email = contact_email
        saved.save()
        emails.email_queue(
            kind="eoi_saved",
            to=contact_email,
            about=saved,
            context={"call": call, "link": links.saved_eoi_link_url(saved)},
        )
    return saved


# The council's saves and submission through its private link, the editors' request for changes
# (with its email), and reissuing or revoking the link are in workflow_case_studies.py.


# --- the council of an EOI: from the list, or not listed (made a record: workflow_councils.py) ---

EOI_COUNCIL_AND_NAME = _(
    "You chose %(council)s from the list and also typed a council name. "
    "Clear the name, or choose “My council is not listed”."
)


def eoi_check_council(*, council: Council | None, council_name: str) -> None:
    """An EOI names its council once: one from the list, or (not listed) a name; never both.
    The EOI form calls this too, so both refuse the same with the same words."""
    if council is None and not council_name.strip():
        raise ValidationError(EOI_NEEDS_COUNCIL, code="eoi_needs_council")
    if council is not None and council_name.strip():
        raise ValidationError(EOI_COUNCIL_AND_NAME, code="eoi_council_and_name", params={"council": council.name})
