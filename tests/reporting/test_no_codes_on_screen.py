"""No page a physician reads, and no PDF they download, shows a credit-type or topic code
("aoa-1a", "opioid-prescribing") where its name belongs.

The physician's pages are crawled from the dashboard by following every link to this site; only
text a person sees is checked (never attributes, URLs or scripts). The transcripts of every
license are rendered and read back with pypdf.
"""

import datetime
import io
import re
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from accounts.demo import demo_physician_create
from activities.demo import demo_activities_create
from activities.models import Activity, CreditType, Topic
from reporting import transcripts
from reporting.engine.vocabulary import CREDIT_TYPE_NAMES, TOPIC_NAMES
from reporting.licenses.demo import demo_licenses_create
from reporting.models import Board, License
from reporting.rules.services import state_rules_load
from tests.factories import answers
from tests.reporting.conftest import reference_subset

pytestmark = pytest.mark.django_db

# Pages that are not for reading: files, signing out, the API's own pages. The public rule
# book (/rules/) is the curators' audit record, quoting the research in its own words.
SKIPPED = re.compile(r"(\.zip|\.csv|\.ics|\.pdf|/download|/logout|/api/|/static/|/media/|^/rules/)")
# English that happens to spell a code: "a certified pain-management clinic".
ENGLISH = ("pain-management clinic",)
INVISIBLE = {"script", "style", "template", "noscript"}


class VisibleText(HTMLParser):
    """The text of a page as a person reads it, and the links it offers."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in INVISIBLE:
            self._hidden += 1
        if tag == "a":
            self.links.extend(value for name, value in attrs if name == "href" and value)

    def handle_endtag(self, tag: str) -> None:
        if tag in INVISIBLE and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def codes() -> set[str]:
    """Every credit-type and topic code that is not also an ordinary word ("other",
    "nutrition" and "dementia" are both)."""
    known = {
        *CREDIT_TYPE_NAMES,
        *TOPIC_NAMES,
        *CreditType.objects.values_list("slug", flat=True),
        *Topic.objects.values_list("slug", flat=True),
    }
    return {code for code in known if "-" in code}


def codes_in(text: str) -> list[str]:
    for phrase in ENGLISH:
        text = text.replace(phrase, "")
    return sorted(
        code for code in codes() if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text)
    )


@pytest.fixture
def physician():  # type: ignore[no-untyped-def]
    """The demo physician (Texas, California, the DEA) with a Florida DO license and AOA
    credits on Florida's topics besides."""
    state_rules_load(document=reference_subset("TX", "CA", "FL"))
    user = demo_physician_create(email="codes@example.com", password="codes-are-not-names-1")
    demo_activities_create(user=user)
    demo_licenses_create(user=user)
    today = timezone.localdate()
    License.objects.create(
        owner=user,
        board=Board.objects.get(code="FL-DO"),
        number="OS12345",
        issued_on=datetime.date(2012, 1, 1),
        expires_on=today + datetime.timedelta(days=400),
        condition_answers=answers(),
    )
    for slug, topic_slugs in [
        ("aoa-1a", ["risk-management", "end-of-life-care"]),
        ("aoa-1b", ["hiv-aids"]),
        ("aoa-2a", ["laws-and-rules", "medical-errors"]),
    ]:
        activity = Activity.objects.create(
            owner=user,
            title=f"Osteopathic course ({slug})".replace(slug, CREDIT_TYPE_NAMES[slug]),
            provider="Florida Osteopathic Medical Association",
            completed_on=today - datetime.timedelta(days=30),
            credit_type=CreditType.objects.get(slug=slug),
            credits=Decimal("2.00"),
        )
        activity.topics.set(Topic.objects.filter(slug__in=topic_slugs))
    return user


def test_no_page_of_the_physician_shows_a_code_where_a_name_belongs(physician) -> None:
    client = Client()
    client.force_login(physician)
    seen: set[str] = set()
    queue = ["/dashboard/", "/activities/", "/activities/import", "/certificates/", "/profile/"]
    found: dict[str, list[str]] = {}
    while queue and len(seen) < 150:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        page = VisibleText()
        page.feed(response.content.decode())
        if bad := codes_in(page.text):
            found[path] = bad
        for link in page.links:
            target = urldefrag(link).url
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not target.startswith("/"):
                continue
            if SKIPPED.search(parts.path) or target in seen:
                continue
            queue.append(target)
    assert len(seen) > 20, sorted(seen)  # the crawl reached the record, not just one page
    assert found == {}


def test_no_transcript_shows_a_code_where_a_name_belongs(physician) -> None:
    texts = {}
    for license in physician.licenses.select_related("board"):
        requested = transcripts.transcript_request(owner=physician, license_id=license.pk)
        transcript = transcripts.transcript_render(transcript_id=requested.pk)
        assert transcript is not None, license.board.code
        with transcript.file.open("rb") as pdf:
            reader = PdfReader(io.BytesIO(pdf.read()))
        texts[license.board.code] = " ".join(page.extract_text() for page in reader.pages)
    assert "AOA Category 1-A" in texts["FL-DO"]  # the names are there...
    assert {code: codes_in(text) for code, text in texts.items()} == {
        code: [] for code in texts
    }  # ...and no code


def test_a_code_is_found_when_one_is_shown() -> None:
    """The check can fail: a code in the text is caught, a name or a URL is not."""
    page = VisibleText()
    page.feed(
        '<p>2.00 aoa-1a credits</p><a href="/activities/?topic=opioid-prescribing">Opioid '
        "prescribing</a><script>var t = 'ama-pra-2';</script>"
    )
    assert codes_in(page.text) == ["aoa-1a"]
