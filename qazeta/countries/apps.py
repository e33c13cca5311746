from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def load_countries_after_migrate(
    sender: AppConfig, *, using: str = "default", verbosity: int = 1, **kwargs: Any
) -> None:
    """post_migrate receiver: load the missing countries from the data files, so that ``migrate`` is enough.

    Runs after every migrate and after a test database is flushed (a flush emits post_migrate), like the fee data;
    inserts only missing rows, so a supervisor's edits stay. Skipped when the table is absent.
    """
    from .loader import load
    from .models import Country

    if Country._meta.db_table not in connections[using].introspection.table_names():
        return
    created, _updated = load(Country)
    if verbosity >= 1 and created:
        print(f"  Countries: {created} rows loaded.")  # noqa: T201 - migrate's own console output


class CountriesConfig(AppConfig):
    name = "qazeta.countries"
    label = "countries"
    verbose_name = "Countries (apostille, legal assistance conventions, CIS/EAEU, visa-free days)"

    def ready(self) -> None:
        from . import cache
        from .models import Country

        post_migrate.connect(load_countries_after_migrate, sender=self, dispatch_uid="countries.load")
        # The request-scoped country cache (cache.py): opened and closed with each request, emptied on an edit.
        cache.memo.connect(watch=[Country])
