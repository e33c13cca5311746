from django.apps import AppConfig


class BusinessVisasConfig(AppConfig):
    name = "visas.business"
    label = "business_visas"
    verbose_name = "Business visas (B1, B2, B3)"

    def ready(self) -> None:
        from applications.registry import registry

        from .plugin import DEFINITIONS

        for definition in DEFINITIONS:
            registry.register(definition)
