"""60 s of mixed traffic against gunicorn + PostgreSQL on loopback, then twice the load.

`make load` (or `.venv/bin/python bench/load.py`, `--quick` for 15 s phases). Each virtual user is
its own physician with a session cookie and an API token; the mix is 70% reads (dashboard,
activity list page, activity list API), 20% writes (log an activity through the API) and 10%
uploads (a ~1 MB PNG certificate). Pass: 0 server errors at 1x; at 2x only 429/503, never 500;
afterwards the server answers at once again (the backlog drained). Prints the figures that
docs/security.md records.
"""

import http.client
import io
import json
import os
import random
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _stack

_stack.REDIS_DB = 8  # the load test's own Redis databases (8 cache, 9 broker)
DATABASE = "cmetrack_load"
PHASE_SECONDS = 15.0 if _stack.quick() else 60.0
USERS_1X = 6
THINK_SECONDS = 0.2


def png_of_about_one_megabyte(seed: int) -> bytes:
    from PIL import Image

    noise = random.Random(seed).randbytes(580 * 580 * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", (580, 580), noise).save(out, format="PNG")
    return out.getvalue()


def multipart(data: bytes, name: str) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            f"Content-Type: image/png\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


class VirtualUser(threading.Thread):
    def __init__(self, port: int, cookie: str, token: str, stop_at: float, seed: int) -> None:
        super().__init__()
        self.port, self.cookie, self.token, self.stop_at = port, cookie, token, stop_at
        self.random = random.Random(seed)
        self.seed = seed
        self.latencies: list[float] = []
        self.statuses: Counter[int] = Counter()

    def request(self, method: str, path: str, body: bytes | None, headers: dict) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        except OSError:
            status = 599  # refused or reset: counted as a server error
        finally:
            connection.close()
        self.latencies.append(time.perf_counter() - started)
        self.statuses[status] += 1

    def run(self) -> None:
        session = {"Cookie": self.cookie}
        bearer = {"Authorization": f"Bearer {self.token}"}
        uploads = 0
        while time.perf_counter() < self.stop_at:
            roll = self.random.random()
            if roll < 0.7:
                path = self.random.choice(["/dashboard/", "/activities/", "/api/v1/activities"])
                self.request("GET", path, None, bearer if path.startswith("/api/") else session)
            elif roll < 0.9:
                body = json.dumps(
                    {
                        "title": f"Load test rounds {self.random.randrange(10**9)}",
                        "completed_on": "2026-01-10",
                        "credit_type": "ama-pra-1",
                        "credits": "1.00",
                        "provider": "Accredited Provider",
                    }
                ).encode()
                headers = {**bearer, "Content-Type": "application/json"}
                self.request("POST", "/api/v1/activities", body, headers)
            else:
                uploads += 1
                data = png_of_about_one_megabyte(self.seed * 1000 + uploads)
                body, content_type = multipart(data, f"proof-{uploads}.png")
                headers = {**bearer, "Content-Type": content_type}
                self.request("POST", "/api/v1/certificates", body, headers)
            time.sleep(THINK_SECONDS * self.random.random() * 2)


def phase(port: int, people: list[tuple[str, str]], users: int) -> dict:
    stop_at = time.perf_counter() + PHASE_SECONDS
    threads = [
        VirtualUser(port, *people[n % len(people)], stop_at, seed=n + users * 100)
        for n in range(users)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies = [value for thread in threads for value in thread.latencies]
    statuses: Counter[int] = sum((thread.statuses for thread in threads), Counter())
    total = sum(statuses.values())
    return {
        "users": users,
        "seconds": round(wall, 1),
        "requests": total,
        "req_per_s": round(total / wall, 1),
        "p95_ms": round(_stack.percentile(latencies, 95) * 1000),
        "p99_ms": round(_stack.percentile(latencies, 99) * 1000),
        "statuses": dict(sorted(statuses.items())),
        "server_errors": sum(n for code, n in statuses.items() if code >= 500),
        "non_503_server_errors": sum(
            n for code, n in statuses.items() if code >= 500 and code != 503
        ),
    }


def main() -> int:
    os.environ.setdefault("API_RATE_LIMIT_PER_IP_PER_MINUTE", "100000")  # one loopback IP
    database_url = _stack.database_create(DATABASE)
    _stack.django_setup(database_url)
    from accounts.models import Profile
    from accounts.services import api_token_create

    people = []
    for n in range(USERS_1X * 2):
        user = _stack.physician_create(f"load{n}@example.com", activities=200)
        # AMA PRA Category 1 is for physicians.
        Profile.objects.update_or_create(user=user, defaults={"degree": "MD"})
        _, raw = api_token_create(user=user, name="load test")
        people.append((_stack.session_cookie(user), raw))

    results: dict[str, Any] = {}
    with _stack.Gunicorn(database_url, workers=2) as server:
        results["1x"] = phase(server.port, people, USERS_1X)
        results["2x"] = phase(server.port, people, USERS_1X * 2)
        started = time.perf_counter()
        status, _ = _stack.request_once(server.port, "/healthz")
        results["drained"] = {
            "healthz": status,
            "ms": round((time.perf_counter() - started) * 1000),
        }
    results["load_average"] = _stack.load_line()
    print(json.dumps(results, indent=2))
    folder = os.environ.get("SECURITY_FIGURES_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        Path(folder, "load.json").write_text(json.dumps(results, indent=2))
    ok = (
        results["1x"]["server_errors"] == 0
        and results["2x"]["statuses"].get(500, 0) == 0
        and results["2x"]["non_503_server_errors"] == 0
        and results["drained"]["healthz"] == 200
    )
    print("PASS" if ok else "FAIL: server errors under load (see statuses)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
