"""A real ClamAV daemon for tests, with a signature database of our own.

The official signatures cannot be downloaded here, so the daemon loads one signature: the EICAR
test file's text, which every antivirus product treats as a virus by agreement. The EICAR string
is assembled at run time, so this source file is not itself flagged by a scanner.
"""

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.services import service_missing

SIGNATURE = "Cmetrack.Test.EICAR"
EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-" + "ANTIVIRUS-TEST-FILE!$H+H*"


def _binary() -> str:
    for candidate in (shutil.which("clamd"), "/usr/sbin/clamd"):
        if candidate and Path(candidate).exists():
            return candidate
    service_missing("clamd (apt-get install clamav-daemon clamav)")


@pytest.fixture(scope="session")
def clamd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A clamd on a private unix socket; yields its CLAMAV_URL."""
    binary = _binary()
    root = tmp_path_factory.mktemp("clamd")
    database = root / "db"
    database.mkdir()
    marker = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE".hex()
    (database / "cmetrack-test.ndb").write_text(f"{SIGNATURE}:0:*:{marker}\n")
    socket_path = root / "clamd.sock"
    config = root / "clamd.conf"
    config.write_text(
        "Foreground yes\n"
        f"LocalSocket {socket_path}\n"
        f"DatabaseDirectory {database}\n"
        f"LogFile {root / 'clamd.log'}\n"
        f"PidFile {root / 'clamd.pid'}\n"
        "StreamMaxLength 20M\n"
    )
    process = subprocess.Popen(
        [binary, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while not socket_path.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            service_missing(f"clamd did not start (see {root / 'clamd.log'})")
        time.sleep(0.1)
    try:
        yield f"unix://{socket_path}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def scanning(clamd: str, settings) -> str:  # type: ignore[no-untyped-def]
    """Uploads in this test are scanned by the real daemon."""
    settings.CLAMAV_URL = clamd
    return clamd
