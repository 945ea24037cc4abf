"""Property tests: word counting agrees with its definition, and no input to the public
EOI form gives a server error; errors are always shown with the rest of the answers kept."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casestudies.words import count_words

from .eoi_helpers import eoi_form_url, eoi_post

# Every character either language treats as white space (Python's str.split or JavaScript's \s).
WHITE = [c for c in map(chr, range(0x3100)) if c.isspace()] + ["\ufeff"]


@given(st.text())
def test_word_count_is_the_number_of_runs_between_white_space(text):
    runs = [run for run in re.split("[" + re.escape("".join(WHITE)) + "]+", text) if run]
    assert count_words(text) == len(runs)


@given(st.lists(st.text(alphabet=st.characters(blacklist_characters=WHITE), min_size=1), max_size=50), st.data())
def test_joining_n_words_with_any_white_space_counts_n(words, data):
    separators = [data.draw(st.text(alphabet=st.sampled_from(WHITE), min_size=1)) for _ in words]
    text = "".join(word + sep for word, sep in zip(words, separators, strict=True))
    assert count_words(text) == len(words)


@given(st.text(), st.text())
def test_word_count_is_additive_across_white_space(a, b):
    assert count_words(a + " " + b) == count_words(a) + count_words(b)


FIELDS = ["council", "council_name", "contact_name", "contact_role", "contact_email", "contact_phone"]
hostile_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["<script>alert(1)</script>", "' OR 1=1 --", "\x00", "%00", "{{ 7*7 }}", "a" * 5000, "😀" * 80]),
)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    overrides=st.dictionaries(st.sampled_from(FIELDS), hostile_text, max_size=6),
    total=st.one_of(st.text(max_size=5), st.integers(-5, 300).map(str)),
    description=hostile_text,
    theme=st.one_of(st.text(max_size=5), st.integers(-1, 10**9).map(str)),
    action=st.sampled_from(["continue", "add", "remove-0", "remove-99", "remove-x", "save", "", "bogus"]),
)
def test_no_input_to_the_eoi_form_gives_a_server_error(call, overrides, total, description, theme, action):
    cache.clear()
    data = eoi_post(call, action=action, **overrides)
    data["contributions-TOTAL_FORMS"] = total
    data["contributions-0-theme"] = theme
    data["contributions-0-description"] = description
    response = Client().post(eoi_form_url(call), data)
    assert response.status_code in (200, 302, 400)
    if response.status_code == 200 and "There is a problem" in response.content.decode():
        html = response.content.decode()
        assert html.count('class="govuk-error-summary"') == 1
        # The rest of what was typed is still there.
        name = data["contact_name"].replace("\x00", "").strip()  # NUL is dropped on purpose
        if name and len(name) <= 150 and not set(name) & set("<>&'\""):
            assert name in html


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(token=st.text(max_size=200))
def test_no_check_page_token_gives_a_server_error(call, token):
    response = Client().post(f"/calls/{call.slug}/expression-of-interest/check/", {"submission_token": token})
    assert response.status_code in (200, 302)
