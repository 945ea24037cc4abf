"""Expressions of interest: what the form offers."""

from .. import public_cache
from ..models import Call, Council


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
