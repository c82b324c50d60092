"""The rules engine at another git revision against this checkout's, interleaved, same inputs.

`.venv/bin/python bench/engine_ab.py REV` extracts `reporting/engine` at REV (git archive) into
a temporary package, builds the same licenses and credits for both (every reference rule set,
100 and 500 random credits each), checks both give the same statuses and earned credits, and
times them in alternating rounds, so a busy neighbour slows both alike. Not part of `make bench`:
it answers "did this engine change make evaluation faster?".
"""

import datetime
import importlib
import random
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 5
TYPES = ("ama-pra-1", "ama-pra-2", "aoa-1a")
TOPICS = ("medical-ethics", "opioid-prescribing", "implicit-bias", "pain-management")
TODAY = datetime.date(2026, 11, 22)


def engine_at(revision: str, folder: Path):  # type: ignore[no-untyped-def]
    archive = subprocess.run(
        ["git", "archive", revision, "reporting/engine"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    (folder / "reporting" / "engine").rename(folder / "engine_then")
    sys.path.insert(0, str(folder))
    return importlib.import_module("engine_then")


def rule_sets_at(revision: str, engine, document: dict, folder: Path) -> list:  # type: ignore[no-untyped-def, type-arg]
    """The rule sets built by REV's own loader, so they are made of REV's engine types.

    Older revisions kept the loader inside the engine; newer ones in `reporting/reference`,
    whose engine imports are pointed at the extracted engine.
    """
    if hasattr(engine, "rule_sets_from_reference"):
        return list(engine.rule_sets_from_reference(document))
    source = subprocess.run(
        ["git", "show", f"{revision}:reporting/reference/rule_sets.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    (folder / "reference_then.py").write_text(
        source.replace("from reporting.engine.", "from engine_then."), encoding="utf-8"
    )
    return list(importlib.import_module("reference_then").rule_sets_from_reference(document))


def cases(engine, rule_sets: list, credits: int) -> list[tuple]:  # type: ignore[no-untyped-def, type-arg]
    rng = random.Random(credits)
    result = []
    for i, spec in enumerate(rule_sets):
        license = engine.LicenseFacts(
            board=spec.boards[0],
            issued_on=datetime.date(2010, 1, 1),
            expires_on=TODAY + datetime.timedelta(days=100 + i),
            cycle_start=None,
            cycle_end=None,
            conditions=frozenset({"dea_registrant", "direct_patient_care"}),
        )
        logged = [
            engine.Credit(
                activity_id=k,
                completed_on=TODAY - datetime.timedelta(days=rng.randrange(900)),
                credit_type=rng.choice(TYPES),
                credits=Decimal("1.25"),
                topics=frozenset({rng.choice(TOPICS)} if k % 5 == 0 else ()),
                title=f"Activity {k}",
            )
            for k in range(credits)
        ]
        result.append((spec, license, logged, TODAY))
    return result


def verdicts(engine, inputs: list[tuple]) -> list[list[tuple]]:  # type: ignore[no-untyped-def, type-arg]
    return [[(r.status.value, r.earned) for r in engine.evaluate(*case).results] for case in inputs]


def main(revision: str) -> None:
    sys.path.insert(0, str(ROOT))
    from reporting import engine as now
    from reporting.reference import rule_sets_from_reference
    from reporting.rule_book import read_rule_book

    document = read_rule_book()
    with tempfile.TemporaryDirectory() as folder:
        then = engine_at(revision, Path(folder))
        then_rules = rule_sets_at(revision, then, document, Path(folder))
        now_rules = rule_sets_from_reference(document)
        print(f"Engine at {revision} (then) against this checkout (now), {ROUNDS} rounds")
        for credits in (100, 500):
            old, new = cases(then, then_rules, credits), cases(now, now_rules, credits)
            assert verdicts(then, old) == verdicts(now, new), "the two engines disagree"
            timings: dict[str, list[float]] = {"then": [], "now": []}
            for _ in range(ROUNDS):
                for name, engine, inputs in (("then", then, old), ("now", now, new)):
                    started = time.perf_counter()
                    for case in inputs:
                        engine.evaluate(*case)
                    timings[name].append((time.perf_counter() - started) / len(inputs))
            a, b = statistics.median(timings["then"]), statistics.median(timings["now"])
            print(
                f"{credits} credits x {len(old)} rule sets: then {a * 1000:.2f} ms, "
                f"now {b * 1000:.2f} ms per evaluation ({a / b:.2f}x); same verdicts"
            )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: bench/engine_ab.py REVISION")
    main(sys.argv[1])
