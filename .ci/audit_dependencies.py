"""`make audit`'s dependency half: pip-audit, reported honestly.

pip-audit prints "No known vulnerabilities found" and exits 0 even when it audited nothing
(every package "not found" because no vulnerability database is reachable from this machine).
This wrapper reads its JSON report instead and says which of three things happened:

- every package was audited and none is known to be vulnerable: "dependency audit passed";
- some package is known to be vulnerable: it is listed and the exit status is 1;
- some or all packages could not be audited, or pip-audit could not run: "dependency audit NOT
  performed: ..." with the reason. That does not fail the build (no machine here can reach the
  database), unless AUDIT_STRICT=1, which the deployment pipeline sets where it can.

Usage: python .ci/audit_dependencies.py -r requirements/base.lock
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HOW_TO = (
    "run `pip-audit --strict --no-deps --disable-pip -r requirements/base.lock` (or "
    "`AUDIT_STRICT=1 make audit`) where the vulnerability database is reachable"
)


def _not_performed(reason: str) -> int:
    print(f"dependency audit NOT performed: {reason}; {HOW_TO}.")
    return 1 if os.environ.get("AUDIT_STRICT") == "1" else 0


def main(arguments: list[str]) -> int:
    pip_audit = Path(sys.executable).with_name("pip-audit")
    with tempfile.TemporaryDirectory() as folder:
        report_path = Path(folder) / "report.json"
        command = [
            str(pip_audit),
            "--no-deps",
            "--disable-pip",
            "--progress-spinner",
            "off",
            "--format",
            "json",
            "--output",
            str(report_path),
            *arguments,
        ]
        try:
            finished = subprocess.run(  # noqa: S603 - our own tool, our own arguments
                command, capture_output=True, text=True, timeout=600, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            return _not_performed(f"pip-audit could not run ({error})")
        try:
            report = json.loads(report_path.read_text())
        except (OSError, ValueError):
            lines = [line for line in finished.stderr.splitlines() if line.strip()]
            return _not_performed(
                "pip-audit gave no report ("
                + (lines[-1] if lines else f"exit {finished.returncode}")
                + ")"
            )
    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if "skip_reason" in d]
    for dependency in vulnerable:
        ids = ", ".join(v.get("id", "?") for v in dependency["vulns"])
        print(f"VULNERABLE: {dependency['name']} {dependency.get('version', '')}: {ids}")
    if vulnerable:
        print(f"dependency audit FAILED: {len(vulnerable)} vulnerable package(s).")
        return 1
    if not dependencies:
        return _not_performed("pip-audit listed no packages")
    if skipped:
        return _not_performed(
            f"{len(skipped)} of {len(dependencies)} packages could not be audited "
            f"(for example: {skipped[0]['skip_reason']})"
        )
    print(f"dependency audit passed: {len(dependencies)} packages, no known vulnerabilities.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
