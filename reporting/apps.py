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

        from activities.signals import activities_changed
        from reporting.compliance.evaluation import licenses_reevaluated
        from reporting.licenses import warm
        from reporting.licenses.changes import licenses_changed

        # A changed record or changed rules: judge the pages in the background, so the next
        # visit finds them ready (warm.py).
        activities_changed.connect(warm.warm_after_record_change, dispatch_uid="reporting-warm")
        licenses_changed.connect(warm.warm_after_record_change, dispatch_uid="reporting-warm")
        licenses_reevaluated.connect(warm.warm_after_reevaluation, dispatch_uid="reporting-warm")

        from django.db.models.signals import post_delete, post_save

        from reporting.models import Board, Requirement, RuleSet
        from reporting.rules.revision import rules_revision_bump

        # Every saved or deleted rule moves the revision cached verdicts are keyed by, inside
        # the change's own transaction.
        for model in (Board, RuleSet, Requirement):
            for signal in (post_save, post_delete):
                signal.connect(rules_revision_bump, sender=model, dispatch_uid="rules-revision")
