"""``manage.py load_tariffs [--path FILE] [--database ALIAS]``: insert the fee rows the database lacks."""

import tomllib
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fees.loader import TariffDataError, load_tariffs


class Command(BaseCommand):
    help = (
        "Insert the MRP, tariff and state duty rows of fees/data/tariffs.toml (or --path) that are missing. "
        "Existing rows, including supervisors' edits, are never changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--path", default=None, help="Data file to load (default: fees/data/tariffs.toml).")
        parser.add_argument("--database", default="default", help="Database alias (default: default).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = load_tariffs(options["path"], using=options["database"])
        except (TariffDataError, tomllib.TOMLDecodeError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"MRP rows created: {result.mrp_created}; tariffs created: {result.tariffs_created}; "
            f"state duties created: {result.state_duties_created}; already present: {result.existing}."
        )
        for conflict in result.conflicts:
            self.stderr.write(f"Skipped (overlap): {conflict}")
