"""The status-line rule shared by contributions and case studies.

Each model with a status line declares ``TRANSITIONS``: for each status, the statuses it
may move to. ``check_transition`` refuses anything else; the workflow functions call it
before every move, and only they change ``status``.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ILLEGAL_MOVE = _("A %(thing)s that is %(current)s cannot be %(target)s.")


class IllegalTransition(ValidationError):
    """A move that the status line does not allow."""


class StatusMachineMixin:
    TRANSITIONS: dict[str, frozenset[str]] = {}

    @classmethod
    def allowed_targets(cls, status: str) -> frozenset[str]:
        return cls.TRANSITIONS.get(status, frozenset())

    def can_move_to(self, target: str) -> bool:
        return target in self.allowed_targets(self.status)

    def check_transition(self, target: str) -> None:
        if not self.can_move_to(target):
            labels = dict(self.Status.choices)
            raise IllegalTransition(
                ILLEGAL_MOVE,
                code="illegal_transition",
                params={
                    "thing": self._meta.verbose_name,
                    "current": str(labels.get(self.status, self.status)).lower(),
                    "target": str(labels.get(target, target)).lower(),
                },
            )
