"""Production settings: refuse to start unconfigured; `check --deploy` has nothing to say."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "p" * 20 + "-a-long-random-production-secret-key-for-the-test-" + "q" * 10,
    "ALLOWED_HOSTS": "cme.example.org",
    "DATABASE_URL": "postgres://cmetrack@127.0.0.1:5432/cmetrack",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "CLAMAV_URL": "tcp://127.0.0.1:3310",
    "SITE_URL": "https://cme.example.org",
}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # The browser fixture sets DJANGO_ALLOW_ASYNC_UNSAFE for the test process only.
    inherited = {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in inherited and not k.startswith("AWS_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_reports_no_warnings_with_production_settings() -> None:
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_warns_when_transcripts_would_print_a_non_https_address() -> None:
    unset = {name: value for name, value in PRODUCTION.items() if name != "SITE_URL"}
    for env in [unset, {**PRODUCTION, "SITE_URL": "http://cme.example.org"}]:
        result = _manage("check", "--deploy", "--fail-level", "WARNING", **env)
        assert result.returncode != 0
        assert "(reporting.W001) SITE_URL is 'http://" in result.stdout + result.stderr


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off() -> None:
    env = {**PRODUCTION, "SECRET_KEY": ""}
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "set SECRET_KEY" in result.stderr


def test_it_refuses_to_start_without_allowed_hosts_when_debug_is_off() -> None:
    env = {**PRODUCTION, "ALLOWED_HOSTS": ""}
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "set ALLOWED_HOSTS" in result.stderr


def test_env_example_documents_every_variable_the_settings_read() -> None:
    import re

    settings_source = (ROOT / "cmetrack/settings.py").read_text()
    read = set(re.findall(r'env\.\w+\(\s*"([A-Z_]+)"', settings_source))
    documented = set(re.findall(r"^#?\s*([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read, "the pattern found no variables: the test itself is broken"
    assert read <= documented, f"undocumented: {sorted(read - documented)}"
