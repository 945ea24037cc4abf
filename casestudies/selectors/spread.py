"""The theme spread board: how a call's contributions fall across themes, statuses, councils
and nations, set against the targets the call gives per theme and per nation.

Every number comes from one aggregate query over the call's contributions (joined to their
case studies), plus one query each for the call's themes and nation targets, whatever the
number of rows. ``moves`` recomputes the board as it would be after a decision, from one
more query over the contributions being moved.

Counts are by the contribution's theme. The contribution columns count contributions in
that status now; the case study columns count invited case studies that have reached that
stage or gone beyond it (an approved one has been submitted; a published one approved).
"""

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Call, CallNationTarget, CallTheme, CaseStudy, Contribution, Theme
from ..models.reference import Nation

C = Contribution.Status
S = CaseStudy.Status

RECEIVED = "received"
CASE_STUDY_SUBMITTED = "case_study_submitted"
CASE_STUDY_APPROVED = "case_study_approved"
CASE_STUDY_PUBLISHED = "case_study_published"

# The case study stages, each with the case study statuses that have reached it.
CASE_STUDY_STAGES = {
    CASE_STUDY_SUBMITTED: frozenset({S.SUBMITTED, S.CHANGES_REQUESTED, S.APPROVED, S.PUBLISHED, S.UNPUBLISHED}),
    CASE_STUDY_APPROVED: frozenset({S.APPROVED, S.PUBLISHED, S.UNPUBLISHED}),
    CASE_STUDY_PUBLISHED: frozenset({S.PUBLISHED}),
}
CASE_STUDY_STAGE_LABELS = {
    CASE_STUDY_SUBMITTED: gettext_lazy("Case study submitted"),
    CASE_STUDY_APPROVED: gettext_lazy("Case study approved"),
    CASE_STUDY_PUBLISHED: gettext_lazy("Case study published"),
}
THEME_COLUMNS = (
    (RECEIVED, gettext_lazy("Received")),
    (C.SHORTLISTED.value, gettext_lazy("Shortlisted")),
    (C.INVITED.value, gettext_lazy("Invited")),
    (C.DECLINED.value, gettext_lazy("Declined")),
    (C.WITHDRAWN.value, gettext_lazy("Withdrawn")),
    *CASE_STUDY_STAGE_LABELS.items(),
)
NATION_COLUMNS = (
    (RECEIVED, gettext_lazy("Received")),
    (C.SHORTLISTED.value, gettext_lazy("Shortlisted")),
    (C.INVITED.value, gettext_lazy("Invited")),
    (CASE_STUDY_APPROVED, gettext_lazy("Case study approved")),
)
UNKNOWN_NATION = ""

THEME_NOTHING_INVITED = gettext_lazy("Nothing invited on this theme yet.")
TARGET_SHORT = gettext_lazy("Short of its target of %(target)s: %(invited)s invited, %(short)s more needed.")
MINIMUM_SHORT = gettext_lazy("Short of its minimum of %(target)s: %(invited)s invited, %(short)s more needed.")
SHORTLIST_SHORT = gettext_lazy(
    "Even if every shortlisted contribution were invited it would be %(short)s short: shortlist more."
)

Link = Callable[..., str]


@dataclass(frozen=True)
class Cell:
    count: int
    url: str = ""


@dataclass
class ThemeRow:
    theme_id: int
    name: str
    target: int
    counts: dict[str, int]
    cells: list[Cell]
    warnings: list[str] = field(default_factory=list)


@dataclass
class NationRow:
    nation: str
    label: str
    minimum: int
    counts: dict[str, int]
    cells: list[Cell]
    warnings: list[str] = field(default_factory=list)


@dataclass
class CouncilRow:
    key: tuple
    name: str
    place: str
    is_yours: bool
    cells: list[Cell]
    total: Cell
    invited: Cell


@dataclass
class Spread:
    call: Call
    themes: list[ThemeRow]
    nations: list[NationRow]
    councils: list[CouncilRow]
    theme_columns: tuple = THEME_COLUMNS
    nation_columns: tuple = NATION_COLUMNS

    @property
    def has_warnings(self) -> bool:
        return any(row.warnings for row in [*self.themes, *self.nations])


# A tally key: one group of contributions that look alike to the board.
#   (theme_id, contribution status, case study status or None, council key, council name, nation)
_FIELDS = (
    "theme_id",
    "status",
    "case_study__status",
    "eoi__council_id",
    "eoi__council__name",
    "eoi__council__nation",
    "eoi__council_name",
)


def _key(row: dict) -> tuple:
    council_id = row["eoi__council_id"]
    council_key = ("id", council_id) if council_id else ("name", row["eoi__council_name"])
    name = row["eoi__council__name"] if council_id else row["eoi__council_name"]
    return (row["theme_id"], row["status"], row["case_study__status"], council_key, name, row["eoi__council__nation"])


def _tally(call: Call, moves: Mapping[int, str] | None) -> Counter:
    rows = Contribution.objects.for_call(call).values(*_FIELDS).annotate(n=Count("pk")).order_by()
    tally = Counter({_key(row): row["n"] for row in rows})
    if moves:
        for row in Contribution.objects.filter(pk__in=list(moves)).values("pk", *_FIELDS).order_by():
            old = _key(row)
            tally[old] -= 1
            tally[(old[0], moves[row["pk"]], *old[2:])] += 1
    return tally


def _columns_for(status: str, case_study_status: str | None) -> list[str]:
    """The board columns one contribution counts in."""
    columns = [RECEIVED, status]
    columns.extend(stage for stage, statuses in CASE_STUDY_STAGES.items() if case_study_status in statuses)
    return columns


def _short(target: int, invited: int, shortlisted: int, message) -> list[str]:
    if not target or invited >= target:
        return []
    params = {"target": target, "invited": invited, "short": target - invited}
    warnings = [message % params]
    if shortlisted + invited < target:
        warnings.append(SHORTLIST_SHORT % {"short": target - invited - shortlisted})
    return warnings


def _no_link(**filters) -> str:
    return ""


def spread_for_call(
    call: Call, *, moves: Mapping[int, str] | None = None, link: Link | None = None, your_council_id=None
) -> Spread:
    """The board for one call. ``moves`` maps contribution ids to the status each would have
    after a decision; ``link(**filters)`` gives the URL for a number; ``your_council_id`` marks
    the viewer's own council."""
    link = link or _no_link
    call_themes = list(CallTheme.objects.filter(call=call).select_related("theme").order_by("theme__order", "pk"))
    minimums = dict(CallNationTarget.objects.filter(call=call).values_list("nation", "minimum_case_studies"))
    tally = _tally(call, moves)

    by_theme: dict[int, Counter] = {}
    by_nation: dict[str, Counter] = {}
    councils: dict[tuple, dict] = {}
    for (theme_id, status, case_study_status, council_key, name, nation), n in tally.items():
        if n <= 0:
            continue
        columns = _columns_for(status, case_study_status)
        theme_counts = by_theme.setdefault(theme_id, Counter())
        nation_counts = by_nation.setdefault(nation or UNKNOWN_NATION, Counter())
        for column in columns:
            theme_counts[column] += n
            nation_counts[column] += n
        council = councils.setdefault(council_key, {"name": name, "nation": nation, "themes": Counter(), "invited": 0})
        council["themes"][theme_id] += n
        if status == C.INVITED:
            council["invited"] += n

    themes = [(ct.theme_id, ct.theme.name, ct.target_case_studies) for ct in call_themes]
    extra = set(by_theme) - {theme_id for theme_id, _name, _target in themes}
    if extra:  # contributions on a theme since taken out of the call
        themes += [(t.pk, t.name, 0) for t in Theme.objects.filter(pk__in=extra).order_by("order", "name")]

    theme_rows = []
    for theme_id, name, target in themes:
        counts = {key: by_theme.get(theme_id, Counter())[key] for key, _label in THEME_COLUMNS}
        cells = [Cell(counts[key], link(theme=theme_id, column=key)) for key, _label in THEME_COLUMNS]
        warnings = [str(THEME_NOTHING_INVITED)] if not counts[C.INVITED] else []
        warnings += _short(target, counts[C.INVITED], counts[C.SHORTLISTED], TARGET_SHORT)
        theme_rows.append(ThemeRow(theme_id, name, target, counts, cells, warnings))

    nation_rows = []
    labels = dict(Nation.choices)
    for nation in [*Nation.values, UNKNOWN_NATION]:
        minimum = minimums.get(nation, 0)
        if not minimum and nation not in by_nation:
            continue
        counts = {key: by_nation.get(nation, Counter())[key] for key, _label in NATION_COLUMNS}
        cells = [Cell(counts[key], link(nation=nation, column=key)) for key, _label in NATION_COLUMNS]
        warnings = _short(minimum, counts[C.INVITED], counts[C.SHORTLISTED], MINIMUM_SHORT)
        label = labels.get(nation) or _("Not known (council not listed)")
        nation_rows.append(NationRow(nation, str(label), minimum, counts, cells, warnings))

    council_rows = []
    for key, council in sorted(councils.items(), key=lambda item: (item[1]["name"] or "").lower()):
        name = council["name"] if key[0] == "id" else _("%(name)s (not listed)") % {"name": council["name"]}
        place = str(labels.get(council["nation"], "")) if council["nation"] else ""
        cells = [Cell(council["themes"][theme_id], link(council=key, theme=theme_id)) for theme_id, _n, _t in themes]
        council_rows.append(
            CouncilRow(
                key=key,
                name=name,
                place=place,
                is_yours=key[0] == "id" and key[1] == your_council_id,
                cells=cells,
                total=Cell(sum(council["themes"].values()), link(council=key)),
                invited=Cell(council["invited"], link(council=key, column=C.INVITED.value)),
            )
        )
    return Spread(call=call, themes=theme_rows, nations=nation_rows, councils=council_rows)
