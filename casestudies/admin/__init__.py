"""The staff side, one module per audience. Status is read-only everywhere: moves happen
through the workflow functions."""

from . import audit, case_studies, reference, submissions, users, wording  # noqa: F401 - registers the ModelAdmins
