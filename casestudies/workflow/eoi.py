"""Expressions of interest: the rules an EOI must meet, its one-time submission, saving it for
later, and making a council that was not listed a council record.

Each rule is stated once here, with one message; the EOI form calls the same functions for
its fields, and ``eoi_check`` calls them all before ``eoi_submit`` writes anything.
"""

import uuid
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import emails, links, public_cache
from ..languages import contact_language, officer_language
from ..models import Call, CaseStudy, Contribution, Council, ExpressionOfInterest, SavedEoi, StatusChange, Theme
from ..selectors import eoi_form_choices
from ..words import count_words

EOI_CLOSED = _("The deadline for expressions of interest has passed.")
EOI_NOT_YET_OPEN = _("Expressions of interest are not open yet.")
EOI_NO_CONTRIBUTIONS = _("Add at least one contribution")
EOI_TOO_MANY_CONTRIBUTIONS = _("You can offer up to %(max)s contributions in one expression of interest")
EOI_THEME_NOT_IN_CALL = _("Choose one of this call’s themes")
EOI_TOO_FEW_WORDS = _("Description must be at least %(low)s words; it has %(count)s")
EOI_TOO_MANY_WORDS = _("Description must be %(high)s words or fewer; it has %(count)s")
EOI_NEEDS_COUNCIL_NAME = _("Enter the name of your council")
EOI_COUNCIL_AND_NAME = _(
    "You chose %(council)s from the list and also typed a council name. "
    "Clear the name, or choose “My council is not listed”."
)
EOI_ALREADY_HAS_COUNCIL = _("This expression of interest is already linked to the council %(council)s.")
# The EOI's history row when its council is made a record: from "not listed" to "listed".
NOT_LISTED, LISTED = "not listed", "listed"


@dataclass(frozen=True)
class ContributionInput:
    theme: Theme
    description: str


# --- the rules, one function each ------------------------------------------------------------------


def eoi_open_check(*, call: Call, at=None) -> None:
    """EOIs are taken only while the call is open for them."""
    state = call.eoi_state(at)
    if state == "not_yet_open":
        raise ValidationError(EOI_NOT_YET_OPEN, code="eoi_not_yet_open")
    if state == "closed":
        raise ValidationError(EOI_CLOSED, code="eoi_closed")


def eoi_council_check(*, council: Council | None, council_name: str) -> None:
    """An EOI names its council once: one from the list, or (not listed) a name; never both."""
    if council is None and not council_name.strip():
        raise ValidationError(EOI_NEEDS_COUNCIL_NAME, code="eoi_needs_council")
    if council is not None and council_name.strip():
        raise ValidationError(EOI_COUNCIL_AND_NAME, code="eoi_council_and_name", params={"council": council.name})


def eoi_contribution_count_check(*, call: Call, count: int) -> None:
    """At least one contribution, and no more than the call allows."""
    if count < 1:
        raise ValidationError(EOI_NO_CONTRIBUTIONS, code="eoi_no_contributions")
    if count > call.max_contributions_per_eoi:
        raise ValidationError(
            EOI_TOO_MANY_CONTRIBUTIONS, code="eoi_too_many", params={"max": call.max_contributions_per_eoi}
        )


def eoi_theme_check(*, call: Call, theme_id) -> None:
    """A contribution's theme is one of the call's."""
    if theme_id not in eoi_form_choices(call=call)["themes"]:
        raise ValidationError(EOI_THEME_NOT_IN_CALL, code="eoi_theme_not_in_call")


def eoi_words_check(*, call: Call, text: str) -> None:
    """A contribution's description is within the call's word range."""
    count = count_words(text)
    if count < call.eoi_words_min:
        raise ValidationError(
            EOI_TOO_FEW_WORDS, code="too_few_words", params={"low": call.eoi_words_min, "count": count}
        )
    if count > call.eoi_words_max:
        raise ValidationError(
            EOI_TOO_MANY_WORDS, code="too_many_words", params={"high": call.eoi_words_max, "count": count}
        )


def eoi_check(
    *, call: Call, council: Council | None, council_name: str, contributions: list[ContributionInput], at=None
) -> None:
    """Every rule of an EOI, in the order the form asks. Raises the first ValidationError."""
    eoi_open_check(call=call, at=at)
    eoi_council_check(council=council, council_name=council_name)
    eoi_contribution_count_check(call=call, count=len(contributions))
    for item in contributions:
        eoi_theme_check(call=call, theme_id=item.theme.pk)
        eoi_words_check(call=call, text=item.description)


# --- writes ----------------------------------------------------------------------------------------


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
    acknowledgement is rendered before that lock (the reference put in afterwards), logged in
    the same transaction and sent after commit (or by the sender process, with
    ``EMAIL_SENDING=queue``). A saved, unfinished copy of this EOI
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
    # Everything but the reference is known before the call's row is locked, so the EOI is built
    # and its acknowledgement rendered first, with a random stand-in for the reference: parallel
    # submissions to one call then wait for each other's INSERTs and COMMIT, not their rendering.
    stand_in = uuid.uuid4().hex
    eoi = ExpressionOfInterest(
        call=call,
        council=council,
        council_name=council_name.strip(),
        contact_name=contact_name,
        contact_role=contact_role,
        contact_email=contact_email,
        contact_phone=contact_phone,
        reference=stand_in,
        submission_token=submission_token,
        submitted_at=at,
        language=officer_language(),
    )
    rows = [
        Contribution(eoi=eoi, theme=item.theme, description=item.description, position=index)
        for index, item in enumerate(contributions, start=1)
    ]
    acknowledgement = emails.email_prepare(
        kind="eoi_acknowledgement",
        context={"eoi": eoi, "call": call, "contributions": rows},
        language=contact_language(eoi=eoi),
    )
    try:
        with transaction.atomic():
            eoi.number = Call.objects.take_reference_number(call.pk)
            eoi.reference = call.reference_for(eoi.number)
            eoi.save(force_insert=True)
            if saved_eoi_id:
                SavedEoi.objects.filter(pk=saved_eoi_id, call=call).delete()
            Contribution.objects.bulk_create(rows)
            emails.email_log(message=acknowledgement.replace(stand_in, eoi.reference), to=contact_email, about=eoi)
    except IntegrityError:
        existing = ExpressionOfInterest.objects.filter(submission_token=submission_token).first()
        if existing:
            return existing, False
        raise
    return eoi, True


def eoi_save_for_later(*, call: Call, answers: dict, contact_email: str, saved_id: int | None = None):
    """Keep an unfinished EOI (any length) and email its private link. Returns the SavedEoi.

    Saving again from the same session updates the same record; the link stays the same.
    """
    eoi_open_check(call=call)
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
            context=lambda: {"call": call, "link": links.saved_eoi_link_url(saved)},
            # The officer is on the form now: the email is in the language they are using.
            language=officer_language(),
        )
    return saved


# --- a council that was not listed, made a council record by an editor ------------------------------


def eoi_council_create(*, eoi: ExpressionOfInterest, by, council: Council, note: str = "") -> Council:
    """Make a not-listed council a council record and link the EOI (and its case studies) to it.

    ``council`` is an unsaved Council with the editor's name, type, nation, region and GSS code;
    it is checked (``full_clean``) and saved with a unique slug. In one transaction: the EOI is
    locked and refused if it already has a council; the EOI and every case study from it are
    linked to the new record; the EOI's history gets a row (who, when, the name the council gave,
    the note). From then on its case studies have a council page, nation and region, and codes.
    Nothing is written if anything is refused.
    """
    with transaction.atomic():
        locked = ExpressionOfInterest.objects.select_for_update().select_related("call").get(pk=eoi.pk)
        if locked.council_id is not None:
            current = Council.objects.get(pk=locked.council_id)
            raise ValidationError(
                EOI_ALREADY_HAS_COUNCIL, code="eoi_already_has_council", params={"council": current.name}
            )
        council.slug = council.slug or _unique_slug(council.name)
        council.is_sample = council.is_sample or locked.call.is_sample
        council.full_clean()
        council.save()
        given_name, locked.council, locked.council_name = locked.council_name, council, ""
        locked.save(update_fields=["council", "council_name"])
        CaseStudy.objects.filter(contribution__eoi=locked).update(council=council)
        StatusChange.objects.create(
            content_type=ContentType.objects.get_for_model(locked),
            object_id=locked.pk,
            from_status=NOT_LISTED,
            to_status=LISTED,
            by=by if getattr(by, "pk", None) else None,
            note=_history_note(given_name, council, note),
        )
        public_cache.public_pages_changed()
        return council


def _unique_slug(name: str) -> str:
    base = slugify(name)[:150] or "council"
    slug, n = base, 2
    while Council.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _history_note(given_name: str, council: Council, note: str) -> str:
    said = gettext("Council record “%(council)s” made from the name given, “%(given)s”.") % {
        "council": council.name,
        "given": given_name,
    }
    return f"{said}\n{note.strip()}" if note.strip() else said
