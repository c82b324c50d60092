"""The organization pages' forms: they parse and label; the services decide."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from reporting.models import License

from .models import Consent, Organization, Role
from .roster import SORTS
from .states import license_label, state_name

PHYSICIAN = "physician"
INVITE_AS = [
    (PHYSICIAN, "A physician, to share their record with us"),
    (Role.STAFF, "Credentialing staff: reads the roster, requests transcripts"),
    (Role.VIEWER, "Read-only viewer: reads the roster, downloads existing transcripts"),
    (Role.OWNER, "Owner: all of the above, and manages members"),
]
STATUS_CHOICES = [
    ("", "Any status"),
    ("overdue", "Overdue"),
    ("behind", "Behind the pace"),
    ("needs_answers", "Needs the physician's answers"),
    ("cannot_judge", "Cannot be judged here"),
    ("on_track", "On track"),
    ("complete", "Complete"),
]
SCOPE_HELP: dict[str, str] = {
    Consent.Scope.STATUS: "Each license's status, what is missing and the next deadline.",
    Consent.Scope.TRANSCRIPTS: "The status, and board-ready transcripts of the licenses.",
    Consent.Scope.EVERYTHING: "The status, transcripts, and audit packets with your certificates.",
}


class OrganizationForm(forms.Form):
    name = forms.CharField(label="Organization's name", max_length=200)
    kind = forms.ChoiceField(
        label="What it does",
        choices=Organization.Kind.choices,
        initial=Organization.Kind.CREDENTIALING,
        widget=forms.RadioSelect,
        help_text="A credentialing office follows physicians' licenses; a CME provider offers "
        "activities that physicians claim credit for.",
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label="E-mail address")
    invite_as = forms.ChoiceField(label="Invite as", choices=INVITE_AS, widget=forms.RadioSelect)

    def __init__(self, *args: Any, can_invite_members: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_invite_members:  # staff invite physicians; only owners add members
            field = self.fields["invite_as"]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared just above
            field.choices = INVITE_AS[:1]
            field.initial = PHYSICIAN


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices)


class RequireMfaForm(forms.Form):
    require_mfa = forms.BooleanField(
        label="Members must use two-factor authentication", required=False
    )


class LicenseChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: License) -> str:  # type: ignore[override]
        return f"{license_label(state=obj.board.state, number=obj.number)} ({obj.board.code})"


class ConsentForm(forms.Form):
    scope = forms.ChoiceField(
        label="What the organization may see",
        choices=[
            (value, f"{label} — {SCOPE_HELP[value]}") for value, label in Consent.Scope.choices
        ],
        widget=forms.RadioSelect,
    )
    all_licenses = forms.BooleanField(
        label="All my licenses, including those I add later", required=False
    )
    licenses = LicenseChoiceField(
        label="Or only these licenses",
        queryset=License.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    expires_on = forms.DateField(
        label="Last day the organization may look (leave empty: until you revoke it)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, licenses: QuerySet[License], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["licenses"]
        assert isinstance(field, LicenseChoiceField)  # noqa: S101 - declared just above
        field.queryset = licenses


class RosterFilterForm(forms.Form):
    state = forms.ChoiceField(label="State", required=False)
    status = forms.ChoiceField(label="Status", choices=STATUS_CHOICES, required=False)
    due_within = forms.IntegerField(
        label="Due within (days)", required=False, min_value=0, max_value=3650
    )
    sort = forms.ChoiceField(label="Sort by", choices=list(SORTS.items()), required=False)

    def __init__(self, *args: Any, states: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["state"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared just above
        field.choices = [("", "Any state"), *((code, state_name(code)) for code in states)]

    def filters(self) -> dict[str, Any]:
        """The roster selector's keyword arguments; a bad value is dropped, never an error."""
        self.is_valid()  # the fields that validated are in cleaned_data, the others not
        data = self.cleaned_data
        return {
            "state": data.get("state") or None,
            "status": data.get("status") or None,
            "due_within_days": data.get("due_within"),
            "sort": data.get("sort") or "deadline",
        }


class TranscriptRequestForm(forms.Form):
    kind = forms.ChoiceField(label="Document", widget=forms.RadioSelect)

    def __init__(self, *args: Any, kinds: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared just above
        words = {
            "transcript": "A fresh transcript (PDF)",
            "audit_packet": "An audit packet: the transcript with the certificates (PDF)",
        }
        field.choices = [(kind, words[kind]) for kind in kinds]
        field.initial = kinds[0] if kinds else None
