"""A reviewer's queue: a call's contributions awaiting a decision, theme by theme, with the
reviewer's own score on each, their progress, and what comes before and after one of them.

The reviewer's own council's contributions are left out (they may not score them: the same
predicate as the workflow's, ``access.may_decide``), and counted, so the page can say so.
"""

from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, Subquery

from .. import access
from ..models import Call, Contribution, Review, Theme


@dataclass
class ThemeProgress:
    theme: Theme
    scored: int = 0
    total: int = 0

    @property
    def is_done(self) -> bool:
        return self.total > 0 and self.scored == self.total


@dataclass
class Queue:
    call: Call
    rows: list[Contribution]  # in the queue's order, each with ``my_score`` (None: not scored by me)
    progress: list[ThemeProgress] = field(default_factory=list)
    own_council_left_out: int = 0
    theme_id: int | None = None
    only_unscored: bool = False

    def position(self, contribution_id: int) -> dict | None:
        """Where a contribution stands in this queue: its number within its theme, the theme's
        length, and the rows before and after it in the whole queue (None at either end)."""
        ids = [row.pk for row in self.rows]
        if contribution_id not in ids:
            return None
        index = ids.index(contribution_id)
        row = self.rows[index]
        same_theme = [r for r in self.rows if r.theme_id == row.theme_id]
        return {
            "number": same_theme.index(row) + 1,
            "of": len(same_theme),
            "theme": row.theme,
            "previous": self.rows[index - 1] if index > 0 else None,
            "next": self.rows[index + 1] if index + 1 < len(self.rows) else None,
        }


def with_my_score(queryset, user):
    """Contributions annotated with ``my_score``: the score ``user`` gave, or None."""
    mine = Review.objects.filter(contribution=OuterRef("pk"), reviewer_id=user.pk).values("score")[:1]
    return queryset.annotate(my_score=Subquery(mine))


def review_queue(*, call: Call, user, theme_id: int | None = None, only_unscored: bool = False) -> Queue:
    """The queue of ``call`` for ``user``, filtered to one theme and/or to what they have not scored."""
    everything = with_my_score(Contribution.objects.for_call(call).awaiting_decision().with_council(), user).order_by(
        "theme__order", "theme__name", "eoi__reference", "position"
    )
    rows, left_out = [], 0
    progress: dict[int, ThemeProgress] = {}
    for contribution in everything:
        if not access.may_decide(user, contribution):
            left_out += 1
            continue
        theme = progress.setdefault(contribution.theme_id, ThemeProgress(contribution.theme))
        theme.total += 1
        theme.scored += contribution.my_score is not None
        if theme_id is not None and contribution.theme_id != theme_id:
            continue
        if only_unscored and contribution.my_score is not None:
            continue
        rows.append(contribution)
    return Queue(
        call=call,
        rows=rows,
        progress=list(progress.values()),
        own_council_left_out=left_out,
        theme_id=theme_id,
        only_unscored=only_unscored,
    )


def call_for_review(*, call_id: int | None) -> Call | None:
    """The call whose queue is shown: the one asked for, else the current one."""
    if call_id is not None:
        found = Call.objects.filter(pk=call_id).first()
        if found is not None:
            return found
    return Call.objects.current()


def contribution_for_review(*, pk: int, user) -> Contribution | None:
    """One contribution as its review page shows it, with ``my_review`` (``user``'s, or None)."""
    contribution = (
        Contribution.objects.with_council()
        .prefetch_related(Prefetch("reviews", queryset=Review.objects.filter(reviewer_id=user.pk), to_attr="mine"))
        .filter(pk=pk)
        .first()
    )
    if contribution is not None:
        contribution.my_review = contribution.mine[0] if contribution.mine else None
    return contribution
