"""Uploaded images are checked as images, limited, re-encoded without metadata, and stored at two sizes."""

import io
import struct
import zlib
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from PIL import Image

from casestudies import images
from casestudies.models import CaseStudy

from .case_study_helpers import image_bytes, jpeg_with_gps, upload


def refused(data: bytes, name="photo.jpg", content_type="image/jpeg") -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        images.image_process(upload(data, name=name, content_type=content_type))
    return caught.value


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims to be width × height pixels but holds almost no data (a decompression bomb)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_jpeg_png_and_webp_are_accepted_and_re_encoded_as_jpeg(fmt):
    processed = images.image_process(upload(image_bytes(fmt=fmt, size=(1600, 900)), name="x.bin"))
    for data, box in [(processed.display, images.DISPLAY_BOX), (processed.thumbnail, images.THUMBNAIL_BOX)]:
        stored = Image.open(io.BytesIO(data))
        assert stored.format == "JPEG"
        assert stored.width <= box[0] and stored.height <= box[1]
    assert (processed.width, processed.height) == (1200, 675)


def test_a_transparent_png_is_laid_on_white():
    processed = images.image_process(
        upload(image_bytes(fmt="PNG", size=(300, 300), colour=(0, 0, 0, 0), alpha=True), name="logo.png")
    )
    pixel = Image.open(io.BytesIO(processed.display)).convert("RGB").getpixel((10, 10))
    assert min(pixel) > 240


def test_exif_gps_icc_and_comments_are_stripped_and_orientation_applied():
    original = jpeg_with_gps(size=(800, 600))
    assert b"SecretCam" in original and b"<?php" in original
    processed = images.image_process(upload(original))
    for data in (processed.display, processed.thumbnail):
        stored = Image.open(io.BytesIO(data))
        assert not stored.getexif()
        assert not stored.getexif().get_ifd(0x8825)
        assert "exif" not in stored.info and "icc_profile" not in stored.info and "comment" not in stored.info
        assert "xmp" not in stored.info
        assert b"SecretCam" not in data and b"<?php" not in data and b"Exif" not in data
    # Orientation 6 means the camera was turned: the stored image is upright (portrait).
    assert (processed.width, processed.height) == (600, 800)


@pytest.mark.parametrize(
    "data,name",
    [
        (b"This is a text file, not a photo.\n" * 20, "notes.jpg"),
        (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04<?php system($_GET['c']); ?>;", "x.gif"),
        (
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="400" height="400">'
            b'<script>alert(1)</script><rect width="400" height="400"/></svg>',
            "drawing.svg",
        ),
        (b"%PDF-1.4\n1 0 obj<<>>endobj\n", "document.jpg"),
    ],
    ids=["text-renamed-jpg", "gif-php-polyglot", "svg", "pdf"],
)
def test_files_that_are_not_jpeg_png_or_webp_are_refused_whatever_their_name(data, name):
    error = refused(data, name=name, content_type="image/jpeg")
    assert error.code == "image_not_allowed"
    assert error.messages == ["The image must be a JPEG, PNG or WebP file"]


def test_a_real_gif_is_refused():
    assert refused(image_bytes(fmt="GIF", size=(300, 300)), name="anim.gif").code == "image_not_allowed"


def test_a_1_by_100000_pixel_png_is_refused_as_too_long_and_thin():
    out = io.BytesIO()
    Image.new("L", (1, 100_000)).save(out, format="PNG")
    error = refused(out.getvalue(), name="line.png")
    assert error.code == "image_bad_shape"
    assert "too long and thin" in error.messages[0]


def test_a_tiny_image_is_refused():
    assert refused(image_bytes(size=(40, 40))).code == "image_too_small"


@pytest.mark.parametrize("size", [(8000, 6000), (50_000, 50_000)], ids=["48-megapixels", "2.5-gigapixels"])
def test_more_than_40_megapixels_is_refused_before_decoding(size):
    error = refused(png_header_only(*size), name="bomb.png")
    assert error.code == "image_too_many_pixels"
    assert error.messages == ["The image has too many pixels: it must be 40 megapixels or fewer"]


def test_a_file_over_10_mb_is_refused_before_pillow_sees_it():
    big = upload(b"\xff\xd8\xff" + b"\0" * (20 * 1024 * 1024), name="huge.jpg")
    with mock.patch.object(images.Image, "open") as pillow_open, pytest.raises(ValidationError) as caught:
        images.image_process(big)
    assert caught.value.code == "image_too_big"
    assert caught.value.messages == ["The image must be smaller than 10 MB"]
    pillow_open.assert_not_called()


def test_a_stream_that_says_it_is_small_but_is_not_is_still_cut_off():
    big = upload(b"\0" * (images.MAX_BYTES + 10))
    big.size = 100  # a lying size must not let more than 10 MB through
    with pytest.raises(ValidationError) as caught:
        images.image_process(big)
    assert caught.value.code == "image_too_big"


def test_a_truncated_jpeg_is_refused_as_damaged():
    data = image_bytes(size=(1200, 900), colour=(10, 200, 30), quality=95)
    assert refused(data[: len(data) // 2]).code == "image_damaged"


def test_an_empty_file_is_refused():
    assert refused(b"").code == "image_empty"


def test_a_jpeg_with_corrupt_data_after_a_valid_header_is_refused():
    data = bytearray(image_bytes(size=(600, 400)))
    data[400:2000] = b"\xff" * 1600
    with pytest.raises(ValidationError):
        images.image_process(upload(bytes(data)))


def test_stored_files_get_fresh_random_names_and_can_be_deleted(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    processed = images.image_process(upload(image_bytes()))
    first = images.image_store(case_study_id=7, image=processed)
    second = images.image_store(case_study_id=7, image=processed)
    assert first != second
    assert all(name.startswith("case-studies/7/") and name.endswith(".jpg") for name in first)
    assert (tmp_path / first[0]).read_bytes() == processed.display
    images.image_delete(*first, "")
    assert not (tmp_path / first[0]).exists() and not (tmp_path / first[1]).exists()


def test_a_truncated_jpeg_is_refused_even_after_weasyprint_loosened_pillow():
    import weasyprint  # noqa: F401 - importing it sets the flag, as the publication download does
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    data = image_bytes(size=(1200, 900), colour=(10, 200, 30), quality=95)
    assert refused(data[: len(data) // 2]).code == "image_damaged"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # put back for WeasyPrint


def test_image_response_serves_a_stored_jpeg_with_the_given_cache_control(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    processed = images.image_process(upload(image_bytes()))
    display, _thumbnail = images.image_store(case_study_id=7, image=processed)
    response = images.image_response(CaseStudy(image=display).image, cache_control="private, no-store")
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == "inline"
    assert b"".join(response.streaming_content) == processed.display


@pytest.mark.parametrize("name", ["", "case-studies/7/gone.jpg"])
def test_image_response_is_a_404_for_no_image_or_a_missing_file(settings, tmp_path, name):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(Http404):
        images.image_response(CaseStudy(image=name).image, cache_control="private, no-store")
