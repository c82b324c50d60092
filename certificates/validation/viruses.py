"""Ask ClamAV's daemon (clamd) whether an upload carries known malware; refuse it if so.

`CLAMAV_URL` names the daemon: `tcp://host:3310` or `unix:///run/clamav/clamd.ctl`. Unset (the
embedded default), nothing is scanned; production settings require it. A scanner that cannot be
reached, or that cannot finish a scan, refuses the upload: a file is never stored unchecked.

This speaks clamd's INSTREAM command directly (a few lines over a socket): the maintained Python
client is GPL-2.0, which cannot be combined with our AGPL-3.0 code, and the others are years
unmaintained (README, "Virus scanning").
"""

import socket
import struct
from urllib.parse import urlsplit

from django.conf import settings

from .rejection import UploadRejected

UNREACHABLE = "The virus scanner is not reachable; try again later."
UNFINISHED = "The virus scanner could not check this file; try again later."
_CHUNK = 64 * 1024
_REPLY_LIMIT = 4096


def scanning_enabled() -> bool:
    return bool(settings.CLAMAV_URL)


def check_for_viruses(data: bytes) -> None:
    """Refuse `data` (UploadRejected) if clamd finds malware in it or cannot say; else return."""
    if not scanning_enabled():
        return
    try:
        reply = _instream(settings.CLAMAV_URL, data, timeout=settings.CLAMAV_TIMEOUT_SECONDS)
    except OSError as error:
        raise UploadRejected(UNREACHABLE, status=503) from error
    # clamd answers "stream: OK", "stream: <signature> FOUND" or "<reason> ERROR".
    verdict = reply.removeprefix("stream:").strip()
    if verdict == "OK":
        return
    if verdict.endswith(" FOUND"):
        signature = verdict.removesuffix(" FOUND").strip()[:120]
        raise UploadRejected(
            f"This file contains a virus or other malware ({signature}); it was not saved. "
            "Please scan your computer, then upload a clean copy of the certificate."
        )
    raise UploadRejected(UNFINISHED, status=503)


def _connect(url: str, timeout: float) -> socket.socket:
    parts = urlsplit(url)
    if parts.scheme == "unix":
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(timeout)
        try:
            connection.connect(parts.path)
        except OSError:
            connection.close()
            raise
        return connection
    if parts.scheme == "tcp" and parts.hostname:
        return socket.create_connection((parts.hostname, parts.port or 3310), timeout=timeout)
    raise OSError(f"CLAMAV_URL must be tcp://host:port or unix:///path, not {url!r}")


def _instream(url: str, data: bytes, *, timeout: float) -> str:
    """Send `data` with clamd's INSTREAM command and return its one-line answer."""
    with _connect(url, timeout) as connection:
        # "z" frames the command and the answer with NUL bytes.
        connection.sendall(b"zINSTREAM\0")
        view = memoryview(data)
        for start in range(0, len(view), _CHUNK):
            chunk = view[start : start + _CHUNK]
            connection.sendall(struct.pack("!L", len(chunk)) + chunk)
        connection.sendall(struct.pack("!L", 0))  # a zero-length chunk ends the stream
        reply = b""
        while not reply.endswith(b"\0") and len(reply) < _REPLY_LIMIT:
            part = connection.recv(_REPLY_LIMIT)
            if not part:
                break
            reply += part
    if not reply:
        raise OSError("clamd closed the connection without an answer")
    return reply.rstrip(b"\0").decode("utf-8", errors="replace")
