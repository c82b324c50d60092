"""PNG and JPEG checks: parse the whole image, refusing pixel bombs before decoding them."""

import io
import warnings

from PIL import Image

from .rejection import UploadRejected
from .sniffing import JPEG, PNG

# A 600-dpi scan of a Letter or A4 page is ~35 megapixels; anything much bigger is a bomb or a
# mistake. Decoding the largest allowed image costs at most ~160 MB (RGBA).
MAX_IMAGE_PIXELS = 40_000_000
DAMAGED_IMAGE = (
    "This image is damaged or incomplete; please export it again and upload the new copy."
)


def check_image(data: bytes, content_type: str) -> None:
    """Parse a PNG or JPEG fully, refusing decompression bombs before any pixel is decoded."""
    if content_type == PNG:
        _check_png_structure(data)
    with warnings.catch_warnings():
        # We apply our own, lower limit below, before decoding; Pillow's warning is noise.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:  # reads the header only
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise UploadRejected(_too_many_pixels(width, height))
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                if content_type == JPEG:
                    # Decode at 1/8 scale: every byte is still read (truncation shows), memory is
                    # 1/64 of a full decode.
                    image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                image.load()
        except UploadRejected:
            raise
        except Image.DecompressionBombError as error:
            # Pillow's own, higher limit fires inside open() before we learn the size.
            raise UploadRejected(_too_many_pixels_unknown()) from error
        except Exception as error:
            # Pillow raises many types (OSError, SyntaxError, ValueError, struct.error...) on bad
            # input; every one of them means the same thing to the user.
            raise UploadRejected(DAMAGED_IMAGE) from error


def _too_many_pixels(width: int, height: int) -> str:
    return (
        f"This image is too large in pixels ({width} by {height}); the limit is "
        f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels. Please upload a smaller scan or photo."
    )


def _too_many_pixels_unknown() -> str:
    return (
        f"This image is too large in pixels; the limit is {MAX_IMAGE_PIXELS // 1_000_000} "
        "megapixels. Please upload a smaller scan or photo."
    )


def _check_png_structure(data: bytes) -> None:
    """Walk the chunks: the header size is checked before decoding, nothing may follow IEND."""
    position = 8
    seen_header = False
    while position + 12 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        end = position + 12 + length
        if end > len(data):
            raise UploadRejected(DAMAGED_IMAGE)
        if kind == b"IHDR":
            seen_header = True
            width = int.from_bytes(data[position + 8 : position + 12], "big")
            height = int.from_bytes(data[position + 12 : position + 16], "big")
            if width * height > MAX_IMAGE_PIXELS:
                raise UploadRejected(_too_many_pixels(width, height))
        elif not seen_header:
            raise UploadRejected(DAMAGED_IMAGE)
        position = end
        if kind == b"IEND":
            if data[position:].strip(b"\x00"):
                raise UploadRejected(
                    "This image has extra data hidden after the picture; please export it "
                    "again as a plain PNG or JPEG."
                )
            return
    raise UploadRejected(DAMAGED_IMAGE)
