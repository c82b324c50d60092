"""What cmetrack.settings sets with DEBUG off, read in a subprocess (the only way to see it)."""

import json
import os
import subprocess
import sys
from typing import Any

from tests.cmetrack.test_settings import PRODUCTION, ROOT


def production_settings(names: list[str], **env: str) -> dict[str, Any]:
    """The values of `names` under the production environment, plus `env`."""
    inherited = {*PRODUCTION, *env, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in inherited}
    script = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{k: getattr(settings, k) for k in {names!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**clean, **PRODUCTION, **env, "DJANGO_SETTINGS_MODULE": "cmetrack.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])
