from django.apps import AppConfig


class TaxResidencyConfig(AppConfig):
    """Plug-in: Tax residency certificates. Its services are declared in ``plugin.py`` and registered here."""

    name = "residency.tax_residency"
    label = "residency_tax_residency"
    verbose_name = "Tax residency certificates"

    def ready(self) -> None:
        from applications.registry import registry

        from .plugin import DEFINITIONS

        for definition in DEFINITIONS:
            registry.register(definition)
