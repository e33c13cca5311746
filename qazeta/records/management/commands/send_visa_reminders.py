"""Send the visa extension-window reminders due today, by hand (Celery beat runs the same every hour)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from qazeta.records.reminders import visa_reminders_send


class Command(BaseCommand):
    help = "E-mail host-party admins the visa extension-window reminders due today (each reminder is sent once)."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--date", help="Act as if today were this Astana date (YYYY-MM-DD).")

    def handle(self, *args: object, **options: object) -> None:
        today = None
        if options.get("date"):
            try:
                today = dt.date.fromisoformat(str(options["date"]))
            except ValueError:
                raise CommandError("--date must be YYYY-MM-DD.") from None
        sent = visa_reminders_send(today=today)
        if int(options.get("verbosity", 1)) > 0:
            self.stdout.write(f"Visa reminders sent: {sent}")
