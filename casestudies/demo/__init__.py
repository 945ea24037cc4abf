"""Sample content for demonstrations (``manage.py seed_demo``): the councils, the call, the plan
and their removal in ``content``, writing the plan in ``write``, the invented words in
``text``. Invented councils only."""

from .content import demo_call, demo_councils, demo_plan, demo_reset, demo_sample_exists
from .write import demo_bulk_write_bypassing_workflow, demo_write_with_workflow

__all__ = [
    "demo_bulk_write_bypassing_workflow",
    "demo_call",
    "demo_councils",
    "demo_plan",
    "demo_reset",
    "demo_sample_exists",
    "demo_write_with_workflow",
]
