"""Take the README's pictures from the demo data: `.venv/bin/python docs/screenshots.py`.

Builds a throwaway SQLite database in a temporary folder (migrate, load_state_rules,
seed_demo), serves it with runserver on a free port, signs in as the demo physician in
Debian's Chromium (Playwright), and writes:

  docs/img/dashboard.png    the compliance dashboard with its progress charts
  docs/img/activities.png   the activity list
  docs/img/transcript.png   page 1 of a transcript PDF (rendered in-process, via pdftoppm)
  docs/img/audit-packet.png page 1 of an audit packet, beside a certificate's caption page
  docs/img/phone-*.png      the first screen of the dashboard, the activity list, a license
                            and the transcripts page on a 375 x 800 phone

Nothing outside the temporary folder and docs/img/ is touched.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "img"
sys.path.insert(0, str(ROOT))

from tests.services import CHROMIUM_FLAGS, free_port, wait_for_http  # noqa: E402

# The demo physician's transcript (or audit packet) of the Texas license, written where the
# caller asks.
TRANSCRIPT_SCRIPT = """
import os
from accounts.demo import DEMO_EMAIL
from accounts.models import User
from reporting.models import Transcript
from reporting.transcripts.services import transcript_request

user = User.objects.get(email=DEMO_EMAIL)
license = user.licenses.select_related("board").get(board__code="TX-MD")
kind = os.environ["TRANSCRIPT_KIND"]
requested = transcript_request(owner=user, license_id=license.pk, kind=kind)  # eager
transcript = Transcript.objects.get(pk=requested.pk)
assert transcript.status == Transcript.Status.READY, transcript.error
with transcript.file.open("rb") as pdf, open(os.environ["TRANSCRIPT_PDF"], "wb") as out:
    out.write(pdf.read())
"""


def manage(env: dict[str, str], *args: str) -> None:
    command = [sys.executable, "manage.py", *args]
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603 - our own manage.py


def main() -> None:
    chromium = shutil.which("chromium")
    pdftoppm = shutil.which("pdftoppm")
    if not chromium or not pdftoppm:
        sys.exit("needs Debian's chromium and poppler-utils (pdftoppm): apt-get install them")
    from accounts.demo import DEMO_EMAIL, DEMO_PASSWORD

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cmetrack-shots-") as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/demo.sqlite3",
            "MEDIA_ROOT": f"{tmp}/media",
            "DEBUG": "true",
            "CELERY_BROKER_URL": "",  # no broker: tasks run in-process (eager)
            "REDIS_URL": "",
            "AWS_STORAGE_BUCKET_NAME": "",
            "EMAIL_URL": "consolemail://",
            "PYTHONWARNINGS": "ignore",
        }
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "load_state_rules")
        manage(env, "seed_demo")

        documents(env, Path(tmp), pdftoppm)

        port = free_port()
        server = subprocess.Popen(  # noqa: S603 - our own runserver on loopback
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for_http(f"{base}/healthz", timeout=60)
            _browse(chromium, base, DEMO_EMAIL, DEMO_PASSWORD)
            _browse_phone(chromium, base, DEMO_EMAIL, DEMO_PASSWORD)
        finally:
            server.terminate()
            server.wait(timeout=10)
    for name in ("dashboard", "activities", "transcript", "audit-packet", *PHONE_SHOTS):
        print(OUT / f"{name}.png")


def documents(env: dict[str, str], tmp: Path, pdftoppm: str) -> None:
    """A transcript's first page, and an audit packet's first page beside the caption page of
    its first certificate (the packet's transcript pages are the transcript's)."""
    for kind, name in (("transcript", "transcript"), ("audit_packet", "audit-packet")):
        pdf = tmp / f"{name}.pdf"
        subprocess.run(  # noqa: S603 - our own manage.py with a fixed script
            [sys.executable, "manage.py", "shell", "-c", TRANSCRIPT_SCRIPT],
            cwd=ROOT,
            env={**env, "TRANSCRIPT_PDF": str(pdf), "TRANSCRIPT_KIND": kind},
            check=True,
        )
        first_page = ["-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile"]
        subprocess.run(  # noqa: S603 - poppler on a PDF we just made
            [pdftoppm, *first_page, str(pdf), str(OUT / name)],
            check=True,
        )
        if kind == "audit_packet":
            _beside_first_caption(pdf, pdftoppm, OUT / f"{name}.png")


def _beside_first_caption(pdf: Path, pdftoppm: str, first: Path) -> None:
    """Put the packet's first certificate caption page to the right of its first page."""
    from PIL import Image
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    caption = next(
        (i for i, page in enumerate(reader.pages) if "CERTIFICATE 1 OF" in page.extract_text()),
        None,
    )
    if caption is None:
        return
    stem = pdf.with_suffix("")
    page = ["-png", "-r", "90", "-f", str(caption + 1), "-l", str(caption + 1), "-singlefile"]
    subprocess.run([pdftoppm, *page, str(pdf), f"{stem}-caption"], check=True)  # noqa: S603
    with Image.open(first) as left, Image.open(f"{stem}-caption.png") as right:
        both = Image.new("RGB", (left.width + right.width + 24, left.height), "#d0d4da")
        both.paste(left, (0, 0))
        both.paste(right, (left.width + 24, 0))
        both.save(first)


def _browse(chromium: str, base: str, email: str, password: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        page = browser.new_page(base_url=base, viewport={"width": 1200, "height": 1000})
        page.set_default_timeout(30_000)
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_url("**/dashboard/")
        page.goto("/dashboard/")  # again, without the "signed in" message
        page.screenshot(path=OUT / "dashboard.png")
        page.goto("/activities/")
        page.screenshot(path=OUT / "activities.png")
        browser.close()


# The first screen a physician sees on a 375 x 800 phone, page by page.
PHONE_SHOTS = ("phone-dashboard", "phone-activities", "phone-license", "phone-transcripts")


def _browse_phone(chromium: str, base: str, email: str, password: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        page = browser.new_page(
            base_url=base, viewport={"width": 375, "height": 800}, device_scale_factor=2
        )
        page.set_default_timeout(30_000)
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_url("**/dashboard/")
        page.goto("/dashboard/")  # again, without the "signed in" message
        page.screenshot(path=OUT / "phone-dashboard.png")
        license_page = page.locator(".license-card h2 a", has_text="TX-MD").get_attribute("href")
        page.goto("/activities/")
        page.screenshot(path=OUT / "phone-activities.png")
        page.goto(license_page or "/dashboard/")
        page.screenshot(path=OUT / "phone-license.png")
        page.goto("/dashboard/transcripts/")
        page.screenshot(path=OUT / "phone-transcripts.png")
        browser.close()


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cmetrack.settings")
    import django

    django.setup()
    main()
