"""Board-ready transcripts and audit packets.

`context` is pure (plain data in, plain data out), `packet` assembles audit packets, `services`
holds the writes and the owner-scoped reads; the views, API and tasks call these names.
"""

from reporting.transcripts.context import (
    ActivityRow,
    LicenseInfo,
    Physician,
    transcript_context,
    transcript_csv,
)
from reporting.transcripts.handover import transcript_handover
from reporting.transcripts.services import (
    CycleChoice,
    license_cycles,
    transcript_document,
    transcript_enqueue,
    transcript_fail,
    transcript_get,
    transcript_list,
    transcript_pdf,
    transcript_render,
    transcript_request,
    transcript_retry,
    transcript_verify_get,
    transcripts_requeue_stale,
    verification_url,
)

__all__ = [
    "ActivityRow",
    "CycleChoice",
    "LicenseInfo",
    "Physician",
    "license_cycles",
    "transcript_context",
    "transcript_csv",
    "transcript_document",
    "transcript_enqueue",
    "transcript_fail",
    "transcript_get",
    "transcript_handover",
    "transcript_list",
    "transcript_pdf",
    "transcript_render",
    "transcript_request",
    "transcript_retry",
    "transcript_verify_get",
    "transcripts_requeue_stale",
    "verification_url",
]
