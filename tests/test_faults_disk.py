"""The disk fills up while a council saves its case study with an image: the council gets a
clear error on the form with everything it typed, nothing is half-saved (no image name pointing
at a missing file, no orphaned thumbnail or partial file), and saving again without the image
keeps the text."""

import pytest
from django.core.exceptions import ValidationError

from casestudies import images

from .case_study_helpers import case_study_post, edit_url, image_bytes, invited_case_study, upload
from .full_disk import FullDiskStorage

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_disk(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "tests.full_disk.FullDiskStorage"}}
    FullDiskStorage.saves_left = 0
    yield FullDiskStorage
    FullDiskStorage.saves_left = 0


def stored_files(root) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def post_with_image(case_study, **overrides):
    fields = {
        "title": "Hubs run by neighbours",
        "image": upload(image_bytes(), name="hub.jpg"),
        "image_alt": "Volunteers packing food parcels",
        "image_credit": "Photo: Anytown Council",
        **overrides,
    }
    return case_study_post(case_study, action="save", **fields)


@pytest.mark.parametrize(
    "saves_left",
    [0, 1],
    ids=["full before the display image", "full after the display image, before the thumbnail"],
)
def test_a_full_disk_gives_a_clear_error_keeps_the_text_and_leaves_no_half_record(client, full_disk, saves_left):
    full_disk.saves_left = saves_left
    case_study = invited_case_study()
    data = post_with_image(case_study)
    response = client.post(edit_url(case_study), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "Your changes have not been saved." in html
    assert '<a href="#id_image">The image could not be saved because of a problem on our side' in html
    assert "To keep your text, save again without choosing an image, and add the image later" in html
    # Everything typed is in the form to save again.
    for value in ("Hubs run by neighbours", "Volunteers packing food parcels", "Photo: Anytown Council"):
        assert f'value="{value}"' in html
    assert data["body"] in html and data["standfirst"] in html
    # No half record: the case study is as it was, and nothing (not even part of a file) is on disk.
    case_study.refresh_from_db()
    assert (case_study.version, case_study.title, case_study.image.name, case_study.image_thumbnail.name) == (
        1,
        "",
        "",
        "",
    )
    assert stored_files(full_disk().base_location) == []

    # The advice works: saving again without the image keeps the text.
    data.pop("image")
    assert client.post(edit_url(case_study), data).status_code == 302
    case_study.refresh_from_db()
    assert case_study.title == "Hubs run by neighbours" and not case_study.image


def test_a_full_disk_when_replacing_an_image_keeps_the_old_one_whole(client, full_disk):
    full_disk.saves_left = 2  # room for the first image's two files only
    case_study = invited_case_study()
    assert client.post(edit_url(case_study), post_with_image(case_study)).status_code == 302
    case_study.refresh_from_db()
    old = (case_study.image.name, case_study.image_thumbnail.name)
    assert stored_files(full_disk().base_location) == sorted(old)

    response = client.post(edit_url(case_study), post_with_image(case_study, title="A new title"))
    assert response.status_code == 200
    assert "The image could not be saved because of a problem on our side" in response.content.decode()
    case_study.refresh_from_db()
    assert (case_study.image.name, case_study.image_thumbnail.name) == old
    assert case_study.title == "Hubs run by neighbours"
    assert stored_files(full_disk().base_location) == sorted(old)  # the old files, and nothing else
    assert client.get(edit_url(case_study) + "image/thumbnail/").status_code == 200


def test_image_store_removes_a_partly_written_file_and_says_it_was_not_stored(full_disk):
    full_disk.saves_left = 1
    processed = images.image_process(upload(image_bytes()))
    with pytest.raises(ValidationError) as refused:
        images.image_store(case_study_id=7, image=processed)
    assert refused.value.code == "image_not_stored"
    assert stored_files(full_disk().base_location) == []
