"""Demo data for the temporary residence permit (issue 8), on top of ``load_demo``'s host parties and staff.

Bakyt Asanov, a citizen of Kyrgyzstan (CIS and EAEU) employed by the first demo host party, planning to stay 300
calendar days on a contract to the end of next March: his TRP (variant employee) is filed with every document and
submitted, so it waits in the officer's queue with the latest end Decree 807 allows shown. Safe to run again: a
person who already has a TRP application is left alone. The engine files by service code, so this imports no
plug-in.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from applications import selectors, services
from applications.exceptions import ApplicationError
from applications.models import Application
from qazeta.accounts.models import Membership, Person, User

from .demo import SAMPLE_PDF

SERVICE = "temporary-residence"
#: The demo CIS employee's passport (ICAO 9303 data: Kyrgyzstan).
ASANOV_PASSPORT = "AC1234567"


class Command(BaseCommand):
    help = "Load a demo TRP: a CIS employee's temporary residence permit, submitted."

    def handle(self, *args: object, **options: object) -> None:
        call_command("load_demo", stdout=_Null())
        # The citizenship rule reads the country table (loaded by its migration; this only adds missing rows).
        call_command("load_countries", stdout=_Null())
        admin = User.objects.get(username="aigerim.admin")
        org = Membership.objects.get(user=admin).organisation
        today = timezone.localdate()
        person, _ = Person.objects.get_or_create(
            passport_number=ASANOV_PASSPORT,
            defaults={
                "organisation": org,
                "surname": "ASANOV",
                "given_names": "BAKYT",
                "sex": "M",
                "date_of_birth": dt.date(1990, 3, 14),
                "nationality": "KGZ",
                "passport_issuing_state": "KGZ",
                "passport_expires_on": today.replace(year=today.year + 6, day=1),
                "email": "bakyt.asanov@example.com",
                "position": "Software engineer",
            },
        )
        if Application.objects.filter(person=person, service_code=SERVICE).exists():
            self.stdout.write("Demo TRP already loaded.")
            return
        try:
            application = self._file(admin, org, person, today)
        except ApplicationError as exc:
            # E.g. no MRP recorded for this year: the fee cannot be frozen at submission.
            self.stdout.write(self.style.WARNING(f"Demo TRP not submitted: {exc}"))
            return
        self.stdout.write(
            self.style.SUCCESS(f"{application.reference}: {person.full_name}'s temporary residence permit, submitted.")
        )

    @transaction.atomic
    def _file(self, admin: User, org: object, person: Person, today: dt.date) -> Application:
        app = services.application_create(
            user=admin,
            service_code=SERVICE,
            person=person,
            organisation=org,
            channel="standard",
            variant="employee",
            basis="aifc_employee",
            planned_stay_days=300,
            contract_ends_on=dt.date(today.year + 1, 3, 31),
        )
        services.consent_record(user=admin, person=person)
        for row in selectors.checklist_status(app):
            if row.requirement.required and not row.satisfied_by_record:
                services.document_upload(
                    user=admin,
                    application=app,
                    item_code=row.requirement.code,
                    file=SimpleUploadedFile(f"{row.requirement.code}.pdf", SAMPLE_PDF, "application/pdf"),
                )
        services.application_submit(user=admin, application=app)
        app.refresh_from_db()
        return app


class _Null:
    def write(self, *args: object, **kwargs: object) -> None:
        pass

    def flush(self) -> None:
        pass
