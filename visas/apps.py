from pathlib import Path

from django.apps import AppConfig


class VisasConfig(AppConfig):
    name = "visas"
    label = "visas"
    verbose_name = "Visas"

    def ready(self) -> None:
        from applications.catalogue import register_file
        from applications.registry import registry

        from .plugin import DEFINITIONS

        register_file(Path(__file__).with_name("catalogue.toml"))
        for definition in DEFINITIONS:
            registry.register(definition)
