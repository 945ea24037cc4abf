"""Property tests of the image pipeline: whatever bytes arrive, ``image_process`` either makes a
clean image or refuses with a ``ValidationError`` carrying one of its own codes. Never anything
else (a server error), whatever Pillow meets: random bytes, valid images cut short anywhere,
valid headers followed by rubbish, and valid images with bytes flipped."""

import io

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image

from casestudies import images

from .case_study_helpers import image_bytes, jpeg_with_gps, upload

KNOWN_CODES = {
    "image_too_big",
    "image_not_allowed",
    "image_too_many_pixels",
    "image_too_small",
    "image_bad_shape",
    "image_damaged",
    "image_empty",
}
FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _png_palette() -> bytes:
    out = io.BytesIO()
    Image.new("P", (160, 120), 3).save(out, format="PNG", transparency=3)
    return out.getvalue()


# Small valid files of every accepted format and several encodings of each.
VALID = {
    "jpeg": image_bytes("JPEG", size=(160, 120)),
    "jpeg-progressive": image_bytes("JPEG", size=(160, 120), progressive=True),
    "jpeg-exif-gps": jpeg_with_gps(size=(160, 120)),
    "png": image_bytes("PNG", size=(160, 120)),
    "png-alpha": image_bytes("PNG", size=(160, 120), alpha=True),
    "png-interlaced": image_bytes("PNG", size=(160, 120), interlace=1),
    "png-palette": _png_palette(),
    "webp": image_bytes("WEBP", size=(160, 120)),
    "webp-lossless": image_bytes("WEBP", size=(160, 120), lossless=True),
    "gif (not allowed)": image_bytes("GIF", size=(160, 120)),
}
# How much of each file is header: enough for Pillow to recognise the format and read the size.
HEADER_BYTES = {"jpeg": 160, "png": 33, "webp": 30, "gif": 13}


def outcome(data: bytes, name: str = "upload.jpg") -> str:
    """ "ok", or the code of the ValidationError. Any other exception fails the test."""
    try:
        processed = images.image_process(upload(data, name=name))
    except ValidationError as error:
        assert error.code in KNOWN_CODES, error.code
        assert error.messages and all(message.strip() for message in error.messages)
        return error.code
    # Success means clean JPEGs within the limits.
    for jpeg, box in ((processed.display, images.DISPLAY_BOX), (processed.thumbnail, images.THUMBNAIL_BOX)):
        with Image.open(io.BytesIO(jpeg)) as made:
            assert made.format == "JPEG"
            assert made.width <= box[0] and made.height <= box[1]
            assert not made.getexif()
    return "ok"


def test_every_valid_sample_is_accepted_and_gif_refused():
    for name, data in VALID.items():
        assert outcome(data) == ("image_not_allowed" if name.startswith("gif") else "ok"), name


@FUZZ
@given(st.binary(max_size=4096))
@example(b"")
@example(b"\xff\xd8\xff")
@example(b"\x89PNG\r\n\x1a\n")
@example(b"RIFF\x00\x00\x00\x00WEBPVP8 ")
def test_random_bytes_are_refused_cleanly(data):
    assert outcome(data) in KNOWN_CODES | {"ok"}


# Bytes at the very end that carry no pixels: JPEG's end-of-image marker, the CRC of PNG's IEND
# chunk. A file missing only those decodes whole, and is accepted (its pixels are re-encoded).
END_MARKER = {"jpeg": 2, "png": 4, "webp": 0, "gif": 0}


def fmt(name: str) -> str:
    return name.split("-")[0].split(" ")[0]


@FUZZ
@given(name=st.sampled_from(sorted(VALID)), cut=st.floats(min_value=0, max_value=1, exclude_max=True))
def test_a_valid_image_cut_short_anywhere_is_refused_cleanly(name, cut):
    data = VALID[name]
    truncated = data[: int(len(data) * cut)]
    result = outcome(truncated)
    if len(data) - len(truncated) > END_MARKER[fmt(name)]:
        assert result != "ok", (name, len(truncated), len(data))


@pytest.mark.parametrize("name", sorted(n for n in VALID if not n.startswith("gif")))
def test_every_valid_image_without_its_last_bytes_is_refused_as_damaged(name):
    """A file cut short (a dropped connection) is refused, never stored half-decoded."""
    data = VALID[name]
    # Cut inside the header (a tiny file) it is not recognised as an image at all.
    assert outcome(data[: len(data) // 2]) in {"image_damaged", "image_not_allowed"}


@FUZZ
@given(
    name=st.sampled_from(sorted(VALID)),
    body=st.binary(min_size=0, max_size=3000),
)
def test_a_valid_header_followed_by_rubbish_is_refused_cleanly(name, body):
    data = VALID[name]
    header = data[: HEADER_BYTES[fmt(name)]]
    assert outcome(header + body) in KNOWN_CODES | {"ok"}


@pytest.mark.filterwarnings("ignore::UserWarning:PIL.TiffImagePlugin")  # Pillow notes damaged EXIF, then goes on
@FUZZ
@given(
    name=st.sampled_from(sorted(VALID)),
    flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(1, 255)), max_size=8),
)
def test_a_valid_image_with_flipped_bytes_is_processed_or_refused_cleanly(name, flips):
    data = bytearray(VALID[name])
    for position, mask in flips:
        data[position % len(data)] ^= mask
    assert outcome(bytes(data)) in KNOWN_CODES | {"ok"}


@FUZZ
@given(
    fmt=st.sampled_from(["JPEG", "PNG", "WEBP"]),
    width=st.integers(1, 700),
    height=st.integers(1, 700),
)
def test_any_size_is_accepted_or_refused_for_its_size(fmt, width, height):
    result = outcome(image_bytes(fmt, size=(width, height)))
    if min(width, height) < images.MIN_SIDE:
        assert result in {"image_too_small", "image_bad_shape"}
    elif max(width, height) > images.MAX_ASPECT_RATIO * min(width, height):
        assert result == "image_bad_shape"
    else:
        assert result == "ok"
