from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = "Organizations"

    def ready(self) -> None:
        from accounts.deletion import account_deleting
        from organizations.roster import verdicts_forget_on_account_deletion, verdicts_keep
        from reporting.licenses.signals import verdicts_judged

        # The roster's cached verdicts are a physician's: they go with the account.
        account_deleting.connect(
            verdicts_forget_on_account_deletion, dispatch_uid="organizations-roster-cache"
        )
        # The physician's warm-up judges the same licenses: their roster entries are kept then.
        verdicts_judged.connect(verdicts_keep, dispatch_uid="organizations-roster-warm")
