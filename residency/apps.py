from pathlib import Path

from django.apps import AppConfig


class ResidencyConfig(AppConfig):
    name = "residency"
    label = "residency"
    verbose_name = "Residence and other services"

    def ready(self) -> None:
        from applications.catalogue import register_file

        register_file(Path(__file__).with_name("catalogue.toml"))
