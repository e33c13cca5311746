"""``manage.py sweep_appointments``: send the due appointment reminders and cancel the visits not confirmed in time.

Celery beat runs the same every 15 minutes in production (``applications.tasks.sweep_appointments``); ``bin/run``
runs it in a loop on the embedded default. Each reminder and cancellation happens once, so running it again (or
twice at once) does nothing new (``applications.services.appointments_sweep``).
"""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Send due appointment reminders; cancel appointments not confirmed 24 hours before the visit."

    def handle(self, *args, **options) -> None:
        from applications.services import appointments_sweep

        reminded, cancelled = appointments_sweep()
        if options["verbosity"] >= 1:
            self.stdout.write(f"{reminded} reminder(s) recorded; {cancelled} unconfirmed appointment(s) cancelled.")
