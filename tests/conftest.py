"""Fixtures shared by every test module. Factories live in tests/factories.py."""

import pytest

from .factories import CallFactory, CallThemeFactory, StaffUserFactory


@pytest.fixture
def call(db):
    """An open call with three themes, linked through CallTheme."""
    call = CallFactory()
    for _ in range(3):
        CallThemeFactory(call=call)
    return call


@pytest.fixture
def staff_user(db):
    return StaffUserFactory()
