"""Reading the sample corpus and scoring each field against what it should say.

Shared by the tests (floors as assertions) and `bench/extraction.py` (the table). A field is
right only when it equals the expected value: titles and providers after folding case, spaces
and punctuation; topics as a whole set.
"""

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from certificates.extraction.readings import CertificateReading, read_certificates

from .build import Expected, Sample

FIELDS = ("title", "provider", "date", "credits", "type", "format", "topics")
EXTRA_FIELDS = ("started", "learner", "designation", "participation", "pages")


def folded(value: str) -> str:
    value = re.sub(r"^the\s+", "", value.strip(), flags=re.I)
    return " ".join(re.sub(r"[^\w]+", " ", value.casefold()).split())


CHECKS: dict[str, Callable[[Expected, CertificateReading], bool]] = {
    "title": lambda e, r: folded(r.suggestions.title) == folded(e.title),
    "provider": lambda e, r: folded(r.suggestions.provider) == folded(e.provider),
    "date": lambda e, r: r.suggestions.completed_on == e.completed_on,
    "credits": lambda e, r: r.suggestions.credits == e.credits,
    "type": lambda e, r: r.suggestions.credit_type == e.credit_type,
    "format": lambda e, r: r.suggestions.format == e.format,
    "topics": lambda e, r: r.suggestions.topics == e.topics,
    "started": lambda e, r: r.suggestions.started_on == e.started_on,
    "learner": lambda e, r: folded(r.suggestions.learner_name) == folded(e.learner_name),
    "designation": lambda e, r: r.suggestions.designation_statement == e.designation_statement,
    "participation": lambda e, r: r.suggestions.participation == e.participation,
    "pages": lambda e, r: (r.first_page, r.last_page) == (e.first_page, e.last_page),
}


@dataclass
class Outcome:
    """One expected certificate, the reading that covers its first page (if any), and which
    fields were right."""

    sample: Sample
    expected: Expected
    reading: CertificateReading | None
    right: dict[str, bool] = field(default_factory=dict)

    @property
    def wrong(self) -> list[str]:
        return [name for name, ok in self.right.items() if not ok]


@dataclass
class Run:
    outcomes: list[Outcome]
    seconds: float
    pages: int

    def accuracy(self, name: str) -> float:
        marks = [o.right[name] for o in self.outcomes]
        return sum(marks) / len(marks) if marks else 0.0


def score(sample: Sample, readings: list[CertificateReading]) -> list[Outcome]:
    outcomes = []
    for expected in sample.file.certificates:
        reading = next((r for r in readings if r.first_page == expected.first_page), None)
        right = {
            name: reading is not None and check(expected, reading) for name, check in CHECKS.items()
        }
        outcomes.append(Outcome(sample, expected, reading, right))
    return outcomes


def read_all(samples: Iterable[Sample]) -> Run:
    outcomes: list[Outcome] = []
    seconds = 0.0
    pages = 0
    for sample in samples:
        began = time.perf_counter()
        readings = read_certificates(sample.data, sample.content_type)
        seconds += time.perf_counter() - began
        pages += 1 if sample.kind == "photo" else len(sample.file.pages)
        outcomes.extend(score(sample, readings))
    return Run(outcomes, seconds, pages)
