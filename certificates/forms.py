from typing import Any

from django import forms
from django.conf import settings

from .validation import size_limit

MAX_FILES = 20


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or more files under one name; each is checked on its own by the service."""

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        files = data if isinstance(data, list | tuple) else [data]
        if not files:
            files = [None]  # the field's own "required" message
        return [single(file, initial) for file in files]


class CertificateUploadForm(forms.Form):
    # Empty files reach the service, which refuses them with the same message as the API.
    file = MultipleFileField(
        label="Certificate file",
        allow_empty_file=True,
        widget=MultipleFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["file"].help_text = (
            "PDFs, PNGs or JPEGs of your certificates, up to "
            f"{size_limit(settings.CERTIFICATE_MAX_BYTES)} each; choose several at once if "
            "you like. A PDF holding several certificates gives one draft for each."
        )

    def clean_file(self) -> list[Any]:
        files = self.cleaned_data["file"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Choose at most {MAX_FILES} files at a time.")
        return files
