from django.apps import AppConfig


class QualificationExemptionConfig(AppConfig):
    """Plug-in: Qualification exemption (AIFC GR0009); its services are declared in ``plugin.py``."""

    name = "residency.qualification_exemption"
    label = "residency_qualification_exemption"
    verbose_name = "Qualification exemption (AIFC GR0009)"

    def ready(self) -> None:
        from applications.registry import registry

        from .plugin import DEFINITIONS

        for definition in DEFINITIONS:
            registry.register(definition)
