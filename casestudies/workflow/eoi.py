"""Expressions of interest: the rules an EOI must meet, its one-time submission, and saving it for later.

Each rule is stated once here, with one message; the EOI form calls the same functions for
its fields, and ``eoi_check`` calls them all before ``eoi_submit`` writes anything.
"""

import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import emails, links
from ..models import Call, Contribution, Council, ExpressionOfInterest, SavedEoi, Theme
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
    """A council from the list, or the name of one that is not listed."""
    if council is None and not council_name.strip():
        raise ValidationError(EOI_NEEDS_COUNCIL_NAME, code="eoi_needs_council")


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
            context={"call": call, "link": links.saved_eoi_link_url(saved)},
        )
    return saved
