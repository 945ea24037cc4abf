"""No one sees or changes what is not theirs, uploads are images or nothing, and every text is escaped.

A link for case study A never reads or writes B; forged, swapped, tampered and revoked tokens
fail cleanly; hostile files are refused through the form; HTML and script typed into every
text field come out escaped on the form, the check page, the read-only page, the public page
and the admin.
"""

import io

import pytest
import time_machine
from django.core import signing
from django.core.files.storage import default_storage
from PIL import Image

from casestudies import links, workflow
from casestudies.models import CaseStudy
from casestudies.workflow import case_study_reissue_link

from .case_study_helpers import (
    case_study_post,
    edit_url,
    image_bytes,
    invited_case_study,
    jpeg_with_gps,
    page_url,
    upload,
)
from .factories import StaffUserFactory

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
TEXT_FIELDS = (
    "title",
    "standfirst",
    "body",
    "partners",
    "outcomes",
    "enquiry_name",
    "enquiry_role",
    "image_alt",
    "image_credit",
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def two_councils_case_studies(client):
    a, b = invited_case_study(), invited_case_study()
    client.post(edit_url(a), case_study_post(a, action="save", title="Council A secret draft"))
    client.post(edit_url(b), case_study_post(b, action="save", title="Council B secret draft"))
    a.refresh_from_db()
    b.refresh_from_db()
    return a, b


# --- links ---------------------------------------------------------------------------------------------


def test_a_link_opens_only_its_own_case_study(client):
    a, b = two_councils_case_studies(client)
    page = client.get(edit_url(a)).content.decode()
    assert "Council A secret draft" in page
    assert "Council B secret draft" not in page and b.council.name not in page


def test_a_signed_token_naming_b_with_as_key_opens_nothing(client):
    a, b = two_councils_case_studies(client)
    forged = signing.dumps({"c": b.pk, "k": a.access_key}, salt=links.SALT)
    response = client.get(f"/write/{forged}/")
    assert response.status_code == 410
    assert "Council B" not in response.content.decode() and "Council A" not in response.content.decode()
    response = client.post(f"/write/{forged}/", case_study_post(b, action="save", title="Overwritten"))
    assert response.status_code == 410
    b.refresh_from_db()
    assert b.title == "Council B secret draft"


def test_an_unsigned_token_naming_b_opens_nothing(client):
    a, b = two_councils_case_studies(client)
    unsigned = signing.dumps({"c": b.pk, "k": b.access_key}, salt="some-other-salt")
    assert client.get(f"/write/{unsigned}/").status_code == 404
    payload = signing.b64_encode(f'{{"c":{b.pk},"k":"{b.access_key}"}}'.encode()).decode()
    signature_of_a = links.case_study_link_token(a).split(":", 1)[1]
    assert client.get(f"/write/{payload}:{signature_of_a}/").status_code == 404


def test_swapping_the_parts_of_two_tokens_opens_neither(client):
    a, b = two_councils_case_studies(client)
    token_a, token_b = links.case_study_link_token(a), links.case_study_link_token(b)
    payload_a, stamp_a, signature_a = token_a.split(":")
    payload_b, stamp_b, signature_b = token_b.split(":")
    for forged in (
        f"{payload_b}:{stamp_a}:{signature_a}",
        f"{payload_a}:{stamp_b}:{signature_b}",
        f"{payload_a}:{stamp_a}:{signature_b}",
        f"{payload_b}:{stamp_b}:{signature_a}",
        f"{payload_a}:{stamp_a}",
        f"{payload_b}",
    ):
        response = client.get(f"/write/{forged}/")
        assert response.status_code == 404, forged
        assert "secret draft" not in response.content.decode()


def test_bs_pk_in_as_form_post_cannot_reach_b(client):
    a, b = two_councils_case_studies(client)
    data = case_study_post(a, action="save", title="Written through the link of A")
    data.update(pk=str(b.pk), case_study=str(b.pk), id=str(b.pk))
    assert client.post(edit_url(a), data).status_code == 302
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.title == "Written through the link of A" and b.title == "Council B secret draft"


def test_as_link_never_serves_bs_image(client):
    a, b = two_councils_case_studies(client)
    data = case_study_post(b, action="save", image=upload(image_bytes()), image_alt="B's photo", image_credit="B")
    assert client.post(edit_url(b), data).status_code == 302
    assert client.get(page_url(a, "image-display")).status_code == 404
    assert client.get(page_url(b, "image-display")).status_code == 200


def test_an_old_link_stops_working_for_reading_and_writing_once_reissued(client):
    a, _b = two_councils_case_studies(client)
    old = edit_url(a)
    case_study_reissue_link(case_study=a, by=StaffUserFactory())
    assert client.get(old).status_code == 410
    assert client.post(old, case_study_post(a, action="save", title="Sneaky")).status_code == 410
    a.refresh_from_db()
    assert a.title == "Council A secret draft"


# --- uploads through the form --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data,name,content_type,message",
    [
        (b"just text\n" * 50, "photo.jpg", "image/jpeg", "The image must be a JPEG, PNG or WebP file"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;<?php system($_GET['c']); ?>", "x.php.gif", "image/gif", "JPEG, PNG"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "x.svg", "image/svg+xml", "JPEG"),
        (b"\xff\xd8\xff" + b"\0" * (20 * 1024 * 1024), "big.jpg", "image/jpeg", "smaller than 10 MB"),
    ],
    ids=["text-as-jpg", "gif-php-polyglot", "svg", "20-mb"],
)
def test_hostile_uploads_are_refused_in_the_error_summary_and_nothing_is_stored(
    client, tmp_path, data, name, content_type, message
):
    case_study = invited_case_study()
    post = case_study_post(
        case_study, action="save", image=upload(data, name=name, content_type=content_type), image_alt="x"
    )
    post["image_credit"] = "y"
    response = client.post(edit_url(case_study), post)
    page = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_image">' in page and message in page
    assert not (tmp_path / "case-studies").exists()
    case_study.refresh_from_db()
    assert not case_study.image


def test_a_1_by_100000_png_is_refused_through_the_form(client):
    case_study = invited_case_study()
    out = io.BytesIO()
    Image.new("L", (1, 100_000)).save(out, format="PNG")
    post = case_study_post(
        case_study, action="save", image=upload(out.getvalue(), name="l.png"), image_alt="a", image_credit="b"
    )
    assert "too long and thin" in client.post(edit_url(case_study), post).content.decode()


def test_a_truncated_jpeg_is_refused_through_the_form(client):
    case_study = invited_case_study()
    data = image_bytes(size=(1000, 800), quality=95)
    post = case_study_post(
        case_study, action="save", image=upload(data[: len(data) // 3]), image_alt="a", image_credit="b"
    )
    assert "could not be read" in client.post(edit_url(case_study), post).content.decode()


def test_the_stored_image_of_a_jpeg_with_gps_has_no_exif_and_the_original_is_not_kept(client, tmp_path):
    case_study = invited_case_study()
    original = jpeg_with_gps()
    post = case_study_post(
        case_study, action="save", image=upload(original, name="IMG_0001.jpg"), image_alt="a", image_credit="b"
    )
    assert client.post(edit_url(case_study), post).status_code == 302
    case_study.refresh_from_db()
    stored = sorted(p for p in (tmp_path / "case-studies").rglob("*") if p.is_file())
    assert [p.name.split("-", 1)[1] for p in stored] == ["display.jpg", "thumbnail.jpg"]
    assert all("IMG_0001" not in str(p) for p in stored)
    for path in stored:
        data = path.read_bytes()
        assert data != original and b"SecretCam" not in data and b"Exif" not in data
        image = Image.open(io.BytesIO(data))
        assert not image.getexif() and "icc_profile" not in image.info
    served = b"".join(client.get(page_url(case_study, "image-display")).streaming_content)
    assert served == default_storage.open(case_study.image.name).read()


# --- escaping ------------------------------------------------------------------------------------------


def hostile_case_study(client) -> CaseStudy:
    case_study = invited_case_study()
    data = case_study_post(
        case_study,
        action="save",
        image=upload(image_bytes()),
        **{field: PAYLOAD for field in TEXT_FIELDS},
    )
    assert client.post(edit_url(case_study), data).status_code == 302
    case_study.refresh_from_db()
    return case_study


def assert_escaped(page: str, at_least: int = 1):
    assert PAYLOAD not in page
    assert "<script>alert" not in page and "<img src=x" not in page
    assert page.count(ESCAPED) >= at_least


def test_html_in_every_field_is_escaped_on_the_form_and_the_check_page(client):
    case_study = hostile_case_study(client)
    assert_escaped(client.get(edit_url(case_study)).content.decode(), at_least=len(TEXT_FIELDS))
    assert_escaped(client.get(page_url(case_study, "check")).content.decode(), at_least=len(TEXT_FIELDS))


def test_html_is_escaped_when_shown_back_after_an_error_and_after_the_deadline(client):
    case_study = invited_case_study()
    data = case_study_post(case_study, action="save", **{field: PAYLOAD for field in TEXT_FIELDS})
    data["title"] = "x" * 200
    assert_escaped(client.post(edit_url(case_study), data).content.decode(), at_least=len(TEXT_FIELDS) - 1)
    with time_machine.travel(case_study.call.case_study_deadline_at, tick=False):
        data["title"] = PAYLOAD
        assert_escaped(client.post(edit_url(case_study), data).content.decode(), at_least=len(TEXT_FIELDS))


def test_html_is_escaped_on_the_public_page_and_in_the_admin(client, admin_client):
    case_study = hostile_case_study(client)
    post = case_study_post(case_study, action="continue", **{field: PAYLOAD for field in TEXT_FIELDS})
    post["body"] = " ".join(["word"] * 280) + " " + PAYLOAD
    assert client.post(edit_url(case_study), post).status_code == 302
    case_study.refresh_from_db()
    assert client.post(page_url(case_study, "check"), {"version": case_study.version}).status_code == 302
    editor = StaffUserFactory()
    workflow.case_study_approve(case_study=case_study, by=editor)
    published = workflow.case_study_publish(case_study=case_study, by=editor)
    public = client.get(published.get_absolute_url()).content.decode()
    assert_escaped(public, at_least=len(TEXT_FIELDS) - 1)
    admin_page = admin_client.get(f"/admin/casestudies/casestudy/{case_study.pk}/change/").content.decode()
    assert PAYLOAD not in admin_page and "<script>alert" not in admin_page
    changelist = admin_client.get("/admin/casestudies/casestudy/").content.decode()
    assert PAYLOAD not in changelist and ESCAPED in changelist
    locked = client.get(edit_url(case_study)).content.decode()
    assert_escaped(locked, at_least=len(TEXT_FIELDS) - 1)
