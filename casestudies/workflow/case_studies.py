"""Case studies, the council's side: what a case study must have, and the council's saves and
submission through its private link. The rules here (``case_study_problems``,
``case_study_version_check``) are the ones the forms call too.

The editors' side (edits, decisions, the private link) is ``case_study_editing.py``.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .. import emails, images, links
from ..models import CaseStudy, Contribution, Theme
from ..words import count_words
from .base import move

S = CaseStudy.Status
COUNCIL_BY_LINK = "council, by private link"

CASE_STUDY_CLOSED = _("The deadline for this case study has passed, so it can no longer be changed here.")
CASE_STUDY_STALE = _("This case study was changed somewhere else (perhaps in another tab) after you opened it.")
CASE_STUDY_NOT_EDITABLE = _("This case study is with the editors and cannot be changed now.")
CASE_STUDY_WORDS_OUT_OF_RANGE = _("The case study must be %(min)s to %(max)s words; it has %(count)s.")
CASE_STUDY_NEEDS = {
    "title": _("Enter a title"),
    "standfirst": _("Enter a standfirst: one or two sentences that sum up the case study"),
    "outcomes": _("Enter the outcomes and what you learned"),
    "enquiry_name": _("Enter the name of a contact for enquiries"),
    "enquiry_role": _("Enter the role of the contact for enquiries"),
    "enquiry_email": _("Enter the email address of the contact for enquiries"),
}
CASE_STUDY_NEEDS_PRINCIPLE = _("Choose at least one co-operative principle that the case study shows")
CASE_STUDY_IMAGE_NEEDS_ALT = _("Enter a description of the image (alt text)")
CASE_STUDY_IMAGE_NEEDS_CREDIT = _("Enter a credit for the image")
CASE_STUDY_CHANGED_SINCE_CHECK = _(
    "The case study was changed after you checked it (perhaps in another tab). Check it again before you submit."
)

# The text a council (or an editor) writes, as the save functions take it.
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


def _locked(case_study: CaseStudy) -> CaseStudy:
    return (
        CaseStudy.objects.select_for_update(of=("self",))  # the row only: council may be null (outer join)
        .select_related("call", "council", "contribution__eoi", "contribution__theme")
        .get(pk=case_study.pk)
    )


def _eoi_contact(case_study: CaseStudy):
    contribution = Contribution.objects.select_related("eoi", "theme").get(pk=case_study.contribution_id)
    return contribution, contribution.eoi


# --- the rules -------------------------------------------------------------------------------------


def case_study_words_check(*, call, body: str) -> None:
    count = count_words(body)
    if not call.case_study_word_range_ok(count):
        raise ValidationError(
            CASE_STUDY_WORDS_OUT_OF_RANGE,
            code="case_study_words",
            params={"min": call.case_study_words_min, "max": call.case_study_words_max, "count": count},
        )


def case_study_image_problems(*, has_image: bool, image_alt: str, image_credit: str) -> dict[str, list]:
    """An image needs alt text and a credit."""
    problems: dict[str, list] = {}
    if has_image:
        if not (image_alt or "").strip():
            problems["image_alt"] = [CASE_STUDY_IMAGE_NEEDS_ALT]
        if not (image_credit or "").strip():
            problems["image_credit"] = [CASE_STUDY_IMAGE_NEEDS_CREDIT]
    return problems


def case_study_problems(*, case_study: CaseStudy) -> dict[str, list]:
    """What must be put right before the case study can be submitted, by form field. Empty when ready."""
    problems: dict[str, list] = {}
    for field, message in CASE_STUDY_NEEDS.items():
        if not str(getattr(case_study, field) or "").strip():
            problems.setdefault(field, []).append(message)
    try:
        case_study_words_check(call=case_study.call, body=case_study.body)
    except ValidationError as error:
        problems.setdefault("body", []).extend(error.messages)
    if not case_study.principles.exists():
        problems.setdefault("principles", []).append(CASE_STUDY_NEEDS_PRINCIPLE)
    problems.update(
        case_study_image_problems(
            has_image=bool(case_study.image), image_alt=case_study.image_alt, image_credit=case_study.image_credit
        )
    )
    return {field: problems[field] for field in FIELD_ORDER if field in problems}


def case_study_version_check(*, case_study: CaseStudy, seen_version: int, message=CASE_STUDY_STALE) -> None:
    """Refuse a save made from a page opened before the case study's last save (another tab, another editor)."""
    current = CaseStudy.objects.filter(pk=case_study.pk).values_list("version", flat=True).first()
    if current != seen_version:
        raise ValidationError(message, code="case_study_stale")


# --- the council, through its private link ---------------------------------------------------------


def case_study_save(
    *,
    case_study: CaseStudy,
    changes: dict,
    expected_version: int,
    theme: Theme | None = None,
    principles=None,
    image: images.ProcessedImage | None = None,
    remove_image: bool = False,
    at: datetime.datetime | None = None,
    by=None,
    by_label: str = COUNCIL_BY_LINK,
) -> CaseStudy:
    """The council saves its draft (any length), with any new image. The first save moves invited → draft.

    Refused after the deadline (``case_study_closed``), once the case study is with the
    editors (``case_study_not_editable``), when another tab saved first
    (``case_study_stale``) or when the image cannot be stored, e.g. on a full disk
    (``image_not_stored``, from ``images.image_store``, which leaves no file behind); refused
    means nothing at all is written. Text and image are saved in one transaction; replaced
    image files are deleted only after it commits.
    """
    unknown = set(changes) - set(CASE_STUDY_TEXT_FIELDS)
    if unknown:
        raise ValueError(f"Not case study text fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = _locked(case_study)
        if not locked.is_editable_by_council:
            raise ValidationError(CASE_STUDY_NOT_EDITABLE, code="case_study_not_editable")
        if not locked.call.case_study_is_open(at, locked.deadline_extended_to):
            raise ValidationError(CASE_STUDY_CLOSED, code="case_study_closed")
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
        if locked.status == S.INVITED:
            locked = move(CaseStudy, locked.pk, S.DRAFT, by=by, by_label=by_label)
        if image is None and not remove_image:
            return locked
        old = (locked.image.name, locked.image_thumbnail.name)
        new = images.image_store(case_study_id=locked.pk, image=image) if image is not None else ("", "")
        try:
            locked.image.name, locked.image_thumbnail.name = new
            locked.save(update_fields=["image", "image_thumbnail"])
        except Exception:
            images.image_delete(*new)
            raise
        transaction.on_commit(lambda: images.image_delete(*old))
        return locked


def case_study_submit(
    *,
    case_study: CaseStudy,
    expected_version: int | None = None,
    at: datetime.datetime | None = None,
    by=None,
    by_label: str = COUNCIL_BY_LINK,
) -> tuple[CaseStudy, bool]:
    """The council submits its case study: one transaction, and only once. Returns (case_study, submitted).

    A second submit of a case study that is already submitted (a double click, a resend)
    changes nothing and returns ``submitted=False``. Otherwise the case study must be
    complete (``case_study_problems``), within the word range and before its deadline; if
    ``expected_version`` is given it must be the version the council checked. After
    commit, the council's contact and CCIN comms are emailed.
    """
    with transaction.atomic():
        locked = _locked(case_study)
        if locked.status == S.SUBMITTED:
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
        if locked.status == S.INVITED:
            move(CaseStudy, locked.pk, S.DRAFT, by=by, by_label=by_label)
        submitted = move(CaseStudy, locked.pk, S.SUBMITTED, by=by, by_label=by_label, stamp="submitted_at")
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
