from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_delete, post_migrate, post_save


def load_fee_data_after_migrate(
    sender: AppConfig, *, using: str = "default", verbosity: int = 1, **kwargs: Any
) -> None:
    """post_migrate receiver: seed the MRP table, tariffs and state duties so that ``migrate`` is enough.

    Skipped when the fees tables are absent (``migrate fees zero``). Inserts only missing rows (fees.loader).
    """
    from fees.loader import load_tariffs
    from fees.models import Mrp, StateDuty, Tariff

    tables = set(connections[using].introspection.table_names())
    if not {Mrp._meta.db_table, Tariff._meta.db_table, StateDuty._meta.db_table} <= tables:
        return
    result = load_tariffs(using=using)
    if verbosity >= 1 and result.created:
        print(f"  Fee data: {result.created} rows loaded.")  # noqa: T201 - migrate's own console output


class FeesConfig(AppConfig):
    name = "fees"
    label = "fees"
    verbose_name = "Fees and state duties"

    def ready(self) -> None:
        # Connected with sender=self so it runs once per migrate, after this app's migrations.
        post_migrate.connect(load_fee_data_after_migrate, sender=self, dispatch_uid="fees.load_fee_data")
        # Quotes read the fee tables from memory; any change to them bumps the shared version (fees.cache).
        from fees.cache import fee_tables_changed
        from fees.models import Mrp, StateDuty, Tariff

        for model in (Mrp, Tariff, StateDuty):
            for signal in (post_save, post_delete):
                signal.connect(fee_tables_changed, sender=model, dispatch_uid=f"fees.cache.{model.__name__}")
