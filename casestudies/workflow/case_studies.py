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
from ..languages import Language, contact_language, officer_language
from ..models import CaseStudy, Contribution, Theme
from ..models.case_studies import WELSH_TWINS
from ..words import count_words
from .base import move

S = CaseStudy.Status
COUNCIL_BY_LINK = "council, by private link"

CASE_STUDY_CLOSED = _("The deadline for this case study has passed, so it can no longer be changed here.")
CASE_STUDY_STALE = _("This case study was changed somewhere else (perhaps in another tab) after you opened it.")
CASE_STUDY_NOT_EDITABLE = _("This case study is with the editors and cannot be changed now.")
CASE_STUDY_WORDS_OUT_OF_RANGE = _("The case study must be %(min)s to %(max)s words; it has %(count)s.")
CASE_STUDY_WELSH_WORDS_OUT_OF_RANGE = _("The case study in Welsh must be %(min)s to %(max)s words; it has %(count)s.")
CASE_STUDY_NEEDS_LANGUAGE = _("Choose the language of your case study: English, Cymraeg or both")
# What each text needs, in English and in Welsh (the field named in the message).
CASE_STUDY_NEEDS_TEXT = {
    Language.EN: {
        "title": _("Enter a title"),
        "standfirst": _("Enter a standfirst: one or two sentences that sum up the case study"),
        "outcomes": _("Enter the outcomes and what you learned"),
    },
    Language.CY: {
        "title_cy": _("Enter a title in Welsh"),
        "standfirst_cy": _("Enter a standfirst in Welsh: one or two sentences that sum up the case study"),
        "outcomes_cy": _("Enter the outcomes and what you learned, in Welsh"),
    },
}
CASE_STUDY_NEEDS = {
    **CASE_STUDY_NEEDS_TEXT[Language.EN],
    "enquiry_name": _("Enter the name of a contact for enquiries"),
    "enquiry_role": _("Enter the role of the contact for enquiries"),
    "enquiry_email": _("Enter the email address of the contact for enquiries"),
}
CASE_STUDY_NEEDS_PRINCIPLE = _("Choose at least one co-operative principle that the case study shows")
CASE_STUDY_IMAGE_NEEDS_ALT = _("Enter a description of the image (alt text)")
CASE_STUDY_IMAGE_NEEDS_ALT_WELSH = _("Enter a description of the image in Welsh (alt text)")
CASE_STUDY_IMAGE_NEEDS_CREDIT = _("Enter a credit for the image")
CASE_STUDY_CHANGED_SINCE_CHECK = _(
    "The case study was changed after you checked it (perhaps in another tab). Check it again before you submit."
)

# The text a council (or an editor) writes, as the save functions take it.
CASE_STUDY_TEXT_FIELDS = (
    "language",
    "title",
    "standfirst",
    "body",
    "title_cy",
    "standfirst_cy",
    "body_cy",
    "partners",
    "partners_cy",
    "outcomes",
    "outcomes_cy",
    "enquiry_name",
    "enquiry_role",
    "enquiry_email",
    "enquiry_consent",
    "image_alt",
    "image_alt_cy",
    "image_credit",
    "licence",
)
# The order in which problems are listed: the order of the form.
FIELD_ORDER = (
    "language",
    "title",
    "standfirst",
    "body",
    "title_cy",
    "standfirst_cy",
    "body_cy",
    "principles",
    "outcomes",
    "outcomes_cy",
    "enquiry_name",
    "enquiry_role",
    "enquiry_email",
    "image_alt",
    "image_alt_cy",
    "image_credit",
)


def _locked(case_study: CaseStudy) -> CaseStudy:
    return (
        # The row itself only: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
        CaseStudy.objects.select_for_update(of=("self",))
        .select_related("call", "council", "contribution__eoi", "contribution__theme")
        .get(pk=case_study.pk)
    )


def write_text(locked: CaseStudy, *, changes: dict, theme=None, principles=None) -> None:
    """Write a locked case study's text (and theme and principles) and bump its version, so a
    page opened before this save can no longer overwrite it. The council's and the editors'
    saves both write through this."""
    for field, value in changes.items():
        setattr(locked, field, value)
    if theme is not None:
        locked.theme = theme
    locked.version += 1
    locked.save()
    if principles is not None:
        locked.principles.set(principles)


def _eoi_contact(case_study: CaseStudy):
    contribution = Contribution.objects.select_related("eoi", "theme").get(pk=case_study.contribution_id)
    return contribution, contribution.eoi


# --- the rules -------------------------------------------------------------------------------------


def case_study_words_check(*, call, body: str, language: str = Language.EN) -> None:
    """The word range of the call, for the text in one language (each text is counted on its own)."""
    count = count_words(body)
    if not call.case_study_word_range_ok(count):
        message = CASE_STUDY_WELSH_WORDS_OUT_OF_RANGE if language == Language.CY else CASE_STUDY_WORDS_OUT_OF_RANGE
        raise ValidationError(
            message,
            code="case_study_words",
            params={"min": call.case_study_words_min, "max": call.case_study_words_max, "count": count},
        )


def case_study_text_languages(language: str) -> list[str]:
    """The texts a case study in ``language`` (en-gb, cy or both) must have: [en-gb], [cy] or both."""
    return CaseStudy(language=language).text_languages if language in CaseStudy.TextLanguage.values else []


def case_study_image_problems(
    *, has_image: bool, image_alt: str, image_credit: str, languages=(Language.EN,), image_alt_cy: str = ""
) -> dict[str, list]:
    """An image needs a credit, and alt text in each language the case study is written in."""
    problems: dict[str, list] = {}
    if has_image:
        if Language.EN in languages and not (image_alt or "").strip():
            problems["image_alt"] = [CASE_STUDY_IMAGE_NEEDS_ALT]
        if Language.CY in languages and not (image_alt_cy or "").strip():
            problems["image_alt_cy"] = [CASE_STUDY_IMAGE_NEEDS_ALT_WELSH]
        if not (image_credit or "").strip():
            problems["image_credit"] = [CASE_STUDY_IMAGE_NEEDS_CREDIT]
    return problems


def case_study_problems(*, case_study: CaseStudy) -> dict[str, list]:
    """What must be put right before the case study can be submitted, by form field. Empty when ready.

    Each text the case study's language asks for (English, Welsh, or both) needs its title,
    standfirst and outcomes, and its own body within the word range."""
    problems: dict[str, list] = {}
    languages = case_study_text_languages(case_study.language)
    if not languages:
        problems["language"] = [CASE_STUDY_NEEDS_LANGUAGE]
    needs = {field: message for field, message in CASE_STUDY_NEEDS.items() if field not in WELSH_TWINS}
    for language in languages:
        needs.update(CASE_STUDY_NEEDS_TEXT[language])
    for field, message in needs.items():
        if not str(getattr(case_study, field) or "").strip():
            problems.setdefault(field, []).append(message)
    for language in languages:
        body_field = "body_cy" if language == Language.CY else "body"
        try:
            case_study_words_check(call=case_study.call, body=getattr(case_study, body_field), language=language)
        except ValidationError as error:
            problems.setdefault(body_field, []).extend(error.messages)
    if not case_study.principles.exists():
        problems.setdefault("principles", []).append(CASE_STUDY_NEEDS_PRINCIPLE)
    problems.update(
        case_study_image_problems(
            has_image=bool(case_study.image),
            image_alt=case_study.image_alt,
            image_credit=case_study.image_credit,
            languages=languages,
            image_alt_cy=case_study.image_alt_cy,
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
        write_text(locked, changes=changes, theme=theme, principles=principles)
        if by_label == COUNCIL_BY_LINK:
            contact_language_record(locked)
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
        if by_label == COUNCIL_BY_LINK:
            contact_language_record(locked)
        if locked.status == S.INVITED:
            move(CaseStudy, locked.pk, S.DRAFT, by=by, by_label=by_label)
        submitted = move(CaseStudy, locked.pk, S.SUBMITTED, by=by, by_label=by_label, stamp="submitted_at")
        contribution, eoi = _eoi_contact(submitted)
        call = locked.call

        def context():  # built in the language of each email, so that the link is that language's
            return {
                "case_study": submitted,
                "contribution": contribution,
                "eoi": eoi,
                "call": call,
                "link": links.case_study_link_url(submitted),
                "word_count": submitted.word_count,
            }

        emails.email_queue(
            kind="case_study_submitted",
            to=eoi.contact_email,
            about=submitted,
            context=context,
            language=contact_language(eoi=eoi, case_study=submitted),
        )
        emails.email_queue(kind="case_study_submitted_editors", to=call.contact_email, about=submitted, context=context)
        return submitted, True


def contact_language_record(locked: CaseStudy) -> None:
    """Remember the language the officer is using the form in (the active language): the
    emails about this case study follow it (``languages.contact_language``)."""
    language = officer_language()
    if locked.contact_language != language:
        locked.contact_language = language
        locked.save(update_fields=["contact_language"])
