"""Property tests of the private links: any string where a case-study link or a saved-EOI link
token goes, and any payload signed with the right salt, opens nothing and answers with the
clean "this link does not work" page (404) or "this link has been replaced" (410), never a
server error."""

from urllib.parse import quote

import pytest
from django.core import signing
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from casestudies import links, workflow

from .case_study_helpers import invited_case_study

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Any character but "/" (which would end the token's part of the address) and lone surrogates.
TOKEN_TEXT = st.text(
    alphabet=st.characters(exclude_characters="/", exclude_categories=("Cs",)), min_size=1, max_size=300
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=12,
)
KEYS = st.one_of(JSON, st.text(max_size=60), st.just("é" * 43), st.just("\x00"))


@pytest.fixture
def case_study(db):
    return invited_case_study()


def assert_link_problem(response, template: str, statuses=(404, 410)):
    assert response.status_code in statuses, response.status_code
    assert template in [t.name for t in response.templates]
    html = response.content.decode()
    assert "comms@councils.coop" in html  # the page says whom to ask


# --- the case study link: /write/<token>/ ------------------------------------------------------

CASE_STUDY_PAGES = ["", "check/", "sent/", "image/thumbnail/", "image/display/"]


@FUZZ
@given(token=TOKEN_TEXT, page=st.sampled_from(CASE_STUDY_PAGES))
@example(token="a" * 300, page="")
@example(token="..", page="")
@example(token="%00", page="check/")
def test_any_string_as_a_case_study_link_opens_nothing(case_study, token, page):
    response = Client().get(f"/write/{quote(token, safe='')}/{page}")
    assert_link_problem(response, "casestudies/case_study_link_problem.html", statuses=(404,))
    assert response["Cache-Control"] == "private, no-store"


@FUZZ
@given(token=TOKEN_TEXT)
def test_any_string_posted_as_a_case_study_link_changes_nothing(case_study, token):
    version = case_study.version
    response = Client().post(f"/write/{quote(token, safe='')}/", {"title": "Not mine", "version": version})
    assert_link_problem(response, "casestudies/case_study_link_problem.html", statuses=(404,))
    case_study.refresh_from_db()
    assert (case_study.title, case_study.version) == ("", version)


@FUZZ
@given(data=st.data(), payload=st.one_of(JSON, st.fixed_dictionaries({"c": JSON, "k": KEYS})))
@example(data=None, payload={"c": float("inf"), "k": "x"})
@example(data=None, payload={"c": 10**30, "k": "x"})
@example(data=None, payload={"c": "1e400", "k": "x"})
def test_any_payload_signed_as_a_case_study_link_opens_nothing(case_study, data, payload):
    """Even with the server's key (so the signature is good), a payload that names no live link opens nothing."""
    if data is not None and isinstance(payload, dict) and "c" in payload and data.draw(st.booleans()):
        payload = {**payload, "c": case_study.pk}  # the right case study, the wrong key: revoked (410)
    token = signing.dumps(payload, salt=links.SALT)
    response = Client().get(f"/write/{token}/")
    assert_link_problem(response, "casestudies/case_study_link_problem.html")


@FUZZ
@given(position=st.integers(min_value=0), replacement=st.sampled_from("abcXYZ019-_:"))
def test_a_real_link_with_any_one_character_changed_opens_nothing(case_study, position, replacement):
    token = links.case_study_link_token(case_study)
    index = position % len(token)
    altered = token[:index] + replacement + token[index + 1 :]
    response = Client().get(f"/write/{altered}/")
    if altered == token:
        assert response.status_code == 200
    else:
        assert_link_problem(response, "casestudies/case_study_link_problem.html", statuses=(404,))


# --- the saved-EOI link: /calls/<slug>/expression-of-interest/resume/<token>/ ------------------


@FUZZ
@given(token=TOKEN_TEXT)
@example(token="..")
def test_any_string_as_a_saved_eoi_link_opens_nothing(call, token):
    response = Client().get(f"/calls/{call.slug}/expression-of-interest/resume/{quote(token, safe='')}/")
    assert_link_problem(response, "casestudies/eoi_link_invalid.html", statuses=(404,))


@FUZZ
@given(payload=st.one_of(JSON, st.fixed_dictionaries({"s": JSON, "k": KEYS})), its_own_number=st.booleans())
@example(payload={"s": float("inf"), "k": "x"}, its_own_number=False)
@example(payload={"s": float("nan"), "k": "x"}, its_own_number=False)
@example(payload={"s": 0, "k": "é"}, its_own_number=True)
def test_any_payload_signed_as_a_saved_eoi_link_opens_nothing(call, payload, its_own_number):
    saved = workflow.eoi_save_for_later(
        call=call, answers={"contact": {}, "contributions": []}, contact_email="a@example.org"
    )
    if its_own_number and isinstance(payload, dict) and "s" in payload:
        payload = {**payload, "s": saved.pk}  # a real saved EOI, the wrong key
    token = signing.dumps(payload, salt=links.SAVED_EOI_SALT)
    response = Client().get(f"/calls/{call.slug}/expression-of-interest/resume/{token}/")
    assert_link_problem(response, "casestudies/eoi_link_invalid.html", statuses=(404,))
