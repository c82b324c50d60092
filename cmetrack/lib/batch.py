"""Batch jobs over many people's records: one bad record is logged and counted, never fatal.

A nightly job that stops at the first record it cannot handle punishes everyone after it: their
licenses are not judged and their reminders not sent. Each job therefore isolates records.
"""

import logging


class BatchCount(int):
    """How many records a batch job handled (it is that number), and how many it had to skip."""

    failed: int

    def __new__(cls, done: int, failed: int = 0) -> "BatchCount":
        count = super().__new__(cls, done)
        count.failed = failed
        return count

    def __str__(self) -> str:
        return str(int(self))

    def __repr__(self) -> str:
        return f"BatchCount({int(self)}, failed={self.failed})"


def log_record_failure(logger: logging.Logger, job: str, record: object) -> None:
    """Log the traceback of one record's failure under the job's name; call inside `except`."""
    logger.exception("%s: skipped %r after an error; the run goes on", job, record)
