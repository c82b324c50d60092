"""Production never runs without a virus scanner by accident, and compose wires one in."""

import os
import subprocess
import sys
from pathlib import Path

import yaml

from tests.cmetrack.test_settings import PRODUCTION, ROOT
from tests.security.production import production_settings

COMPOSE = yaml.safe_load((Path(ROOT) / "docker-compose.yml").read_text())["services"]


def _start(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {*PRODUCTION, "CLAMAV_URL"}}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_a_virus_scanner() -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "CLAMAV_URL"}

    result = _start(**env)

    assert result.returncode != 0
    assert "DEBUG is off: set CLAMAV_URL" in result.stderr


def test_production_scans_with_the_scanner_it_is_given() -> None:
    values = production_settings(["CLAMAV_URL"], CLAMAV_URL="tcp://clamav:3310")
    assert values == {"CLAMAV_URL": "tcp://clamav:3310"}


def test_turning_scanning_off_in_production_must_be_said_in_words() -> None:
    assert production_settings(["CLAMAV_URL"], CLAMAV_URL="disabled") == {"CLAMAV_URL": ""}


def test_compose_runs_clamav_with_fresh_signatures_and_points_the_app_at_it() -> None:
    clamav = COMPOSE["clamav"]
    assert clamav["image"].startswith("clamav/clamav")
    assert clamav["environment"]["CLAMAV_NO_FRESHCLAMD"] == "false"  # freshclam keeps it current
    assert "healthcheck" in clamav
    for name in ("web", "worker"):
        assert COMPOSE[name]["environment"]["CLAMAV_URL"] == "tcp://clamav:3310", name
