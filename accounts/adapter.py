"""allauth, customised: every e-mail address is normalised on its way in."""

from allauth.account.adapter import DefaultAccountAdapter

from .emails import email_normalise


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        # Sign-up, adding an address, a reset request: one stored form for one mailbox.
        return email_normalise(super().clean_email(email))
