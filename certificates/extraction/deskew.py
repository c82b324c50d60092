"""Straighten a scanned or photographed page before OCR.

A certificate photographed on a desk is rarely square to the camera; three degrees of tilt are
enough for Tesseract's page layout analysis to lose whole paragraphs. The tilt is found the
classic way: the angle at which the page's rows of ink line up best, i.e. at which the
darkness of its horizontal rows varies most (a projection profile), tried on a small copy.
"""

import statistics

from PIL import Image, ImageOps

# Photos of a sheet on a desk stay within a few degrees; beyond that the user retakes it.
MAX_DEGREES = 6.0
_STEP = 0.25
# Below this Tesseract copes with the tilt, and resampling a ruled table blurs its rules into
# the text beside them (measured: tables of straight scans lost to OCR after a 0.5° turn).
_LEAVE_BELOW = 1.0
_PROFILE_WIDTH = 800


def skew_angle(image: Image.Image) -> float:
    """The rotation (degrees, counter-clockwise) that makes the text lines of `image` level."""
    small = ImageOps.grayscale(image)
    # The middle of the page: the edge of the sheet, a desk or a frame would outweigh the text.
    width, height = small.size
    small = small.crop((width // 5, height // 5, width - width // 5, height - height // 5))
    scale = _PROFILE_WIDTH / max(small.width, 1)
    if scale < 1:
        small = small.resize((_PROFILE_WIDTH, max(1, round(small.height * scale))))
    # Ink as bright pixels on black, so the corners a rotation brings in count as no ink.
    ink = ImageOps.invert(ImageOps.autocontrast(small)).point(lambda v: 255 if v > 110 else 0)

    def sharpness(angle: float) -> float:
        turned = ink.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0)
        # One byte per row of the one-pixel-wide grey column: its darkness. (Not getdata(),
        # deprecated in Pillow 13 and gone in 14.)
        rows = list(turned.resize((1, turned.height), Image.Resampling.BOX).tobytes())
        return statistics.pvariance(rows) if len(rows) > 1 else 0.0

    # Coarse to fine: whole degrees first, then quarter degrees around the best.
    best = max((float(d) for d in range(-int(MAX_DEGREES), int(MAX_DEGREES) + 1)), key=sharpness)
    fine = [best + _STEP * k for k in range(-4, 5)]
    return max(fine, key=sharpness)


def straighten(image: Image.Image) -> Image.Image:
    """`image` in grey, turned level (unchanged when it already is)."""
    grey = ImageOps.grayscale(image)
    angle = skew_angle(grey)
    if abs(angle) < _LEAVE_BELOW:
        return grey
    return grey.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
