from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    # allauth's e-mail addresses are "Accounts" on the admin index; ours are the people.
    verbose_name = "Users and API tokens"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the receivers
