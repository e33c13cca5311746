"""The C3 work visa issued in Kazakhstan in the browser (Django test client): the filing form built from the
model, the checklist with the arrival notification already on record, the visit, the officer's issue form with
the visa's fields and the scan, the filer downloading the visa."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.constants import State
from applications.models import Application
from qazeta.documents.models import IssuedDocument
from qazeta.records.models import VisaRecord
from qazeta.workcalendar import calendar as workcalendar
from tests import factories

from .conftest import VISA_FIELDS, VISA_SCAN, logged_in, visa_scan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("receipt_on_approval")]

NEW = reverse("application-new") + "?service=c3-visa"


def test_host_party_files_a_c3_visa_in_the_browser_and_downloads_it(
    membership, employee, officer, django_capture_on_commit_callbacks
):
    filer, staff = logged_in(membership.user), logged_in(officer)

    page = filer.get(NEW + f"&person={employee.pk}")
    assert page.status_code == 200
    html = page.content.decode()
    for label in ("Position", "Contract ends on", "Blank pages in the passport", "Visa validity"):
        assert label in html, label
    assert 'name="visa_number"' not in html  # the officer enters the visa at issue
    assert "360,000" in html

    response = filer.post(
        NEW,
        {
            "service": "c3-visa",
            "person": employee.pk,
            "channel": "standard",
            "validity_years": 2,
            "passport_blank_pages": 4,
            "position": "Head of Risk",
            "contract_ends_on": "2028-03-01",
            "consent": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    app = Application.objects.get(person=employee, service_code="c3-visa")
    detail_url = reverse("application-detail", args=[app.pk])
    assert response["Location"].startswith(detail_url)

    detail = filer.get(detail_url).content.decode()
    assert "Workplace certificate from the Enbek.kz portal" in detail
    assert "Certificate of fingerprinting or of 2025 verification" in detail
    for req in app.service.checklist(app.checklist_facts()):
        if req.required and req.code != "consent-personal-data":
            r = filer.post(
                reverse("application-upload", args=[app.pk]), {"item_code": req.code, "file": factories.pdf_file()}
            )
            assert r.status_code == 302
    assert filer.post(reverse("application-submit", args=[app.pk])).status_code == 302
    app.refresh_from_db()
    assert app.state == State.SUBMITTED
    assert app.due_date == workcalendar.add_working_days(timezone.localdate(), 5)

    assert staff.post(reverse("officer-claim", args=[app.pk])).status_code == 302
    for upload in app.uploads.all():
        r = staff.post(
            reverse("officer-review-document", args=[app.pk, upload.pk]), {f"doc-{upload.pk}-decision": "accept"}
        )
        assert r.status_code == 302
    assert staff.post(reverse("officer-approve-documents", args=[app.pk])).status_code == 302
    day = workcalendar.add_working_days(timezone.localdate(), 1)
    page = filer.get(detail_url + f"?date={day.isoformat()}").content.decode()
    starts_at = re.findall(r'name="starts_at" value="([^"]+)"', page)[0]
    assert filer.post(reverse("appointment-book", args=[app.pk]), {"starts_at": starts_at}).status_code == 302
    with factories.on_visit_day(app) as received:
        assert (
            staff.post(reverse("officer-receive-originals", args=[app.pk]), {"received": received}).status_code == 302
        )
    assert staff.post(reverse("officer-forward", args=[app.pk])).status_code == 302

    officer_page = staff.get(reverse("officer-application", args=[app.pk])).content.decode()
    for name in (*VISA_FIELDS, "attachment_c3_visa"):
        assert f'name="{name}"' in officer_page, name
    # The visa number is the state body's number: it is not asked twice.
    assert 'name="decision_number"' not in officer_page

    # Without the visa's fields the page says what is missing; nothing is recorded.
    response = staff.post(reverse("officer-issue", args=[app.pk]), {"attachment_c3_visa": visa_scan()})
    assert response.status_code == 400
    assert Application.objects.get(pk=app.pk).state == State.WITH_AUTHORITY
    assert not VisaRecord.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("officer-issue", args=[app.pk]),
            {**VISA_FIELDS, "attachment_c3_visa": visa_scan()},
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Application.objects.get(pk=app.pk).state == State.ISSUED
    # The filer's page shows the visa's number as the number the state body issued.
    assert Application.objects.get(pk=app.pk).decision_number == VISA_FIELDS["visa_number"].upper()
    record = VisaRecord.objects.get(person=employee)
    assert (record.number, record.host_party, record.application_id) == ("C30012345", membership.organisation, app.pk)

    detail = filer.get(detail_url).content.decode()
    assert "C30012345" in detail
    document = IssuedDocument.objects.get(application_id=app.pk, kind="c3_visa")
    link = reverse("issued-download", args=[app.pk, document.pk])
    assert link in detail
    download = filer.get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == VISA_SCAN
    verify = filer.get(reverse("verify", args=[document.verification_code]))
    assert verify.status_code == 200
    assert "VALID" in verify.content.decode()
