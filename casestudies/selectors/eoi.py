"""Expressions of interest: what the form offers, and the EOI a submission token or the
confirmation cookie names."""

import uuid

from .. import public_cache
from ..models import Call, Council, ExpressionOfInterest


def eoi_form_choices(*, call: Call) -> dict:
    """What the EOI form offers for ``call``: {"councils": {pk: Council}, "themes": {pk: Theme}},
    each in the order shown. Kept until anything public changes (a council, theme or call edited
    in the admin starts a new generation), so a busy form asks the database for neither."""

    def compute():
        councils = Council.objects.all() if call.is_sample else Council.objects.real()
        return {
            "councils": {council.pk: council for council in councils.order_by("name", "pk")},
            "themes": {theme.pk: theme for theme in call.themes.order_by("order", "name")},
        }

    return public_cache.remember(f"eoi-form-choices:{call.pk}", compute)


def eoi_exists_for_token(*, token: str | uuid.UUID) -> bool:
    """Whether an EOI was sent with this one-time submission token (to any call)."""
    return ExpressionOfInterest.objects.filter(submission_token=token).exists()


def eoi_for_token(*, call: Call, token: str | uuid.UUID) -> ExpressionOfInterest | None:
    """The EOI sent to ``call`` with this one-time submission token, or None."""
    return ExpressionOfInterest.objects.filter(submission_token=token, call=call).first()


def eoi_for_confirmation(*, call: Call, eoi_id: int) -> ExpressionOfInterest | None:
    """The EOI ``eoi_id`` if it was sent to ``call``, with its council and its contributions' themes."""
    return (
        ExpressionOfInterest.objects.filter(pk=eoi_id, call=call)
        .select_related("council")
        .prefetch_related("contributions__theme")
        .first()
    )
