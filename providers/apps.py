from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "providers"
    verbose_name = "CME providers"

    def ready(self) -> None:
        # A claim made by e-mail joins the record once its owner confirms that address.
        from . import signals  # noqa: F401
