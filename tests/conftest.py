"""Fixtures shared by every test module. Factories live in tests/factories.py."""

import pytest

from .factories import CallFactory, CallThemeFactory, StaffUserFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, and each worker's own store of public pages empty: no
    page kept by an earlier test is served, and no rate-limit count carries over. (The database
    rolls back; the caches would not.)"""
    from django.core.cache import cache

    from casestudies import public_cache

    cache.clear()
    public_cache.forget_local()


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
