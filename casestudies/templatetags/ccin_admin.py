"""Template filters for the staff pages."""

import datetime

from django.template import Library
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = Library()


@register.filter
def duration(value) -> str:
    """A wait in words: "1 hour", "30 minutes", "1 hour and 30 minutes"."""
    if not isinstance(value, datetime.timedelta):
        return ""
    minutes = max(1, round(value.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(ngettext("%d hour", "%d hours", hours) % hours)
    if minutes:
        parts.append(ngettext("%d minute", "%d minutes", minutes) % minutes)
    return _(" and ").join(parts)
