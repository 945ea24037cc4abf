"""Every write that moves an EOI, a contribution or a case study along its line.

One module per entity: ``eoi.py``, ``contributions.py``, ``case_studies.py`` (the council's side) and
``case_study_editing.py`` (the editors'); the shared
mechanics (lock, check, move, record; the ``Action`` row; running an action over many rows) in
``base.py``. Each action is one function ``<entity>_<verb>(*, <entity>, by, ...)``: one
transaction, the row locked, an illegal move refused (``IllegalTransition``, from the model's
``TRANSITIONS``), who may decide checked (``access.check_may_decide``), a ``StatusChange``
written and its email queued to send after commit. Admin actions, views and commands call
these; nothing else sets ``status``.

The names are re-exported here, so callers write ``workflow.case_study_publish(...)``.
"""

from .base import Action, PlannedRow, Result, actions_offered, apply, plan
from .case_studies import (
    CASE_STUDY_TEXT_FIELDS,
    COUNCIL_BY_LINK,
    case_study_problems,
    case_study_save,
    case_study_submit,
    case_study_text_languages,
)
from .case_study_editing import (
    CASE_STUDY_ACTIONS,
    case_study_approve,
    case_study_edit,
    case_study_extend_deadline,
    case_study_publish,
    case_study_reissue_link,
    case_study_request_changes,
    case_study_revoke_link,
    case_study_send_reminder,
    case_study_unpublish,
)
from .contributions import (
    CONTRIBUTION_ACTIONS,
    contribution_decline,
    contribution_invite,
    contribution_shortlist,
    contribution_withdraw,
    review_save,
)
from .eoi import ContributionInput, eoi_check, eoi_council_check, eoi_council_create, eoi_save_for_later, eoi_submit

__all__ = [
    "CASE_STUDY_ACTIONS",
    "CASE_STUDY_TEXT_FIELDS",
    "CONTRIBUTION_ACTIONS",
    "COUNCIL_BY_LINK",
    "Action",
    "ContributionInput",
    "PlannedRow",
    "Result",
    "actions_offered",
    "apply",
    "case_study_approve",
    "case_study_edit",
    "case_study_extend_deadline",
    "case_study_problems",
    "case_study_text_languages",
    "case_study_publish",
    "case_study_reissue_link",
    "case_study_request_changes",
    "case_study_revoke_link",
    "case_study_save",
    "case_study_send_reminder",
    "case_study_submit",
    "case_study_unpublish",
    "contribution_decline",
    "contribution_invite",
    "contribution_shortlist",
    "contribution_withdraw",
    "eoi_check",
    "eoi_council_check",
    "eoi_council_create",
    "eoi_save_for_later",
    "eoi_submit",
    "plan",
    "review_save",
]
