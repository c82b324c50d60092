"""`make audit` never reports a pass it did not earn, and `make clean` cleans.

The dependency audit runs the real pip-audit through .ci/audit_dependencies.py on a lock file
with a package no vulnerability database knows: it must be skipped, whether the database is
reachable here or not, and the audit must say plainly that it was not performed.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WRAPPER = ROOT / ".ci" / "audit_dependencies.py"


def _audit(requirements: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(WRAPPER), "-r", str(requirements)],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def unauditable(tmp_path) -> Path:  # type: ignore[no-untyped-def]
    lock = tmp_path / "base.lock"
    lock.write_text("cmetrack-no-such-package-for-the-audit-test==1.0.0\n")
    return lock


def test_skipped_packages_are_reported_as_an_audit_not_performed(unauditable) -> None:
    result = _audit(unauditable)
    assert result.returncode == 0, result.stderr  # no machine here reaches the database
    assert result.stdout.startswith("dependency audit NOT performed: ")
    assert "pip-audit --strict" in result.stdout  # says how to run it for real
    assert "No known vulnerabilities" not in result.stdout + result.stderr
    assert "passed" not in result.stdout


def test_in_strict_mode_an_audit_not_performed_fails(unauditable) -> None:
    result = _audit(unauditable, AUDIT_STRICT="1")
    assert result.returncode == 1
    assert "dependency audit NOT performed" in result.stdout


def test_the_makefile_runs_the_honest_wrapper_and_clean_has_a_recipe() -> None:
    audit = subprocess.run(
        ["make", "-n", "audit"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert ".ci/audit_dependencies.py -r requirements/base.lock" in audit
    assert "pip-audit --no-deps" not in audit  # never the bare tool with its unearned pass
    clean = subprocess.run(
        # --no-print-directory: under `make test` the outer make would add "Entering directory".
        ["make", "--no-print-directory", "-n", "clean"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert clean.strip().startswith("rm -rf .venv node_modules var staticfiles")
