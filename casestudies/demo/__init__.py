"""Sample content for demonstrations (``manage.py seed_demo``): the plan and its writing in
``content``, the invented words in ``text``. Invented councils only."""

from .content import (
    demo_bulk_write_bypassing_workflow,
    demo_call,
    demo_councils,
    demo_plan,
    demo_reset,
    demo_sample_exists,
    demo_write_with_workflow,
)

__all__ = [
    "demo_bulk_write_bypassing_workflow",
    "demo_call",
    "demo_councils",
    "demo_plan",
    "demo_reset",
    "demo_sample_exists",
    "demo_write_with_workflow",
]
