"""Uploaded case study images: checked as images, limited, re-encoded clean, stored at two sizes.

An upload is trusted for nothing. Its size is checked before a byte is decoded; Pillow is
asked to open it as JPEG, PNG or WebP and nothing else (not by its name or the browser's
content type); its dimensions are checked from the header before the pixels are decoded;
it is verified, then decoded in full (a truncated file fails here). The pixels are turned
upright (EXIF orientation), converted to sRGB, and copied into a brand-new image, so no
metadata of the upload survives: no EXIF (GPS included), ICC profile, XMP or comments.
Two JPEGs are stored under random names: a display size and a thumbnail. The original
bytes are never written anywhere, and ``image_response`` serves only the stored JPEGs.
"""

import contextlib
import io
import logging
import secrets
import struct
import threading
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Pillow warns above MAX_IMAGE_PIXELS and refuses above twice that; warnings are errors here.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
MIN_SIDE = 100
MAX_ASPECT_RATIO = 5
DISPLAY_BOX = (1200, 1200)
THUMBNAIL_BOX = (400, 400)
JPEG_QUALITY = 85
SIZES = ("display", "thumbnail")

IMAGE_TOO_BIG = _("The image must be smaller than 10 MB")
IMAGE_NOT_ALLOWED = _("The image must be a JPEG, PNG or WebP file")
IMAGE_TOO_MANY_PIXELS = _("The image has too many pixels: it must be 40 megapixels or fewer")
IMAGE_TOO_SMALL = _("The image must be at least %(min)s pixels wide and high")
IMAGE_BAD_SHAPE = _(
    "The image is too long and thin: it can be at most %(ratio)s times as wide as it is high, or as high as it is wide"
)
IMAGE_DAMAGED = _("The image could not be read: it may be damaged or incomplete. Save it again and choose it again")
IMAGE_EMPTY = _("The selected file is empty")
IMAGE_NOT_STORED = _(
    "The image could not be saved because of a problem on our side. To keep your text, save again "
    "without choosing an image, and add the image later"
)

# What a storage raises when it cannot write: the disk (full, read-only) or, with
# django-storages, S3 (unreachable, refused).
try:
    from botocore.exceptions import BotoCoreError, ClientError
except ImportError:  # pragma: no cover - boto3 is in requirements.txt
    STORAGE_ERRORS: tuple[type[BaseException], ...] = (OSError,)
else:
    STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)

# What Pillow raises on a damaged or hostile file, beyond UnidentifiedImageError.
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, TypeError, KeyError, IndexError, struct.error)


@dataclass(frozen=True)
class ProcessedImage:
    """A clean image ready to store: JPEG bytes at the display size and as a thumbnail."""

    display: bytes
    thumbnail: bytes
    width: int
    height: int


def _read_limited(upload) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(IMAGE_TOO_BIG, code="image_too_big")
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(IMAGE_TOO_BIG, code="image_too_big")
    if not data:
        raise ValidationError(IMAGE_EMPTY, code="image_empty")
    return data


def _check_dimensions(width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        raise ValidationError(IMAGE_TOO_MANY_PIXELS, code="image_too_many_pixels")
    if max(width, height) > MAX_ASPECT_RATIO * min(width, height):
        raise ValidationError(IMAGE_BAD_SHAPE, code="image_bad_shape", params={"ratio": MAX_ASPECT_RATIO})
    if min(width, height) < MIN_SIDE:
        raise ValidationError(IMAGE_TOO_SMALL, code="image_too_small", params={"min": MIN_SIDE})


def _to_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Colour-manage into sRGB when the upload carried a profile; otherwise assume sRGB."""
    if not icc_profile or image.mode not in {"RGB", "RGBA", "CMYK"}:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=output_mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image  # an unusable profile: keep the pixels as they are
    return converted or image


def _flatten(image: Image.Image) -> Image.Image:
    """Plain RGB pixels: transparency laid on white, any other mode converted."""
    if image.mode in {"RGBA", "LA"} or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _fresh_copy(image: Image.Image) -> Image.Image:
    """A new image holding only the pixels: no info, EXIF, XMP, ICC profile or comments."""
    return Image.frombytes("RGB", image.size, image.tobytes())


def _jpeg(image: Image.Image, box: tuple[int, int]) -> bytes:
    sized = image.copy()
    sized.thumbnail(box, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    sized.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


_LOADING = threading.Lock()


@contextlib.contextmanager
def _strict_loading():
    """Decode with Pillow's truncated-file tolerance off, whatever another library set.

    WeasyPrint (the publication PDF) sets ``ImageFile.LOAD_TRUNCATED_IMAGES = True`` for the
    whole process when it is imported; an upload must still fail on a truncated file.
    """
    with _LOADING:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def image_process(upload) -> ProcessedImage:
    """Check an uploaded file and make clean display and thumbnail JPEGs of it.

    Raises ValidationError (with a message for the person uploading) for anything that is not
    a JPEG, PNG or WebP image within the limits. Never raises anything else for a bad file.
    """
    data = _read_limited(upload)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS) as probe:
                _check_dimensions(*probe.size)  # from the header: nothing decoded yet
                probe.verify()
            with Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS) as image, _strict_loading():
                image.load()
                icc_profile = image.info.get("icc_profile")
                upright = ImageOps.exif_transpose(image)
                clean = _fresh_copy(_flatten(_to_srgb(upright, icc_profile)))
        except UnidentifiedImageError as error:
            raise ValidationError(IMAGE_NOT_ALLOWED, code="image_not_allowed") from error
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ValidationError(IMAGE_TOO_MANY_PIXELS, code="image_too_many_pixels") from error
        except MemoryError as error:
            raise ValidationError(IMAGE_TOO_MANY_PIXELS, code="image_too_many_pixels") from error
        except DECODE_ERRORS as error:
            raise ValidationError(IMAGE_DAMAGED, code="image_damaged") from error
    display = _jpeg(clean, DISPLAY_BOX)
    thumbnail = _jpeg(clean, THUMBNAIL_BOX)
    width, height = clean.size
    scale = min(1, DISPLAY_BOX[0] / width, DISPLAY_BOX[1] / height)
    return ProcessedImage(
        display=display, thumbnail=thumbnail, width=round(width * scale), height=round(height * scale)
    )


def image_store(*, case_study_id: int, image: ProcessedImage, storage=None) -> tuple[str, str]:
    """Write the two sizes under fresh random names. Returns (display name, thumbnail name).

    Both are written or neither is: if the storage fails (a full disk, an unreachable bucket),
    whatever part was written is removed and ``ValidationError`` (``image_not_stored``) is
    raised, so the caller's transaction rolls back and no name points at a missing file.
    """
    storage = storage or default_storage
    stem = f"case-studies/{case_study_id}/{secrets.token_hex(16)}"
    names = (f"{stem}-display.jpg", f"{stem}-thumbnail.jpg")
    try:
        display = storage.save(names[0], ContentFile(image.display))
        thumbnail = storage.save(names[1], ContentFile(image.thumbnail))
    except STORAGE_ERRORS as error:
        logger.error("Image for case study %s could not be stored: %r", case_study_id, error)
        _delete_quietly(storage, names)
        raise ValidationError(IMAGE_NOT_STORED, code="image_not_stored") from error
    return display, thumbnail


def _delete_quietly(storage, names) -> None:
    """Remove what a failed write may have left (a partly written file); never raise."""
    for name in names:
        try:
            storage.delete(name)
        except Exception as error:  # noqa: BLE001 - cleaning up after a failure must not hide it
            logger.error("Could not remove the partly stored image %s: %r", name, error)


def image_delete(*names: str, storage=None) -> None:
    """Remove stored files that are no longer used. Missing files are not an error."""
    storage = storage or default_storage
    for name in names:
        if name:
            storage.delete(name)


def image_response(field_file, *, cache_control: str):
    """A response serving a stored image: only ever a JPEG ``image_store`` wrote, never an upload."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.storage.open(field_file.name, "rb")
    except FileNotFoundError as error:
        logger.warning("Image file missing: %s", field_file.name)
        raise Http404 from error
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = cache_control
    response["Content-Disposition"] = "inline"
    return response
