from django.apps import AppConfig


class PermanentResidenceConfig(AppConfig):
    """Plug-in: Permanent residence permit; its services are declared in ``plugin.py``."""

    name = "residency.permanent_residence"
    label = "residency_permanent_residence"
    verbose_name = "Permanent residence permit"

    def ready(self) -> None:
        from applications.registry import registry

        from .plugin import DEFINITIONS

        for definition in DEFINITIONS:
            registry.register(definition)
