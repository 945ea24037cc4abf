"""Staff users: the council each works for."""

from ..models import StaffProfile


def staff_council_id(*, user) -> int | None:
    """The council a staff user works for (their conflict of interest), or None."""
    if user is None or not getattr(user, "pk", None):
        return None
    return StaffProfile.objects.filter(user_id=user.pk).values_list("council_id", flat=True).first()
