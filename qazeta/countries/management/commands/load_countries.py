"""``manage.py load_countries [--update]``: load the country table from ``qazeta/countries/data``."""

from django.core.management.base import BaseCommand

from qazeta.countries.loader import load
from qazeta.countries.models import Country


class Command(BaseCommand):
    help = "Load the countries (apostille, Minsk/Chisinau, CIS/EAEU, visa-free days) from the data files."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument(
            "--update", action="store_true", help="Overwrite existing rows from the files (supervisors' edits too)."
        )

    def handle(self, *args, update: bool = False, **options) -> None:  # noqa: ANN002, ANN003
        created, updated = load(Country, update=update)
        self.stdout.write(f"Countries: {created} created, {updated} updated from the data files.")
