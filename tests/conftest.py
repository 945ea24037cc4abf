"""Fixtures shared by every test module. Factories live in tests/factories.py."""

import pytest
from django.utils import timezone

from casestudies.models import Publication

from .collection_helpers import published_case_study
from .factories import CallFactory, CallThemeFactory, CouncilFactory, PrincipleFactory, StaffUserFactory, ThemeFactory
from .language_helpers import compile_catalogue


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, and each worker's own store of public pages empty: no
    page kept by an earlier test is served, and no rate-limit count carries over. (The database
    rolls back; the caches would not.)"""
    from django.core.cache import cache

    from casestudies import public_cache

    cache.clear()
    public_cache.forget_local()


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(tmp_path_factory):
    """Files stored by a test (images, the publications' PDFs) go to a folder of its own, never
    into the project's media/. (Not pytest-django's ``settings``: some tests use that name.)"""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


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


@pytest.fixture
def site(db):
    """A call with a publication, a theme, a council, a principle and one published case study."""
    call = CallFactory(slug="the-call")
    theme = ThemeFactory(name="Food security", slug="food-security")
    CallThemeFactory(call=call, theme=theme)
    council = CouncilFactory(name="Oldham Council", slug="oldham")
    principle = PrincipleFactory(slug="learning")
    Publication.objects.create(
        call=call, title="The report", slug="the-report", introduction="Hi.", published_on=timezone.localdate()
    )
    pantry = published_case_study(
        call=call, title="A community pantry", council=council, theme=theme, principles=[principle]
    )
    return {"call": call, "theme": theme, "council": council, "principle": principle, "pantry": pantry}


def pytest_configure(config):
    """The Welsh catalogue compiled before any test loads it (``make`` does this too)."""
    compile_catalogue()
