from django.apps import AppConfig


class TemporaryResidenceConfig(AppConfig):
    """Plug-in: Temporary residence permit (TRP); its services are declared in ``plugin.py``."""

    name = "residency.temporary_residence"
    label = "residency_temporary_residence"
    verbose_name = "Temporary residence permit (TRP)"

    def ready(self) -> None:
        from applications.registry import registry

        from .plugin import DEFINITIONS

        for definition in DEFINITIONS:
            registry.register(definition)
