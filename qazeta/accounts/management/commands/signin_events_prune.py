"""Delete sign-in log rows past their retention (``SIGN_IN_EVENT_RETENTION_DAYS``, 365 days; docs/security.md).

Run daily (cron, or Celery beat in production). Safe to run again.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from qazeta.accounts.signin.services import signin_events_prune


class Command(BaseCommand):
    help = "Delete sign-in log rows older than the retention period (SIGN_IN_EVENT_RETENTION_DAYS)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="Keep this many days instead of the setting.")

    def handle(self, *args: object, days: int | None = None, **options: object) -> None:
        deleted = signin_events_prune(older_than_days=days)
        self.stdout.write(f"{deleted} sign-in log rows deleted.")
