"""``manage.py sweep_outputs``: queue the documents outcomes should have produced but did not (broker outage).

Celery beat runs the same task every 5 minutes in production; this command is for the embedded default
(run it from cron) and for operators after an outage.
"""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Queue the render task of every generated output missing from a decided application."

    def handle(self, *args, **options) -> None:
        from applications.tasks import requeue_pending_outputs

        queued = requeue_pending_outputs()
        self.stdout.write(f"{queued} document task(s) queued.")
