from django.apps import AppConfig


class VisaCancellationConfig(AppConfig):
    name = "visas.cancellation"
    label = "visa_cancellation"
    verbose_name = "Visa cancellation"

    def ready(self) -> None:
        from applications.registry import registry

        from .plugin import DEFINITIONS

        for definition in DEFINITIONS:
            registry.register(definition)
