"""The sample-certificate corpus: certificates.json rendered with WeasyPrint, then scanned and
photographed (rasterised with pdftoppm, turned a few degrees, blurred, speckled and
JPEG-compressed with Pillow).

Files are built on first use and cached under the system's temp folder, keyed by a hash of the
layouts, the data and this builder, so a changed layout rebuilds and nothing large is committed.
"""

import datetime
import hashlib
import io
import json
import os
import random
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops, ImageFilter

from .layouts import BASE, template

HERE = Path(__file__).resolve().parent
DATA = HERE / "certificates.json"
PDF = "application/pdf"
JPEG = "image/jpeg"


@dataclass(frozen=True)
class Expected:
    """What a careful reader takes from one certificate, and the pages it covers."""

    id: str
    first_page: int
    last_page: int
    title: str
    provider: str
    learner_name: str
    started_on: datetime.date | None
    completed_on: datetime.date | None
    credits: Decimal | None
    credit_type: str | None
    format: str | None
    topics: tuple[str, ...]
    designation_statement: bool
    participation: bool


@dataclass(frozen=True)
class SampleFile:
    id: str
    pages: tuple[dict[str, Any], ...]
    certificates: tuple[Expected, ...]
    # Written after the reader was tuned on the rest: scored apart, never fitted to.
    holdout: bool = False

    @property
    def bundle(self) -> bool:
        return len(self.certificates) > 1 or len(self.pages) > 1


@dataclass(frozen=True)
class Sample:
    """One file to read: its bytes, how it was made ("pdf", "scan", "photo") and what it says."""

    file: SampleFile
    kind: str
    content_type: str
    data: bytes

    @property
    def id(self) -> str:
        return f"{self.file.id}:{self.kind}"


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


@cache
def sample_files() -> tuple[SampleFile, ...]:
    files = []
    for entry in json.loads(DATA.read_text(encoding="utf-8"))["files"]:
        pages = tuple(entry["pages"])
        certificates: list[Expected] = []
        for number, page in enumerate(pages, start=1):
            if "expected" not in page:  # a continuation page extends the certificate before it
                last = certificates[-1]
                certificates[-1] = Expected(**{**last.__dict__, "last_page": number})
                continue
            fields = page["expected"]
            certificates.append(
                Expected(
                    id=page.get("id", entry["id"]),
                    first_page=number,
                    last_page=number,
                    title=fields["title"],
                    provider=fields["provider"],
                    learner_name=fields["learner_name"],
                    started_on=_date(fields["started_on"]),
                    completed_on=_date(fields["completed_on"]),
                    credits=Decimal(fields["credits"]) if fields["credits"] else None,
                    credit_type=fields["credit_type"],
                    format=fields["format"],
                    topics=tuple(fields["topics"]),
                    designation_statement=fields["designation_statement"],
                    participation=fields["participation"],
                )
            )
        files.append(
            SampleFile(entry["id"], pages, tuple(certificates), entry.get("holdout", False))
        )
    return tuple(files)


def html(file: SampleFile) -> str:
    parts = []
    for page in file.pages:
        values = {**page.get("expected", {}), **page["print"]}
        values = {key: escape(str(value)) for key, value in values.items() if value is not None}
        body = template(page["layout"]).substitute(values)
        parts.append(f'<section style="break-after: page">{body}</section>')
    head = f"<head><meta charset='utf-8'><style>{BASE}</style></head>"
    return f"<!doctype html><html>{head}<body>{''.join(parts)}</body></html>"


@cache
def _cache_dir() -> Path:
    digest = hashlib.sha256()
    for source in (DATA, HERE / "layouts.py", Path(__file__)):
        digest.update(source.read_bytes())
    root = Path(
        os.environ.get(
            "CMETRACK_CORPUS_CACHE", Path(tempfile.gettempdir()) / "cmetrack-certificate-corpus"
        )
    )
    folder = root / digest.hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _cached(name: str, make: Any) -> bytes:
    path = _cache_dir() / name
    if path.is_file():
        return path.read_bytes()
    data: bytes = make()
    partial = path.with_suffix(path.suffix + f".{os.getpid()}.part")
    partial.write_bytes(data)
    partial.replace(path)  # two test processes may build the same file; both write whole files
    return data


def text_pdf(file: SampleFile) -> bytes:
    import weasyprint

    return _cached(f"{file.id}.pdf", lambda: weasyprint.HTML(string=html(file)).write_pdf())


def _pages_as_images(pdf: bytes, *, dpi: int, gray: bool) -> list[Image.Image]:
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm (poppler-utils) builds the scanned corpus"
    with tempfile.TemporaryDirectory(prefix="cmetrack-corpus-") as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        options = ["-gray"] if gray else []
        subprocess.run(
            [pdftoppm, *options, "-r", str(dpi), "-png", str(source), f"{folder}/page"], check=True
        )
        return [Image.open(path).copy() for path in sorted(Path(folder).glob("page-*.png"))]


def _speckle(image: Image.Image, rng: random.Random, sigma: float) -> Image.Image:
    noise = Image.effect_noise(image.size, sigma)
    if image.mode == "RGB":
        noise = Image.merge("RGB", (noise, noise, noise))
    return ImageChops.add(image, noise.convert(image.mode), 1.0, -128)


def _scan(file: SampleFile, seed: int) -> bytes:
    rng = random.Random(seed)
    pages = []
    for page in _pages_as_images(text_pdf(file), dpi=200, gray=True):
        page = page.rotate(rng.uniform(-1.5, 1.5), resample=Image.Resampling.BICUBIC, fillcolor=255)
        page = page.filter(ImageFilter.GaussianBlur(0.6))
        pages.append(_speckle(page, rng, 18))
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=200, save_all=True, append_images=pages[1:], quality=70)
    return out.getvalue()


def _photo(file: SampleFile, seed: int) -> bytes:
    """The first page photographed on a desk: askew, soft, unevenly lit, heavily compressed."""
    rng = random.Random(seed)
    page = _pages_as_images(text_pdf(file), dpi=160, gray=False)[0].convert("RGB")
    desk = Image.new("RGB", (page.width + 160, page.height + 160), (112, 96, 80))
    desk.paste(page, (80, 80))
    angle = rng.choice((-1, 1)) * rng.uniform(1.5, 3.5)
    photo = desk.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=(112, 96, 80))
    shade = Image.linear_gradient("L").resize(photo.size).point(lambda v: 255 - v // 5)
    photo = ImageChops.multiply(photo, Image.merge("RGB", (shade, shade, shade)))
    photo = photo.filter(ImageFilter.GaussianBlur(0.9))
    photo = _speckle(photo, rng, 12)
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=55)
    return out.getvalue()


def tuned_files() -> tuple[SampleFile, ...]:
    return tuple(file for file in sample_files() if not file.holdout)


def held_out_files() -> tuple[SampleFile, ...]:
    return tuple(file for file in sample_files() if file.holdout)


def samples(kind: str, files: tuple[SampleFile, ...] | None = None) -> list[Sample]:
    """The files (all but the held-out ones by default) made as `kind`: "pdf", "scan" or
    "photo" (single pages only)."""
    chosen = tuned_files() if files is None else files
    made = []
    for file in chosen:
        seed = int(hashlib.sha256(file.id.encode()).hexdigest()[:8], 16)
        if kind == "pdf":
            made.append(Sample(file, kind, PDF, text_pdf(file)))
        elif kind == "scan":
            data = _cached(f"{file.id}.scan.pdf", lambda f=file, s=seed: _scan(f, s))
            made.append(Sample(file, kind, PDF, data))
        elif kind == "photo" and not file.bundle:
            data = _cached(f"{file.id}.photo.jpg", lambda f=file, s=seed: _photo(f, s + 1))
            made.append(Sample(file, kind, JPEG, data))
    return made


def by_id(*ids: str) -> tuple[SampleFile, ...]:
    files = {file.id: file for file in sample_files()}
    return tuple(files[i] for i in ids)
