"""The A5 invitation in the browser (Django test client): the filing form built from the model, the principal's
"petition by" question (not asked of a family member), upload, submission, review, the visit, the migration
service, the outcome and the filer downloading the letter."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.constants import State
from applications.models import Application
from qazeta.documents.models import IssuedDocument
from qazeta.workcalendar import calendar as workcalendar
from tests import factories

from .conftest import A5_INVITATION, family_member_of, investor_draft

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("receipt_on_approval")]

NEW = reverse("application-new") + f"?service={A5_INVITATION}"


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_host_party_files_an_a5_invitation_in_the_browser_and_downloads_the_letter(
    membership, employee, officer, django_capture_on_commit_callbacks
):
    filer, staff = _logged_in(membership.user), _logged_in(officer)
    page = filer.get(NEW + f"&person={employee.pk}").content.decode()
    assert "Petition by" in page
    assert "The AIFC Administration" in page
    assert "Visa obtained at" in page
    assert "360,000" in page
    assert 'name="visa_number"' not in page  # the officer's, and only for visas issued in Kazakhstan

    response = filer.post(
        NEW,
        {
            "service": A5_INVITATION,
            "person": employee.pk,
            "channel": "standard",
            "validity_years": "2",
            "passport_blank_pages": "4",
            "petitioner": "aifc_administration",
            "visa_pickup_place": "Embassy of Kazakhstan, London",
            "consent": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    app = Application.objects.get(person=employee, service_code=A5_INVITATION)
    assert app.specific().petitioner == "aifc_administration"

    detail = filer.get(reverse("application-detail", args=[app.pk])).content.decode()
    assert "Petition of Kazakhstan&#x27;s authorised investment body or of the AIFC Administration" in detail
    for req in app.service.checklist(app.checklist_facts()):
        if req.required and req.code != "consent-personal-data":
            r = filer.post(
                reverse("application-upload", args=[app.pk]), {"item_code": req.code, "file": factories.pdf_file()}
            )
            assert r.status_code == 302
    assert filer.post(reverse("application-submit", args=[app.pk])).status_code == 302
    assert Application.objects.get(pk=app.pk).state == State.SUBMITTED

    assert staff.post(reverse("officer-claim", args=[app.pk])).status_code == 302
    for upload in app.uploads.all():
        r = staff.post(
            reverse("officer-review-document", args=[app.pk, upload.pk]), {f"doc-{upload.pk}-decision": "accept"}
        )
        assert r.status_code == 302
    assert staff.post(reverse("officer-approve-documents", args=[app.pk])).status_code == 302
    day = workcalendar.add_working_days(timezone.localdate(), 1)
    page = filer.get(reverse("application-detail", args=[app.pk]) + f"?date={day.isoformat()}").content.decode()
    starts_at = re.findall(r'name="starts_at" value="([^"]+)"', page)[0]
    assert filer.post(reverse("appointment-book", args=[app.pk]), {"starts_at": starts_at}).status_code == 302
    with factories.on_visit_day(app) as received:
        assert (
            staff.post(reverse("officer-receive-originals", args=[app.pk]), {"received": received}).status_code == 302
        )
    assert staff.post(reverse("officer-forward", args=[app.pk])).status_code == 302
    assert Application.objects.get(pk=app.pk).state == State.WITH_AUTHORITY

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(reverse("officer-issue", args=[app.pk]), {"decision_number": "MS-2026-0042"})
    assert response.status_code == 302
    assert Application.objects.get(pk=app.pk).state == State.ISSUED

    document = IssuedDocument.objects.get(application_id=app.pk)
    link = reverse("issued-download", args=[app.pk, document.pk])
    assert link in filer.get(reverse("application-detail", args=[app.pk])).content.decode()
    pdf = filer.get(link)
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_a_family_members_form_does_not_ask_the_petition_and_the_draft_offers_to_wait(membership, employee):
    spouse = family_member_of(employee)
    principal = investor_draft(A5_INVITATION, membership=membership, person=employee)
    filer = _logged_in(membership.user)
    page = filer.get(NEW + f"&person={spouse.pk}").content.decode()
    assert 'name="visa_pickup_place"' in page
    assert 'name="petitioner"' not in page  # the principal's own question

    response = filer.post(
        NEW,
        {
            "service": A5_INVITATION,
            "person": spouse.pk,
            "principal_application": principal.pk,
            "channel": "standard",
            "validity_years": "2",
            "passport_blank_pages": "4",
            "visa_pickup_place": "Embassy of Kazakhstan, London",
            "consent": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    app = Application.objects.get(person=spouse)
    assert app.specific().petitioner == ""
    factories.upload_checklist(app, membership.user)

    response = filer.post(reverse("application-submit", args=[app.pk]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "valid A5 or A6 or C3 visa is not on record yet" in html
    assert "Notify me when it can be submitted" in html
    assert Application.objects.get(pk=app.pk).state == State.DRAFT
