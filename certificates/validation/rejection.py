"""The one way a check refuses an upload."""

from django.core.exceptions import ValidationError


class UploadRejected(ValidationError):
    """An upload we refuse: `message` is shown to the user, `status` is the API's HTTP status.

    A ValidationError, so callers that already turn those into form errors (the activity form's
    upload field) need nothing special.
    """

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message, code="upload_rejected")
        self.status = status
