"""Judge an upload by its bytes: sniff, fully parse, refuse anything unsafe. No storage, no DB.

Everything here works on the upload's bytes (at most CERTIFICATE_MAX_BYTES, held in memory) and
raises `UploadRejected` with a message in the clinician's words and the HTTP status the API
answers with (400 bad content, 413 too large, 415 not a PDF, PNG or JPEG).

`upload` is the entry point; `names`, `sniffing`, `images` and `pdf` hold one kind of check each.
"""

from .rejection import UploadRejected
from .sniffing import JPEG, PDF, PNG
from .upload import ValidUpload, size_limit, validate_upload

__all__ = ["JPEG", "PDF", "PNG", "UploadRejected", "ValidUpload", "size_limit", "validate_upload"]
