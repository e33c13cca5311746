"""Demo applications around the visa records (issue 7), on top of ``load_demo``'s host parties, staff and visas.

Haruki Tanaka (Astana Fintech) has an issued C3 invitation letter, but his C3 visa is not recorded yet; his
spouse Yuki's C3 invitation is a draft linked to his application that waits for his valid visa (the page says
so and offers "notify me"). The contrast, Chinedu Okafor (Steppe Capital) whose visa is recorded, and Klaus
Müller, whose C3 visa is inside its extension window today, are ``load_demo``'s own (kernel data). Safe to run
again: a principal who already has a C3 invitation is left alone. The engine files by service code, so this
imports no plug-in.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from applications import hooks, selectors, services
from applications.exceptions import ApplicationError
from applications.models import Application
from applications.registry import get_registry
from qazeta.accounts.management.commands.load_demo import TANAKA_PASSPORT, TANAKA_SPOUSE_PASSPORT
from qazeta.accounts.models import Membership, Person, User
from qazeta.workcalendar import calendar as workcalendar

from .demo import SAMPLE_PDF

SERVICE = "c3-invitation"
PICKUP = "Embassy of Kazakhstan, Tokyo"


def _fields(person: Person, *, family_member: bool, **wanted: object) -> dict[str, object]:
    """The service's own fields this filing asks (a family member is asked no principal-only field)."""
    names = set(get_registry().fileable(SERVICE).filing_field_names(family_member=family_member))
    return {k: v for k, v in wanted.items() if k in names}


class Command(BaseCommand):
    help = "Load demo C3 applications: an issued invitation whose visa is not recorded, and a waiting dependant."

    def handle(self, *args: object, **options: object) -> None:
        call_command("load_demo", stdout=_Null())
        principal_person = Person.objects.get(passport_number=TANAKA_PASSPORT)
        spouse = Person.objects.get(passport_number=TANAKA_SPOUSE_PASSPORT)
        if Application.objects.filter(person=principal_person, service_code=SERVICE).exists():
            self.stdout.write("Demo visa applications already loaded.")
            return
        admin = User.objects.get(username="aigerim.admin")
        officer = User.objects.get(username="officer")
        org = Membership.objects.get(user=admin).organisation
        try:
            principal = self._issue(admin, officer, org, principal_person)
        except ApplicationError as exc:
            # E.g. no MRP recorded for this year: the fee cannot be frozen at submission.
            self.stdout.write(self.style.WARNING(f"Demo C3 invitation not issued: {exc}"))
            return
        services.application_create(
            user=admin,
            service_code=SERVICE,
            person=spouse,
            organisation=org,
            channel="standard",
            validity_years=2,
            passport_blank_pages=7,
            principal_application=principal,
            **_fields(spouse, family_member=True, position="", visa_pickup_place=PICKUP),
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{principal.reference}: {principal_person.full_name}'s C3 invitation is issued (visa not recorded "
                f"yet); {spouse.full_name}'s draft waits for it."
            )
        )

    @transaction.atomic
    def _issue(self, admin: User, officer: User, org: object, person: Person) -> Application:
        app = services.application_create(
            user=admin,
            service_code=SERVICE,
            person=person,
            organisation=org,
            channel="standard",
            validity_years=2,
            passport_blank_pages=6,
            **_fields(person, family_member=False, position=person.position, visa_pickup_place=PICKUP),
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
        services.application_assign(user=officer, application=app, officer=officer)
        app.refresh_from_db()
        for row in selectors.checklist_status(app):
            if row.current and row.current.review_status != "accepted":
                services.document_review(user=officer, upload=row.current, accept=True)
        services.documents_approve(user=officer, application=app)
        app.refresh_from_db()
        day = timezone.localdate()
        for _ in range(10):
            day = workcalendar.add_working_days(day, 1)
            slots = selectors.free_slots(day)
            if slots:
                break
        hooks.settle_booking_gates(app, admin)  # e.g. the payment receipt the booking waits for
        appointment = services.appointment_book(user=admin, application=app, starts_at=slots[0][0])
        # Demo history: the visit took place this morning (originals are received on the visit's day or later).
        from applications.models import AppointmentSlot

        held = dt.datetime.combine(timezone.localdate(), dt.time(9), tzinfo=timezone.get_current_timezone())
        appointment.slot, _ = AppointmentSlot.objects.get_or_create(
            starts_at=held, defaults={"capacity": settings.APPOINTMENT_SLOT_CAPACITY}
        )
        appointment.save(update_fields=["slot"])
        app.refresh_from_db()
        services.originals_receive(
            user=officer,
            application=app,
            received=[row.requirement.code for row in selectors.originals_to_bring(app)],
        )
        services.authority_forward(user=officer, application=app)
        services.application_issue(
            user=officer, application=app, decision_number=f"MVD-C3-{timezone.localdate():%Y}-{app.pk:05d}"
        )
        app.refresh_from_db()
        return app


class _Null:
    def write(self, *args: object, **kwargs: object) -> None:
        pass

    def flush(self) -> None:
        pass
