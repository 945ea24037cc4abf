"""The reviewers' CSV of a list of contributions, with scores, and how messages name a contribution.

Decisions over many rows are ``workflow.plan`` / ``workflow.apply``, from the action table.
"""

import csv
import io

from django.db.models import Avg, Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Contribution, Review


def row_label(contribution: Contribution) -> str:
    """How a message names one contribution: its reference and its council."""
    return _("%(reference)s (%(council)s)") % {
        "reference": str(contribution),
        "council": contribution.eoi.council_display,
    }


# --- the CSV of a list of contributions ------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> object:
    """A cell that a spreadsheet will show as text, never run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def with_scores(queryset):
    return queryset.annotate(avg_score=Avg("reviews__score"), review_count=Count("reviews", distinct=True))


def review_cells(review) -> list:
    """One review as the CSV gives it: reviewer, score, comment, when last changed (UK time)."""
    return [
        review.reviewer.get_full_name() or review.reviewer.get_username(),
        review.score,
        review.comment,
        timezone.localtime(review.updated_at).strftime("%Y-%m-%d %H:%M"),
    ]


def contributions_csv(queryset, *, with_phone: bool, with_reviews: bool = False) -> str:
    """The CSV of these contributions, in their order. Phone numbers only if ``with_phone``; each
    review (reviewer, score, comment, date: four columns a review, oldest first) only if ``with_reviews``."""
    header = [
        _("Reference"),
        _("Council"),
        _("Region or nation"),
        _("Theme"),
        _("Description"),
        _("Word count"),
        _("Status"),
        _("Average score"),
        _("Number of reviews"),
        _("Received at"),
        _("Contact name"),
        _("Contact email"),
    ]
    if with_phone:
        header.append(_("Contact phone"))
    rows = queryset.select_related("eoi__council", "theme")
    if with_reviews:
        rows = list(
            rows.prefetch_related(
                Prefetch("reviews", queryset=Review.objects.select_related("reviewer").order_by("created_at", "pk"))
            )
        )
        most = max((len(c.reviews.all()) for c in rows), default=0)
        for n in range(1, most + 1):
            header += [
                _("Review %(n)s: reviewer") % {"n": n},
                _("Review %(n)s: score") % {"n": n},
                _("Review %(n)s: comment") % {"n": n},
                _("Review %(n)s: date") % {"n": n},
            ]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for contribution in rows:
        eoi = contribution.eoi
        avg = getattr(contribution, "avg_score", None)
        row = [
            str(contribution),
            eoi.council_display,
            eoi.council.place if eoi.council_id else "",
            contribution.theme.name,
            contribution.description,
            contribution.word_count,
            contribution.get_status_display(),
            f"{avg:.1f}" if avg is not None else "",
            getattr(contribution, "review_count", ""),
            timezone.localtime(eoi.submitted_at).strftime("%Y-%m-%d %H:%M"),
            eoi.contact_name,
            eoi.contact_email,
        ]
        if with_phone:
            row.append(eoi.contact_phone)
        if with_reviews:
            for item in contribution.reviews.all():
                row += review_cells(item)
        writer.writerow([csv_safe(cell) for cell in row])
    return out.getvalue()
