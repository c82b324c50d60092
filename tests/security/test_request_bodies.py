"""Oversized and anonymous request bodies are refused before they are read, on every route.

The bodies here are streams that make up a multipart upload as they are read and count every
byte the app takes from them, so a test can say exactly how much of an attack was read. The last
tests send the same attacks over a socket to a real gunicorn.
"""

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from certificates.models import Certificate
from tests.api.conftest import bearer_client
from tests.services import free_port, wait_for_http

ROOT = Path(__file__).resolve().parents[2]
BOUNDARY = "attackerboundary"
MEGABYTE = 1024 * 1024


class UploadStream:
    """A multipart body with one file of `file_bytes` bytes, generated as it is read."""

    def __init__(self, file_bytes: int, *, csrf: str = "", temp_dir: Path | None = None) -> None:
        fields = ""
        if csrf:
            fields = (
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"'
                f"\r\n\r\n{csrf}\r\n"
            )
        self.head = (
            f'{fields}--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
            'filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n'
        ).encode()
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.length = len(self.head) + file_bytes + len(self.tail)
        self.read_bytes = 0
        self.temp_dir = temp_dir
        self.largest_temp_file = 0

    def _byte_range(self, start: int, end: int) -> bytes:
        head, tail_start = len(self.head), self.length - len(self.tail)
        out = bytearray()
        if start < head:
            out += self.head[start : min(end, head)]
        if end > head and start < tail_start:
            out += b"%" * (min(end, tail_start) - max(start, head))
        if end > tail_start:
            out += self.tail[max(start, tail_start) - tail_start : end - tail_start]
        return bytes(out)

    def read(self, size: int = -1) -> bytes:
        self._look_at_temp_files()
        end = self.length if size is None or size < 0 else min(self.length, self.read_bytes + size)
        data = self._byte_range(self.read_bytes, end)
        self.read_bytes = end
        return data

    def readline(self, size: int = -1) -> bytes:
        start = self.read_bytes
        end = self.length if size is None or size < 0 else min(self.length, start + size)
        line = self._byte_range(start, end)
        cut = line.find(b"\n")
        line = line if cut == -1 else line[: cut + 1]
        self.read_bytes = start + len(line)
        return line

    def _look_at_temp_files(self) -> None:
        # Called while the app parses: the largest spooled upload so far.
        if self.temp_dir is not None:
            for path in self.temp_dir.iterdir():
                self.largest_temp_file = max(self.largest_temp_file, path.stat().st_size)

    def environ(self, declared: int | None = None) -> dict[str, object]:
        return {
            "wsgi.input": self,
            "CONTENT_LENGTH": str(self.length if declared is None else declared),
            "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        }


def send(client: Client, path: str, stream: UploadStream, declared: int | None = None):  # type: ignore[no-untyped-def]
    return client.generic("POST", path, b"", **stream.environ(declared))


# --- Declared too large: refused with nothing read ---------------------------------------------
@pytest.mark.parametrize(
    ("path", "limit"),
    [
        ("/certificates/upload", "10 MB"),
        ("/activities/new", "10 MB"),
        ("/dashboard/import/", "512 MB"),
        ("/profile/", "2 MB"),
    ],
)
def test_a_page_refuses_a_body_declared_over_its_limit_without_reading_it(
    alice_client, path, limit
) -> None:  # type: ignore[no-untyped-def]
    stream = UploadStream(600 * MEGABYTE)

    response = send(alice_client, path, stream)

    assert response.status_code == 413
    assert f"This file is larger than the {limit} limit." in response.content.decode()
    assert stream.read_bytes == 0
    assert not Certificate.objects.exists()


@pytest.mark.parametrize(
    ("path", "limit"), [("/api/v1/certificates", "10 MB"), ("/api/v1/import", "512 MB")]
)
def test_the_api_refuses_a_body_declared_over_its_limit_without_reading_it(
    alice, path, limit
) -> None:  # type: ignore[no-untyped-def]
    stream = UploadStream(600 * MEGABYTE)

    response = send(bearer_client(alice), path, stream)

    assert response.status_code == 413
    message = f"This file is larger than the {limit} limit."
    assert response.json() == {"detail": message, "errors": {"file": [message]}}
    assert stream.read_bytes == 0


def test_a_form_that_takes_no_file_refuses_a_large_multipart_body_unread(db) -> None:  # type: ignore[no-untyped-def]
    stream = UploadStream(300 * MEGABYTE)

    response = send(Client(enforce_csrf_checks=True), reverse("account_login"), stream)

    assert response.status_code == 413
    assert stream.read_bytes == 0


# --- Anonymous uploads: never read -------------------------------------------------------------
def test_an_anonymous_upload_with_a_csrf_cookie_is_never_read(db) -> None:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("account_login"))
    token = client.cookies["csrftoken"].value
    stream = UploadStream(5 * MEGABYTE, csrf=token)  # within the limit: only the login can stop it

    response = send(client, "/certificates/upload", stream)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert stream.read_bytes == 0
    assert not Certificate.objects.exists()


def test_an_anonymous_api_upload_is_never_read(db) -> None:  # type: ignore[no-untyped-def]
    stream = UploadStream(5 * MEGABYTE)

    response = send(Client(), "/api/v1/certificates", stream)

    assert response.status_code == 401
    assert stream.read_bytes == 0


def test_an_api_upload_with_a_forged_token_is_never_read(db) -> None:  # type: ignore[no-untyped-def]
    stream = UploadStream(5 * MEGABYTE)

    response = send(
        Client(headers={"authorization": "Bearer not-a-token"}), "/api/v1/certificates", stream
    )

    assert response.status_code == 401
    assert stream.read_bytes == 0


# --- Within the declared limit, a file past its own limit stops being kept ---------------------
def test_no_temporary_file_outgrows_the_upload_limit(alice_client, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.CERTIFICATE_MAX_BYTES = 1 * MEGABYTE
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every upload spools to a file we can watch
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    # The body is within limit + form overhead, so only the counting handler can stop it.
    stream = UploadStream(MEGABYTE + 200 * 1024, temp_dir=tmp_path)

    response = send(alice_client, "/certificates/upload", stream)

    assert response.status_code == 413
    assert "This file is larger than the 1 MB limit." in response.content.decode()
    assert 0 < stream.largest_temp_file <= MEGABYTE + 1
    assert not Certificate.objects.exists()


# --- The same attacks against a real gunicorn ---------------------------------------------------
@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[int, Path]]:  # type: ignore[no-untyped-def]
    port = free_port()
    spool = tmp_path_factory.mktemp("spool")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('db') / 'unused.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path_factory.mktemp("media")),
        "LOG_LEVEL": "CRITICAL",
        "TMPDIR": str(spool),  # where Django would spool an upload it read
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "cmetrack.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1", "-t", "60"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/accounts/login/", timeout=60)
        yield port, spool
    finally:
        process.terminate()
        process.wait(timeout=10)


def attack(port: int, path: str, declared: int, *, cookie: str = "", sent: int = 64 * 1024) -> str:
    """Declare `declared` bytes, send only `sent` of them, and return the status line we get."""
    stream = UploadStream(declared)
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {stream.length}\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
        f"{'Cookie: ' + cookie + chr(13) + chr(10) if cookie else ''}\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=15) as connection:
        connection.sendall(head + stream.read(sent))
        # A server that reads the body waits here for the rest and never answers in time.
        answer = connection.recv(4096).decode("latin-1")
    return answer.split("\r\n", 1)[0]


def test_gunicorn_answers_413_to_a_huge_body_after_the_first_bytes(server) -> None:  # type: ignore[no-untyped-def]
    port, spool = server
    assert (
        attack(port, "/accounts/login/", 300 * MEGABYTE) == "HTTP/1.1 413 Request Entity Too Large"
    )
    assert list(spool.iterdir()) == []


def test_gunicorn_sends_an_anonymous_uploader_to_sign_in_without_reading(server) -> None:  # type: ignore[no-untyped-def]
    port, spool = server
    cookie = "csrftoken=" + "a" * 32
    assert attack(port, "/certificates/upload", 9 * MEGABYTE, cookie=cookie) == "HTTP/1.1 302 Found"
    assert list(spool.iterdir()) == []
