import importlib
from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_delete, post_migrate, post_save

# The data migrations that load the credit types and topics, in order.
VOCABULARY_MIGRATIONS = ("0002_vocabularies", "0004_aafp_prescribed")


def _vocabularies_restore(
    sender: AppConfig, using: str, apps: Any = global_apps, **kwargs: Any
) -> None:
    """Reload the credit types and topics when their tables are empty.

    The data migration loads them once; but `flush` (which every transactional test runs, and
    which --reuse-db then keeps) empties every table and emits post_migrate, without `apps`,
    so that content types and permissions come back. These come back the same way. Tables
    that still hold rows are left alone, so an admin's edits are never undone.
    """
    try:
        credit_type = apps.get_model("activities", "CreditType")
        topic = apps.get_model("activities", "Topic")
    except LookupError:  # migrated back to before the vocabularies existed
        return
    if credit_type.objects.using(using).exists() and topic.objects.using(using).exists():
        return
    for name in VOCABULARY_MIGRATIONS:
        importlib.import_module(f"activities.migrations.{name}").load(apps, None)
    from . import selectors  # loaded rows send no signal of the app's models

    selectors.vocabulary_forget()


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = "Activities"

    def ready(self) -> None:
        post_migrate.connect(_vocabularies_restore, sender=self)
        # The pages read the vocabularies from the cache (`selectors.vocabulary`): an edit in
        # the admin forgets that copy.
        from . import selectors

        for model in (self.get_model("CreditType"), self.get_model("Topic")):
            for signal in (post_save, post_delete):
                signal.connect(selectors.vocabulary_forget, sender=model, weak=False)
