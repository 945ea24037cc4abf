"""The nouns of the service and their invariants. Writes that move a status live in workflow/."""

from .audit import EmailLog, StatusChange
from .calls import Call, CallNationTarget, CallTheme, Perspective, Publication
from .case_studies import CaseStudy
from .reference import Council, Principle, StaffProfile, Theme
from .status import IllegalTransition, StatusMachineMixin
from .submissions import Contribution, ExpressionOfInterest, Review, SavedEoi
from .wording import EmailWording

__all__ = [
    "Call",
    "CallNationTarget",
    "CallTheme",
    "CaseStudy",
    "Contribution",
    "Council",
    "EmailLog",
    "EmailWording",
    "ExpressionOfInterest",
    "IllegalTransition",
    "Perspective",
    "Principle",
    "Publication",
    "Review",
    "StatusChange",
    "SavedEoi",
    "StaffProfile",
    "StatusMachineMixin",
    "Theme",
]
