"""The case study's own actions: the council's saves and submission through its private link,
the editors' request for changes, and the link's reissue and revocation.

They live beside ``workflow.py`` (kept under 500 lines) and follow its rules: keyword-only
arguments, one transaction, the row locked, ``ValidationError`` with a message constant and a
code, emails queued to send after commit. Every status move goes through a function of
``workflow.py``; nothing here assigns ``status``.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import emails, images, links
from .models import CaseStudy, Contribution
from .words import count_words
from .workflow import (
    CASE_STUDY_CLOSED,
    CASE_STUDY_NOT_EDITABLE,
    CASE_STUDY_WORDS_OUT_OF_RANGE,
    COUNCIL_BY_LINK,
    case_study_request_changes,
    case_study_save_draft,
    case_study_submit,
)

CASE_STUDY_NEEDS = {
    "title": _("Enter a title"),
    "standfirst": _("Enter a standfirst: one or two sentences that sum up the case study"),
    "outcomes": _("Enter the outcomes and what you learned"),
    "enquiry_name": _("Enter the name of a contact for enquiries"),
    "enquiry_role": _("Enter the role of the contact for enquiries"),
    "enquiry_email": _("Enter the email address of the contact for enquiries"),
}
CASE_STUDY_NEEDS_PRINCIPLE = _("Choose at least one co-operative principle that the case study shows")
CASE_STUDY_IMAGE_NEEDS_ALT = _("Describe the image for people who cannot see it (alt text)")
CASE_STUDY_IMAGE_NEEDS_CREDIT = _("Enter a credit for the image, such as the photographer or the council")
CASE_STUDY_CHANGED_SINCE_CHECK = _(
    "The case study was changed after you checked it (perhaps in another tab). Check it again before you submit."
)
CASE_STUDY_REPLY_BY_PAST = _("The new deadline must be in the future.")

# The order in which problems are listed: the order of the form.
FIELD_ORDER = (
    "title",
    "standfirst",
    "body",
    "principles",
    "outcomes",
    "enquiry_name",
    "enquiry_role",
    "enquiry_email",
    "image_alt",
    "image_credit",
)


def _eoi_contact(case_study: CaseStudy):
    contribution = Contribution.objects.select_related("eoi", "theme").get(pk=case_study.contribution_id)
    return contribution, contribution.eoi


def case_study_problems(*, case_study: CaseStudy) -> dict[str, list]:
    """What must be put right before the case study can be submitted, by form field. Empty when ready."""
    problems: dict[str, list] = {}
    for field, message in CASE_STUDY_NEEDS.items():
        if not str(getattr(case_study, field) or "").strip():
            problems.setdefault(field, []).append(message)
    call = case_study.call
    count = count_words(case_study.body)
    if not call.case_study_word_range_ok(count):
        problems.setdefault("body", []).append(
            CASE_STUDY_WORDS_OUT_OF_RANGE
            % {"min": call.case_study_words_min, "max": call.case_study_words_max, "count": count}
        )
    if not case_study.principles.exists():
        problems.setdefault("principles", []).append(CASE_STUDY_NEEDS_PRINCIPLE)
    if case_study.image:
        if not case_study.image_alt.strip():
            problems.setdefault("image_alt", []).append(CASE_STUDY_IMAGE_NEEDS_ALT)
        if not case_study.image_credit.strip():
            problems.setdefault("image_credit", []).append(CASE_STUDY_IMAGE_NEEDS_CREDIT)
    return {field: problems[field] for field in FIELD_ORDER if field in problems}


def case_study_save(
    *,
    case_study: CaseStudy,
    changes: dict,
    expected_version: int,
    theme=None,
    principles=None,
    image: images.ProcessedImage | None = None,
    remove_image: bool = False,
    at: datetime.datetime | None = None,
) -> CaseStudy:
    """The council saves its draft (any length) through its link, with any new image.

    Refused after the deadline (``case_study_closed``), once the case study is with the
    editors (``case_study_not_editable``), when another tab saved first
    (``case_study_stale``) or when the image cannot be stored, e.g. on a full disk
    (``image_not_stored``, from ``images.image_store``, which leaves no file behind); refused
    means nothing at all is written. Text and image are
    saved in one transaction; replaced image files are deleted only after it commits.
    """
    with transaction.atomic():
        locked = CaseStudy.objects.select_for_update().select_related("call").get(pk=case_study.pk)
        if locked.is_editable_by_council and not locked.call.case_study_is_open(at, locked.deadline_extended_to):
            raise ValidationError(CASE_STUDY_CLOSED, code="case_study_closed")
        saved = case_study_save_draft(
            case_study=locked,
            changes=changes,
            expected_version=expected_version,
            theme=theme,
            principles=principles,
            by_label=COUNCIL_BY_LINK,
        )
        if image is None and not remove_image:
            return saved
        old = (saved.image.name, saved.image_thumbnail.name)
        new = images.image_store(case_study_id=saved.pk, image=image) if image is not None else ("", "")
        try:
            saved.image.name, saved.image_thumbnail.name = new
            saved.save(update_fields=["image", "image_thumbnail"])
        except Exception:
            images.image_delete(*new)
            raise
        transaction.on_commit(lambda: images.image_delete(*old))
        return saved


def case_study_submit_by_link(
    *, case_study: CaseStudy, expected_version: int | None = None, at: datetime.datetime | None = None
) -> tuple[CaseStudy, bool]:
    """The council submits its case study: one transaction, and only once. Returns (case_study, submitted).

    A second submit of a case study that is already submitted (a double click, a resend)
    changes nothing and returns ``submitted=False``. Otherwise the case study must be
    complete (``case_study_problems``), within the word range and before its deadline; if
    ``expected_version`` is given it must be the version the council checked. After
    commit, the council's contact and CCIN comms are emailed.
    """
    with transaction.atomic():
        locked = CaseStudy.objects.select_for_update().select_related("call").get(pk=case_study.pk)
        if locked.status == CaseStudy.Status.SUBMITTED:
            return locked, False
        if not locked.is_editable_by_council:
            raise ValidationError(CASE_STUDY_NOT_EDITABLE, code="case_study_not_editable")
        if not locked.call.case_study_is_open(at, locked.deadline_extended_to):
            raise ValidationError(CASE_STUDY_CLOSED, code="case_study_closed")
        if expected_version is not None and locked.version != expected_version:
            raise ValidationError(CASE_STUDY_CHANGED_SINCE_CHECK, code="case_study_stale")
        problems = case_study_problems(case_study=locked)
        if problems:
            raise ValidationError(problems)
        submitted = case_study_submit(case_study=locked, by_label=COUNCIL_BY_LINK, at=at)
        contribution, eoi = _eoi_contact(submitted)
        call = locked.call
        context = {
            "case_study": submitted,
            "contribution": contribution,
            "eoi": eoi,
            "call": call,
            "link": links.case_study_link_url(submitted),
            "word_count": count_words(submitted.body),
        }
        emails.email_queue(kind="case_study_submitted", to=eoi.contact_email, about=submitted, context=context)
        emails.email_queue(kind="case_study_submitted_editors", to=call.contact_email, about=submitted, context=context)
        return submitted, True


def case_study_request_changes_and_notify(
    *, case_study: CaseStudy, by, note: str, reply_by: datetime.datetime | None = None
) -> CaseStudy:
    """The editors send the case study back with comments, and email them and the link to the council.

    ``reply_by`` gives the council a new deadline when it is later than the current one
    (the call's deadline has usually passed by the time editors read a case study).
    """
    with transaction.atomic():
        locked = CaseStudy.objects.select_for_update().select_related("call").get(pk=case_study.pk)
        if reply_by is not None:
            if reply_by <= timezone.now():
                raise ValidationError(CASE_STUDY_REPLY_BY_PAST, code="reply_by_past")
            if reply_by > locked.deadline:
                locked.deadline_extended_to = reply_by
                locked.save(update_fields=["deadline_extended_to"])
        moved = case_study_request_changes(case_study=locked, by=by, note=note)
        contribution, eoi = _eoi_contact(moved)
        call = locked.call
        emails.email_queue(
            kind="case_study_changes_requested",
            to=eoi.contact_email,
            about=moved,
            context={
                "case_study": moved,
                "contribution": contribution,
                "eoi": eoi,
                "call": call,
                "note": note.strip(),
                "deadline": call.case_study_deadline_for(moved.deadline_extended_to),
                "link": links.case_study_link_url(moved),
            },
        )
        return moved


def case_study_reissue_link(*, case_study: CaseStudy, by) -> CaseStudy:
    """Give the case study a new private link: every earlier link stops working at once.

    Clears any revocation, and emails the council's contact the new link (the draft is kept).
    """
    with transaction.atomic():
        locked = CaseStudy.objects.select_for_update().select_related("call").get(pk=case_study.pk)
        locked.access_key = links.new_access_key()
        locked.access_revoked_at = None
        locked.save(update_fields=["access_key", "access_revoked_at"])
        contribution, eoi = _eoi_contact(locked)
        emails.email_queue(
            kind="case_study_link_reissued",
            to=eoi.contact_email,
            about=locked,
            context={
                "case_study": locked,
                "contribution": contribution,
                "eoi": eoi,
                "call": locked.call,
                "deadline": locked.deadline,
                "link": links.case_study_link_url(locked),
                "sent_by": by,
            },
        )
        return locked


def case_study_revoke_link(*, case_study: CaseStudy, by) -> CaseStudy:
    """Stop the private link working (nothing is emailed). ``case_study_reissue_link`` restores access."""
    with transaction.atomic():
        locked = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
        if locked.access_revoked_at is None:
            locked.access_revoked_at = timezone.now()
            locked.save(update_fields=["access_revoked_at"])
        return locked
