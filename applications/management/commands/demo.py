"""Drive the whole C3 invitation journey without a browser and print the path of the invitation letter.

An employer admin files a C3 work-visa invitation for an employee and a linked dependant application for the
spouse (which waits for the employee's valid C3 visa: the demo declares the visa the employee holds); an officer
claims, reviews, requests information, approves; the filer answers and books appointments; the officer receives
the originals, forwards the file and records the outcome; the PDF task renders the letter.
"""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils import timezone

from applications import hooks, selectors, services
from applications.constants import State
from applications.exceptions import SubmissionRefused
from applications.models import Application
from qazeta.accounts.models import Membership, Person, User
from qazeta.records.services import visa_record_declare


def _sample_pdf() -> bytes:
    """A blank A4 page written by pypdf, standing in for a scanned document: uploads must be well-formed PDFs
    (cross-reference table and all; docs/decisions/0010-input-hardening.md)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


SAMPLE_PDF = _sample_pdf()


class Command(BaseCommand):
    help = "Run the C3 invitation journey end to end on demo data and print the invitation letter's path."

    def handle(self, *args: object, **options: object) -> None:
        # Keep the e-mails in memory and list them at the end, so the steps stay readable.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            mail.outbox = []
            self._journey(**options)
            self.stdout.write(f"E-mails sent to the filer ({len(mail.outbox)}):")
            for message in mail.outbox:
                self.stdout.write(f"  to {', '.join(message.to)}: {message.subject}")

    def _journey(self, **options: object) -> None:
        call_command("load_demo", stdout=self.stdout if options.get("verbosity", 1) > 1 else _Null())
        admin = User.objects.get(username="aigerim.admin")
        officer = User.objects.get(username="officer")
        org = Membership.objects.get(user=admin).organisation
        employee = Person.objects.get(passport_number="533401287")
        spouse = Person.objects.get(passport_number="533409911")

        step = self._step
        principal = services.application_create(
            user=admin,
            service_code="c3-invitation",
            person=employee,
            organisation=org,
            channel="standard",
            validity_years=2,
            passport_blank_pages=6,
            position=employee.position,
            visa_pickup_place="Embassy of Kazakhstan, London",
        )
        dependant = services.application_create(
            user=admin,
            service_code="c3-invitation",
            person=spouse,
            organisation=org,
            channel="standard",
            validity_years=2,
            passport_blank_pages=8,
            principal_application=principal,
            visa_pickup_place="Embassy of Kazakhstan, London",
        )
        step(f"Filed drafts #{principal.pk} (employee) and #{dependant.pk} (spouse, dependant)")
        for app in (principal, dependant):
            services.consent_record(user=admin, person=app.person)
            for row in selectors.checklist_status(app):
                if row.requirement.required:
                    services.document_upload(
                        user=admin,
                        application=app,
                        item_code=row.requirement.code,
                        file=SimpleUploadedFile(f"{row.requirement.code}.pdf", SAMPLE_PDF, "application/pdf"),
                    )
            if app is dependant:
                try:
                    services.application_submit(user=admin, application=app)
                except SubmissionRefused as exc:
                    # Guide 2025, Work visa §1: a family member needs the principal's valid work visa.
                    step(f"The spouse's draft waits: {exc.failures[0].message}")
                today = timezone.localdate()
                visa = visa_record_declare(
                    user=admin,
                    person=employee,
                    category="C3",
                    number="C3DEMO0001",
                    valid_from=today,
                    valid_to=today + dt.timedelta(days=730),
                    entries="multiple",
                    scan=SimpleUploadedFile("c3-visa.pdf", SAMPLE_PDF, "application/pdf"),
                )
                step(f"Declared the employee's C3 visa {visa.number}, valid to {visa.valid_to:%d.%m.%Y}")
            services.application_submit(user=admin, application=app)
            app.refresh_from_db()
            step(f"Submitted {app.reference}: due {app.due_date:%d.%m.%Y}, fee {app.fee_total} KZT")

        for app in (principal, dependant):
            app.refresh_from_db()
            services.application_assign(user=officer, application=app, officer=officer)
        step("Officer claimed both applications (in review)")

        passport = principal.uploads.get(item_code="passport-copy")
        services.document_review(user=officer, upload=passport, accept=False, reason="The scan is not readable.")
        principal.refresh_from_db()
        services.information_request(
            user=officer,
            application=principal,
            message="Please upload a readable passport scan.",
            item_codes=["passport-copy"],
        )
        step("Officer rejected the passport scan and requested information (clock paused)")
        principal.refresh_from_db()
        services.document_upload(
            user=admin,
            application=principal,
            item_code="passport-copy",
            file=SimpleUploadedFile("passport-rescan.pdf", SAMPLE_PDF, "application/pdf"),
        )
        services.information_answer(user=admin, application=principal, answer="A new scan is uploaded.")
        step("Filer uploaded a new scan and answered (clock resumed)")

        # The originals are received on the visit's day or later (services.originals_receive): the next free slots,
        # today's when the office is still open; after hours the walk stops there with a clear error.
        slots = selectors.free_slots(count=2)
        if len(slots) < 2:
            raise CommandError("No free appointment slots in the coming weeks.")
        slot_day = timezone.localdate(slots[0][0])
        if slot_day != timezone.localdate():
            raise CommandError(f"The next free visit is on {slot_day}; run the demo journey during office hours.")
        for app, (starts_at, _free) in zip((principal, dependant), slots, strict=False):
            app.refresh_from_db()
            for row in selectors.checklist_status(app):
                if row.current and row.current.review_status != "accepted":
                    services.document_review(user=officer, upload=row.current, accept=True)
            services.documents_approve(user=officer, application=app)
            app.refresh_from_db()
            hooks.settle_booking_gates(app, admin)  # e.g. the payment receipt the booking waits for
            services.appointment_book(user=admin, application=app, starts_at=starts_at)
            app.refresh_from_db()
            services.originals_receive(
                user=officer,
                application=app,
                received=[row.requirement.code for row in selectors.originals_to_bring(app)],
            )
            services.authority_forward(user=officer, application=app)
            services.application_issue(
                user=officer,
                application=app,
                decision_number=f"MVD-C3-{timezone.localdate():%Y}-{app.pk:05d}",
            )
            step(
                f"{app.reference}: appointment {timezone.localtime(starts_at):%d.%m.%Y %H:%M}, originals received, "
                "forwarded to the state body, issued"
            )

        for app in (principal, dependant):
            app = Application.objects.get(pk=app.pk)
            if app.state != State.ISSUED:
                raise CommandError(f"{app.reference} ended in state {app.state}")
            documents = list(app.issued_documents.all())
            if not documents:
                raise CommandError(f"{app.reference}: no invitation letter was rendered (is a Celery worker running?)")
            for doc in documents:
                self.stdout.write(self.style.SUCCESS(f"{doc.title} ({app.reference}): {doc.file.path}"))
                self.stdout.write(f"  verify: /verify/{doc.verification_code}/")

    def _step(self, text: str) -> None:
        self.stdout.write(f"• {text}")


class _Null:
    def write(self, *args: object, **kwargs: object) -> None:
        pass

    def flush(self) -> None:
        pass
