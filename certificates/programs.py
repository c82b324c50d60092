"""Run an external program (pdftoppm, tesseract) inside fixed memory, CPU, time and concurrency.

The files these programs read come from strangers. A page or an image can be crafted to make a
rasteriser or an OCR engine ask for gigabytes; on a shared host that takes PostgreSQL and Redis
down with it. So every run gets, in the child before it starts:

- an address-space ceiling (RLIMIT_AS): past it, allocations fail and the program exits;
- a CPU-time ceiling (RLIMIT_CPU): the kernel stops a program that computes too long;
- an output-file ceiling (RLIMIT_FSIZE): no run can fill the disk;
- a wall-clock timeout, for a program that sleeps or waits;

and at most `PROGRAM_CONCURRENCY` of them run at once in one web or worker process; a caller
that cannot get a slot quickly gives up instead of queueing behind a flood.
"""

import os
import resource
import subprocess
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings

MEBIBYTE = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one run of a program may use."""

    memory_bytes: int
    cpu_seconds: int
    timeout_seconds: float
    output_bytes: int = 256 * MEBIBYTE


def default_limits() -> Limits:
    return Limits(
        memory_bytes=settings.PROGRAM_MEMORY_MB * MEBIBYTE,
        cpu_seconds=settings.PROGRAM_CPU_SECONDS,
        timeout_seconds=settings.PROGRAM_TIMEOUT_SECONDS,
    )


class ProgramBusy(RuntimeError):
    """Every slot for external programs stayed taken for longer than the caller would wait."""


_slots_lock = threading.Lock()
_slots: threading.BoundedSemaphore | None = None
_slots_size = 0


def _semaphore() -> threading.BoundedSemaphore:
    # Sized from settings on first use (and again if a test changes the setting).
    global _slots, _slots_size
    size = max(1, int(settings.PROGRAM_CONCURRENCY))
    with _slots_lock:
        if _slots is None or _slots_size != size:
            _slots, _slots_size = threading.BoundedSemaphore(size), size
        return _slots


def _limiter(limits: Limits) -> Callable[[], None]:
    def apply() -> None:
        # Runs in the child between fork and exec: only async-signal-safe work (setrlimit is).
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
        # SIGXCPU at the soft limit; SIGKILL a second later if the program ignores it.
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.output_bytes, limits.output_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


def run_bounded(
    command: Sequence[str], *, limits: Limits | None = None
) -> subprocess.CompletedProcess[bytes] | None:
    """Run `command` within `limits`; None when it timed out, could not start or found no slot."""
    limits = limits or default_limits()
    slots = _semaphore()
    if not slots.acquire(timeout=settings.PROGRAM_SLOT_WAIT_SECONDS):
        raise ProgramBusy(command[0])
    # One thread per OCR: OpenMP's default of one thread per core makes small pages slower, and
    # every thread's stack counts against the address-space ceiling.
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        return subprocess.run(  # noqa: S603 - fixed binaries, paths we created
            list(command),
            capture_output=True,
            timeout=limits.timeout_seconds,
            check=False,
            env=environment,
            preexec_fn=_limiter(limits),
        )
    except (subprocess.TimeoutExpired, OSError):
        return None
    finally:
        slots.release()
