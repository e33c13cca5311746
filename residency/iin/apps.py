from django.apps import AppConfig


class IinConfig(AppConfig):
    """Plug-in: IIN (individual identification number); its services are declared in ``plugin.py``."""

    name = "residency.iin"
    label = "residency_iin"
    verbose_name = "IIN (individual identification number)"

    def ready(self) -> None:
        from applications.registry import registry

        from .plugin import DEFINITIONS

        for definition in DEFINITIONS:
            registry.register(definition)
