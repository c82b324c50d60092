from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Reporting"

    def ready(self) -> None:
        from accounts.deletion import account_deleting
        from reporting.licenses.cache import forget_on_account_deletion
        from reporting.transcripts import checks  # noqa: F401  (registers the deploy check)

        # A departing physician's cached pages name their licenses: they go with the account.
        account_deleting.connect(forget_on_account_deletion, dispatch_uid="reporting-cache")
