from django.apps import AppConfig


class TemporaryResidenceConfig(AppConfig):
    """Plug-in: Temporary residence permit (TRP); its services are declared in ``plugin.py``."""

    name = "residency.temporary_residence"
    label = "residency_temporary_residence"
    verbose_name = "Temporary residence permit (TRP)"

    def ready(self) -> None:
        from applications.registry import registry

        from .plugin import DEFINITIONS

        for definition in DEFINITIONS:
            registry.register(definition)

        from django.db.models.signals import post_save

        from qazeta.accounts.models import Person
        from qazeta.records.signals import permit_recorded

        from .receivers import on_permit_recorded, on_person_saved

        permit_recorded.connect(on_permit_recorded, dispatch_uid="temporary_residence.limit_on_permit")
        post_save.connect(on_person_saved, sender=Person, dispatch_uid="temporary_residence.limit_on_person")
