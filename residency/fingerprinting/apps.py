from django.apps import AppConfig


class FingerprintingConfig(AppConfig):
    """Plug-in: Fingerprinting; its services are declared in ``plugin.py``."""

    name = "residency.fingerprinting"
    label = "residency_fingerprinting"
    verbose_name = "Fingerprinting"

    def ready(self) -> None:
        from applications.registry import registry

        from .plugin import DEFINITIONS

        for definition in DEFINITIONS:
            registry.register(definition)
