from django import forms
from django.conf import settings

from .validation import size_limit


class CertificateUploadForm(forms.Form):
    # Empty files reach the service, which refuses them with the same message as the API.
    file = forms.FileField(
        label="Certificate file",
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["file"].help_text = (
            "A PDF, PNG or JPEG of your certificate, up to "
            f"{size_limit(settings.CERTIFICATE_MAX_BYTES)}."
        )
