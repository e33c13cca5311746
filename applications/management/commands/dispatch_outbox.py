"""``manage.py dispatch_outbox``: hand to the broker the e-mails and tasks a broker outage kept back.

Celery beat runs the same every minute in production (``applications.tasks.dispatch_outbox``). This command is
for the embedded default (``bin/run`` runs it every minute; with eager tasks it sends and renders in-process) and
for operators once the broker is back.
"""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Hand to the broker every outbox e-mail and task still unsent (applications.outbox.dispatch_pending)."

    def handle(self, *args, **options) -> None:
        from applications.models import OutboxMessage
        from applications.outbox import dispatch_pending

        handed = dispatch_pending()
        left = OutboxMessage.objects.filter(sent_at__isnull=True).count()
        if options["verbosity"] >= 1:
            self.stdout.write(f"{handed} message(s) handed over; {left} not sent yet.")
