"""Property tests of the case study form on its private link: no input gives a server error,
and whenever the form comes back with errors, the error summary is there and what was typed
is still in the form."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.html import escape
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from casestudies.models import CaseStudy, Principle

from .case_study_helpers import case_study_post, edit_url, image_bytes, invited_case_study, page_url

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
HOSTILE = st.sampled_from(
    ["<script>alert(1)</script>", "' OR 1=1 --", "\x00", "a\x00b", "%00", "{{ 7*7 }}", "😀" * 80, "x" * 13_000]
)
TEXT = st.one_of(st.text(max_size=200), HOSTILE)
NUMBERISH = st.one_of(st.text(max_size=6), st.integers(-(2**70), 2**70).map(str))
TEXT_FIELDS = [
    "title",
    "standfirst",
    "body",
    "partners",
    "outcomes",
    "enquiry_name",
    "enquiry_role",
    "enquiry_email",
    "image_alt",
    "image_credit",
]
ACTIONS = st.sampled_from(["continue", "save", "", "bogus"])
UPLOADS = st.one_of(
    st.none(),
    st.binary(max_size=600),
    st.just(image_bytes("PNG", size=(200, 150))),
    st.just(image_bytes("JPEG", size=(40, 40))),
)


@pytest.fixture
def case_study(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # a valid image with alt text and credit is stored
    return invited_case_study()


def post_as_typed(case_study, *, text, version, theme, principles, licence, consent, action, image):
    data = case_study_post(case_study, action=action)
    data.update(text)
    for name, value in (("version", version), ("theme", theme), ("principles", principles), ("licence", licence)):
        if value is not None:
            data[name] = value
    if consent is not None:
        data["enquiry_consent"] = consent
    if image is not None:
        data["image"] = SimpleUploadedFile("photo.jpg", image, content_type="image/jpeg")
    return data


@FUZZ
@given(
    text=st.dictionaries(st.sampled_from(TEXT_FIELDS), TEXT, max_size=len(TEXT_FIELDS)),
    title=st.text(max_size=150),
    version=st.one_of(st.none(), NUMBERISH),
    theme=st.one_of(st.none(), NUMBERISH),
    principles=st.one_of(st.none(), st.lists(NUMBERISH, max_size=4)),
    licence=st.one_of(st.none(), st.text(max_size=10), st.sampled_from(CaseStudy.Licence.values)),
    consent=st.one_of(st.none(), st.text(max_size=4)),
    action=ACTIONS,
    image=UPLOADS,
)
@example(
    text={"enquiry_email": "not an email"},
    title="Food hubs that neighbours ran",
    version=None,
    theme=None,
    principles=None,
    licence=None,
    consent=None,
    action="continue",
    image=None,
)
@example(
    text={"body": "\x00"},
    title="Kept <&> title",
    version="1",
    theme="x",
    principles=["9" * 30],
    licence="",
    consent=None,
    action="continue",
    image=b"\x89PNG\r\n\x1a\n",
)
def test_no_input_to_the_case_study_form_gives_a_server_error_and_what_was_typed_is_kept(
    case_study, text, title, version, theme, principles, licence, consent, action, image
):
    data = post_as_typed(
        case_study,
        text={**text, "title": title},
        version=version,
        theme=theme,
        principles=principles,
        licence=licence,
        consent=consent,
        action=action,
        image=image,
    )
    response = Client().post(edit_url(case_study), data)  # a 500 would raise here
    assert response.status_code in (200, 302, 409), response.status_code
    if response.status_code == 302:
        return
    html = response.content.decode()
    if "There is a problem" in html:
        assert html.count('class="govuk-error-summary"') == 1
        assert "<title>Error: " in html
    # What was typed is still in the form (escaped), saved or not.
    if title.strip():
        assert escape(title.strip()) in html


@pytest.mark.parametrize("action", ["continue", "save"])
def test_an_invalid_field_comes_back_with_its_error_and_every_other_field_as_typed(case_study, action):
    data = case_study_post(case_study, action=action, enquiry_email="not an email", title="Hubs & <neighbours>")
    response = Client().post(edit_url(case_study), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter an email address in the correct format" in html
    assert 'value="Hubs &amp; &lt;neighbours&gt;"' in html
    assert escape(data["standfirst"]) in html
    assert data["body"] in html
    assert escape(data["partners"]) in html
    case_study.refresh_from_db()
    assert case_study.title == ""  # nothing saved


@FUZZ
@given(version=st.one_of(st.text(max_size=8), st.integers(-(2**70), 2**70).map(str)))
def test_no_version_posted_to_the_check_page_gives_a_server_error(case_study, version):
    response = Client().post(page_url(case_study, "check"), {"version": version})
    assert response.status_code in (200, 302, 409)


def test_a_hostile_principle_list_is_refused_with_a_message(case_study):
    principle = Principle.objects.first()
    data = case_study_post(case_study, principles=[str(principle.pk), "0", "-1", "x", "9" * 40])
    response = Client().post(edit_url(case_study), data)
    assert response.status_code == 200
    assert "Choose from the co-operative principles listed" in response.content.decode()
