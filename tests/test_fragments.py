"""{% keep_public %}: a fragment of a public page rendered once and kept until anything public changes."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client
from django.utils import translation

from casestudies import public_cache

from .collection_helpers import published_case_study
from .factories import CallFactory, CouncilFactory, ThemeFactory

TEMPLATE = Template('{% load ccin %}{% keep_public "test" key %}{{ label }}{% endkeep_public %}')


def render(**context) -> str:
    return TEMPLATE.render(Context(context))


def test_a_fragment_is_kept_for_the_same_values_and_made_anew_for_others(db):
    assert render(key="a", label="first") == "first"
    assert render(key="a", label="second") == "first"  # kept: same values
    assert render(key="b", label="second") == "second"


def test_a_fragment_is_made_anew_once_anything_public_changes(db):
    assert render(key="a", label="first") == "first"
    public_cache.new_generation()
    assert render(key="a", label="second") == "second"


def test_a_fragment_is_kept_per_language(db):
    assert render(key="a", label="English") == "English"
    with translation.override("cy"):
        assert render(key="a", label="Cymraeg") == "Cymraeg"
    assert render(key="a", label="other") == "English"


def test_a_fragment_needs_a_name():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load ccin %}{% keep_public %}x{% endkeep_public %}")


def test_with_the_cache_down_a_fragment_is_rendered_each_time(db, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(public_cache.cache, "get", down)
    monkeypatch.setattr(public_cache, "_local", public_cache._Local())
    assert render(key="a", label="first") == "first"
    assert render(key="a", label="second") == "second"


def test_the_filter_form_shows_each_searchs_choices_and_a_new_council(db, django_capture_on_commit_callbacks):
    """The kept filter groups still tick what each address chose, and show a council once it has a case study."""
    call = CallFactory()
    theme, other = ThemeFactory(name="Food security"), ThemeFactory(name="Digital councils")
    published_case_study(call=call, theme=theme, title="Pantry")
    published_case_study(call=call, theme=other, title="Portal")
    client = Client()
    page = client.get("/case-studies/search/", {"q": "pantry", "theme": theme.slug}).content.decode()
    assert f'value="{theme.slug}" checked' in page and f'value="{other.slug}" checked' not in page
    page = client.get("/case-studies/search/", {"q": "portal", "theme": other.slug}).content.decode()
    assert f'value="{other.slug}" checked' in page and f'value="{theme.slug}" checked' not in page
    page = client.get("/case-studies/search/", {"q": "portal"}).content.decode()
    assert "checked" not in page
    council = CouncilFactory(name="Newly Published Borough Council")
    with django_capture_on_commit_callbacks(execute=True):  # publishing makes kept fragments stale
        published_case_study(call=call, theme=theme, council=council, title="Allotments")
    assert "Newly Published Borough Council" in client.get("/case-studies/search/", {"q": "portal"}).content.decode()
