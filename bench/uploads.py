"""Uploads: a 10 MB certificate PDF validated and stored (`certificate_store`), on local disk
and on S3 (a moto server on loopback), against the floor: the same bytes saved to
the same storage without validation or text extraction.

The PDF is a real certificate page (text layer + a 10 MB photo), made once with WeasyPrint.
Each repetition uses a different owner so deduplication never short-cuts the work; ours and the
floor alternate in one run. `.venv/bin/python bench/uploads.py [--quick]`.
"""

import io
import random
import statistics
import time
import uuid

import _stack

TARGET_BYTES = 10 * 1024 * 1024


def certificate_pdf() -> bytes:
    """A one-page certificate: WeasyPrint's text layer merged with a noisy ~10 MB JPEG photo."""
    from PIL import Image
    from pypdf import PdfReader, PdfWriter

    from reporting.transcripts.pdf import html_to_pdf

    side = 3200
    image = Image.frombytes("RGB", (side, side), random.Random(10).randbytes(side * side * 3))
    photo = io.BytesIO()
    image.save(photo, "PDF", quality=92, resolution=300)  # embedded as DCTDecode (JPEG)
    text = html_to_pdf(
        "<h1>Certificate of Completion</h1><p>This certifies that Alice Ng, MD completed "
        "Sepsis Update 2026 and is awarded 1.25 AMA PRA Category 1 Credits.</p>",
        pdf_variant=None,
    )
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text)))
    writer.pages[0].merge_page(PdfReader(photo).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def main() -> None:
    repeats = 3 if _stack.quick() else 6
    url = _stack.database_create()
    _stack.django_setup(url)
    from django.conf import settings
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test.utils import override_settings

    from accounts.models import User
    from certificates.services import certificate_store

    pdf = certificate_pdf()
    settings.CERTIFICATE_MAX_BYTES = max(settings.CERTIFICATE_MAX_BYTES, len(pdf))

    def ours() -> float:
        owner = User.objects.create_user(email=f"u{uuid.uuid4().hex[:10]}@example.com")
        upload = SimpleUploadedFile("certificate.pdf", pdf, content_type="application/pdf")
        started = time.perf_counter()
        result = certificate_store(owner=owner, upload=upload)
        seconds = time.perf_counter() - started
        assert result.created, "the certificate was not stored"
        assert result.certificate.text, "no text was read from the certificate"
        return seconds

    def floor() -> float:
        started = time.perf_counter()
        default_storage.save(f"bench/{uuid.uuid4().hex}.pdf", ContentFile(pdf))
        return time.perf_counter() - started

    rows = []
    moto = None
    try:
        from tests.services import start_moto_server  # the test suite's own moto launcher

        moto, endpoint = start_moto_server()
        import boto3

        bucket = f"cmetrack-bench-{uuid.uuid4().hex[:8]}"
        boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",  # noqa: S106 (moto)
        ).create_bucket(Bucket=bucket)
        s3 = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": bucket,
                    "endpoint_url": endpoint,
                    "region_name": "us-east-1",
                    "access_key": "testing",
                    "secret_key": "testing",
                    "default_acl": None,
                    "file_overwrite": False,
                    "addressing_style": "path",
                },
            },
        }
        targets = [
            ("local disk", override_settings()),
            ("S3 (moto)", override_settings(STORAGES=s3)),
        ]
        for name, context in targets:
            with context:
                ours(), floor()  # warm: imports, connections, the bucket
                ours_times, floor_times = [], []
                for _ in range(repeats):
                    ours_times.append(ours())
                    floor_times.append(floor())
            a, b = statistics.median(ours_times), statistics.median(floor_times)
            rows.append([name, len(pdf) / 1e6, a * 1000, b * 1000, f"{a / b:.1f}x"])
    finally:
        if moto is not None:
            moto.terminate()
            moto.wait(timeout=10)
    print(f"Uploads: median of {repeats} alternating runs, in-process")
    _stack.table(["storage", "MB", "validate+store ms", "floor copy ms", "ratio"], rows)
    print("ours = certificate_store (sniff, PDF parse and checks, SHA-256, text layer, save, row);")
    print("floor = default_storage.save of the same bytes")
    print(_stack.load_line())


if __name__ == "__main__":
    main()
