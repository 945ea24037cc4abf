"""The mechanics every workflow action shares: lock, check, move, record; and the action table's row.

Each entity's module (``contributions.py``, ``case_studies.py``) declares its actions once, as
``Action`` rows in one table. The admin builds its buttons, bulk actions and confirmation pages
from that table, and ``plan`` / ``apply`` run any action over many rows, each in its own
transaction, so one refused row never stops the others.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import access, emails
from ..models import EmailLog, StatusChange

NOTE_REQUIRED = _("Say why: the note is needed for this action.")


def record(obj, *, previous: str, by=None, by_label: str = "", note: str = "", event: str = "") -> StatusChange:
    """Write the audit row of a move that has been made, or (``event``) of an action that moves nothing."""
    return StatusChange.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        from_status=previous,
        to_status=obj.status,
        event=event,
        by=by if getattr(by, "pk", None) else None,
        by_label=by_label,
        note=note,
    )


def record_event(action: "Action", obj, *, by=None, note: str = "") -> StatusChange:
    """Record in the history an action that moves no status (a reminder, a new link): from == to."""
    return record(obj, previous=obj.status, by=by, note=(note or "").strip(), event=action.name)


def move(model, pk, target: str, *, by=None, by_label: str = "", note: str = "", stamp: str | None = None):
    """Lock the row, check and make the move, stamp the time, record it. Call inside atomic().

    The only place a status is assigned."""
    obj = model.objects.select_for_update().get(pk=pk)
    obj.check_transition(target)
    previous, obj.status = obj.status, target
    now = timezone.now()
    obj.status_changed_at = now
    fields = ["status", "status_changed_at"]
    if stamp:
        setattr(obj, stamp, now)
        fields.append(stamp)
    obj.save(update_fields=fields)
    record(obj, previous=previous, by=by, by_label=by_label, note=note)
    return obj


def check_allowed(action: "Action", obj, by) -> None:
    """Refuse ``by`` (a staff user; None for the service itself) an action it may not take on ``obj``.

    Every workflow function that records a decision calls this with the row it has locked."""
    if by is None or not getattr(by, "pk", None):
        return
    if action.permission and not by.has_perm(action.permission):
        raise ValidationError(
            _("You do not have permission to %(action)s."),
            code="permission_denied",
            params={"action": str(action.label).lower()},
        )
    access.check_may_decide(by, obj)


def clean_note(action: "Action", note: str) -> str:
    note = (note or "").strip()
    if action.note_required and not note:
        raise ValidationError(action.note_required_message or NOTE_REQUIRED, code="note_required")
    return note


@dataclass(frozen=True)
class Action:
    """One thing staff can do to a contribution or a case study, declared once.

    ``function(<entity>=obj, by=user, note=..., **form fields)`` does it. ``target`` is the
    status it moves to (its sources come from the model's ``TRANSITIONS``); an action that
    moves no status says where it is offered with ``offered_from`` and, if it needs more,
    ``offered_if``."""

    name: str  # in URLs and codes: "publish"
    label: str  # on buttons: "Publish"
    done: str  # in messages: "published"
    function: Callable
    target: str | None = None
    offered_from: frozenset[str] | None = None
    offered_if: Callable | None = None
    bulk_label: str = ""  # in the list's action menu
    explain: str = ""  # what will happen, on the confirmation page
    note_required: bool = False
    note_required_message: str = ""
    email_kind: str = ""
    permission: str = ""  # beyond the change permission; e.g. publishing is the editors'
    history: str = ""  # in the history, for an action that moves no status: "Reminder sent"

    def sources(self, model) -> frozenset[str]:
        if self.offered_from is not None:
            return self.offered_from
        return frozenset(status for status, targets in model.TRANSITIONS.items() if self.target in targets)

    def is_offered(self, obj) -> bool:
        """Whether the action can be taken on ``obj`` as it stands (not who may take it)."""
        if obj.status not in self.sources(type(obj)):
            return False
        return self.offered_if is None or bool(self.offered_if(obj))

    def refusal(self, obj) -> str:
        """Why the action cannot be taken on ``obj`` as it stands."""
        return str(
            _("A %(thing)s that is %(status)s cannot be %(done)s.")
            % {"thing": obj._meta.verbose_name, "status": obj.get_status_display().lower(), "done": self.done}
        )

    def may(self, user, obj) -> bool:
        """Whether ``user`` may take the action on ``obj``: the same rule ``check_allowed`` enforces."""
        if self.permission and not user.has_perm(self.permission):
            return False
        return access.may_decide(user, obj)


def actions_offered(table: dict[str, Action], obj, user) -> list[Action]:
    """The actions of ``table`` that ``user`` may take on ``obj`` now, in the table's order."""
    return [action for action in table.values() if action.is_offered(obj) and action.may(user, obj)]


@dataclass
class PlannedRow:
    obj: object
    allowed: bool
    reason: str = ""


def plan(*, action: Action, objects: Iterable, user) -> list[PlannedRow]:
    """What the action would do to each row, without doing it."""
    rows = []
    for obj in objects:
        if action.permission and not user.has_perm(action.permission):
            rows.append(PlannedRow(obj, False, str(_("You do not have permission to do this."))))
        elif not access.may_decide(user, obj):
            reason = access.CONFLICT_OF_INTEREST % {"council": access.subject_council(obj)[1]}
            rows.append(PlannedRow(obj, False, str(reason)))
        elif not action.is_offered(obj):
            rows.append(PlannedRow(obj, False, action.refusal(obj)))
        else:
            rows.append(PlannedRow(obj, True))
    return rows


@dataclass
class Result:
    action: Action
    done: list = field(default_factory=list)
    refused: list[tuple[object, str]] = field(default_factory=list)
    emails: dict[str, int] = field(default_factory=dict)  # EmailLog status -> count, after sending


def apply(*, action: Action, entity: str, objects: Iterable, by, note: str = "", **extra) -> Result:
    """Take the action on each row through its workflow function; refuse rows one by one.

    Rows that ``plan`` refuses are refused with its reason, as the confirmation page showed;
    the others go to the workflow function, which checks again under the row lock.

    ``emails`` counts what the action's emails did, read back from the email log once they
    have been tried, so a message can say exactly how many were sent, failed or wait."""
    result = Result(action)
    subjects = []
    for row in plan(action=action, objects=objects, user=by):
        obj = row.obj
        if not row.allowed:
            result.refused.append((obj, row.reason))
            continue
        try:
            returned = action.function(**{entity: obj}, by=by, note=note, **extra)
        except ValidationError as error:  # an illegal move, a conflict of interest, a closed deadline
            result.refused.append((obj, " ".join(error.messages)))
            continue
        result.done.append(obj)
        subjects.append(returned if hasattr(returned, "_meta") and not isinstance(returned, EmailLog) else obj)
    if action.email_kind and subjects:
        result.emails = emails.email_newest_statuses(kind=action.email_kind, about=subjects)
    return result
