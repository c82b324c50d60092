"""Slow, `make faults` only: PostgreSQL stopped for 10 s under write load.

Our own PostgreSQL cluster (initdb in a temp dir, a free port; never the shared 5432), gunicorn on
it, and a client logging activities through the API the whole time. While the database is down
the app answers 503; once it is back the same gunicorn processes serve 201s again (no restart);
every 201 is a row, and there is no row without a 201 (no partial writes).
"""

import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.security.test_access_matrix import record_figures
from tests.services import free_port, service_missing, wait_for_http

pytestmark = [pytest.mark.faults]
ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
OUTAGE_SECONDS = 10


class Cluster:
    def __init__(self) -> None:
        if not (PG_BIN / "initdb").exists() or shutil.which("runuser") is None:
            service_missing("PostgreSQL 15 server binaries (initdb, pg_ctl) and runuser")
        self.folder = Path(tempfile.mkdtemp(prefix="cmetrack-faults-pg-"))
        shutil.chown(self.folder, "postgres", "postgres")
        self.data = self.folder / "data"
        self.port = free_port()
        self.as_postgres = ["runuser", "-u", "postgres", "--"]

    def run(self, *command: str) -> None:
        subprocess.run([*self.as_postgres, *command], check=True, capture_output=True, timeout=120)

    def init(self) -> None:
        self.run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust")

    def start(self) -> None:
        options = f"-p {self.port} -k /tmp -c listen_addresses=127.0.0.1"
        # -l: the server writes to a file, not to our pipe (which would never reach EOF).
        log = str(self.folder / "server.log")
        self.run(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", log, "-w", "start"
        )

    def stop(self) -> None:
        self.run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        subprocess.run(
            [*self.as_postgres, str(PG_BIN / "pg_ctl"), "-D", str(self.data), "stop", "-m", "i"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    cluster = Cluster()
    try:
        cluster.init()
        cluster.start()
    except BaseException:
        cluster.remove()
        raise
    subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(cluster.port),
            "-U",
            "postgres",
            "-q",
            "-c",
            "CREATE DATABASE cmetrack",
        ],
        check=True,
    )
    yield cluster
    cluster.remove()


def app_env(cluster: Cluster, media: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{cluster.port}/cmetrack",
        "CELERY_BROKER_URL": "",
        "REDIS_URL": "",
        "MEDIA_ROOT": str(media),
        "LOG_LEVEL": "CRITICAL",
        "API_RATE_LIMIT_PER_MINUTE": "100000",
        "API_RATE_LIMIT_PER_IP_PER_MINUTE": "100000",
    }


def rows(cluster: Cluster) -> int:
    out = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(cluster.port),
            "-U",
            "postgres",
            "-tAc",
            "SELECT count(*) FROM activities_activity",
            "cmetrack",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(out.stdout.strip())


def test_postgres_stopped_under_load_gives_503s_then_recovers_without_a_restart(cluster, tmp_path):
    env = app_env(cluster, tmp_path / "media")
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    script = (
        "from accounts.models import Profile, User; "
        "from accounts.services import api_token_create; "
        "u = User.objects.create_user(email='faults@example.com', password=None); "
        "Profile.objects.update_or_create(user=u, defaults={'degree': 'MD'}); "
        "print(api_token_create(user=u, name='faults')[1])"
    )
    token = (
        subprocess.run(
            [*manage, "shell", "-c", script],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    port = free_port()
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "cmetrack.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "-t",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    statuses: Counter[str] = Counter()
    created: list[int] = []
    phase = ["before"]
    stop = threading.Event()

    def client() -> None:
        number = 0
        while not stop.is_set():
            number += 1
            body = json.dumps(
                {
                    "title": f"Rounds {number}",
                    "completed_on": "2026-01-10",
                    "credit_type": "ama-pra-1",
                    "credits": "1.00",
                    "provider": "Accredited Provider",
                }
            )
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                connection.request(
                    "POST",
                    "/api/v1/activities",
                    body,
                    {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                )
                response = connection.getresponse()
                payload = response.read()
                statuses[f"{phase[0]} {response.status}"] += 1
                if response.status == 201:
                    created.append(json.loads(payload)["id"])
            except OSError:
                statuses[f"{phase[0]} connection error"] += 1
            finally:
                connection.close()
            time.sleep(0.05)

    try:
        wait_for_http(f"http://127.0.0.1:{port}/accounts/login/", timeout=60)
        thread = threading.Thread(target=client)
        thread.start()
        time.sleep(3)
        phase[0] = "down"
        cluster.stop()
        time.sleep(OUTAGE_SECONDS)
        cluster.start()
        back = time.monotonic()
        phase[0] = "after"
        deadline = time.monotonic() + 30
        while statuses["after 201"] < 5 and time.monotonic() < deadline:
            time.sleep(0.2)
        recovery = time.monotonic() - back
        stop.set()
        thread.join(timeout=60)
    finally:
        stop.set()
        gunicorn.terminate()
        gunicorn.wait(timeout=20)

    in_database = rows(cluster)
    record_figures(
        "fault-postgres-restart",
        {
            "statuses": dict(statuses),
            "created_201": len(created),
            "rows": in_database,
            "partial_or_lost": abs(in_database - len(created)),
            "recovery_seconds": round(recovery, 1),
        },
    )
    assert statuses["before 201"] > 0
    assert statuses["down 503"] > 0
    assert not [key for key in statuses if key.endswith((" 500", "connection error"))], statuses
    assert statuses["after 201"] >= 5  # the same gunicorn recovered on its own
    assert in_database == len(created) == len(set(created))
