from django.apps import AppConfig


class ArrivalNotificationConfig(AppConfig):
    """Plug-in: Arrival notification. Its services are declared in ``plugin.py`` and registered here."""

    name = "residency.arrival_notification"
    label = "residency_arrival_notification"
    verbose_name = "Arrival notification"

    def ready(self) -> None:
        from applications.registry import registry

        from .plugin import DEFINITIONS

        for definition in DEFINITIONS:
            registry.register(definition)
