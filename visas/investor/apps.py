from django.apps import AppConfig


class InvestorVisasConfig(AppConfig):
    name = "visas.investor"
    label = "investor_visas"
    verbose_name = "Investor visas (A5, A6)"

    def ready(self) -> None:
        from applications.registry import registry

        from .plugin import DEFINITIONS

        for definition in DEFINITIONS:
            registry.register(definition)
