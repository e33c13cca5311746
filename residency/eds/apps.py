from django.apps import AppConfig


class EdsConfig(AppConfig):
    """Plug-in: EDS (electronic digital signature); its services are declared in ``plugin.py``."""

    name = "residency.eds"
    label = "residency_eds"
    verbose_name = "EDS (electronic digital signature)"

    def ready(self) -> None:
        from applications.registry import registry

        from .plugin import DEFINITIONS

        for definition in DEFINITIONS:
            registry.register(definition)
