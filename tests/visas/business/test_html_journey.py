"""The multiple-entry business visa in the browser (Django test client): the filing form built from the model with
the category choice, the checklist satisfied by the arrival notification the portal issued, the visit, the officer's
issue form with the visa's fields and scan, the visa record and the filer's download; and an extension outside its
window told on the new-application page before typing."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.constants import State
from applications.models import Application
from qazeta.documents.models import IssuedDocument
from qazeta.records.models import VisaRecord
from qazeta.workcalendar import calendar as workcalendar
from tests import factories

from .conftest import MULTI_EXTENSION, MULTI_VISA, VISA_SCAN, html_text, scan, visa_record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("receipt_on_approval")]


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def arrival_notified(membership, employee, officer, django_capture_on_commit_callbacks) -> IssuedDocument:
    """The employee's arrival notification, issued through the portal (its confirmation is on record)."""
    draft = factories.file_draft(
        "arrival-notification",
        membership=membership,
        person=employee,
        notification_kind="arrival",
        event_date=dt.date(2026, 6, 14),
        address="Astana, Kabanbay Batyr Ave 11, flat 5",
        stay_until=dt.date(2027, 6, 1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        factories.advance(
            draft,
            State.ISSUED,
            filer=membership.user,
            officer=officer,
            issue={"fields": {"registration_number": "KZ-REG-0042"}},
        )
    return IssuedDocument.objects.get(application_id=draft.pk)


def test_multiple_entry_visa_from_the_form_to_the_visa_record(
    membership, employee, officer, arrival_notified, django_capture_on_commit_callbacks
):
    filer, staff = _logged_in(membership.user), _logged_in(officer)
    new_url = reverse("application-new") + f"?service={MULTI_VISA}&person={employee.pk}"

    # 1. The form asks the category (B2 or B3 only), never the visa's fields the officer enters.
    body = filer.get(new_url).content.decode()
    assert 'name="visa_category"' in body
    assert 'value="B2"' in body
    assert 'value="B3"' in body
    assert 'value="B1"' not in body
    assert 'name="visa_number"' not in body
    assert "20,000" in body
    r = filer.post(
        new_url,
        {
            "service": MULTI_VISA,
            "person": employee.pk,
            "principal_application": "",
            "channel": "standard",
            "passport_blank_pages": "6",
            "visa_category": "B3",
            "consent": "on",
        },
    )
    assert r.status_code == 302, html_text(r.content.decode())[:2000]
    app = Application.objects.get(service_code=MULTI_VISA, person=employee)
    detail_url = reverse("application-detail", args=[app.pk])

    # 2. The arrival notification is on record: shown with its verification link, no upload needed.
    page = html.unescape(filer.get(detail_url).content.decode())
    assert arrival_notified.reference in page
    assert reverse("verify", args=[arrival_notified.verification_code]) in page
    assert "Confirmation of membership of the founders or of the board of directors" in page
    assert "Contract for consulting, audit or installation works" not in page
    uploaded = []
    for row in app.specific().service.checklist(app.checklist_facts()):
        if row.required and row.code not in ("arrival-notification", "consent-personal-data"):
            r = filer.post(reverse("application-upload", args=[app.pk]), {"item_code": row.code, "file": scan()})
            assert r.status_code == 302
            uploaded.append(row.code)
    assert "arrival-notification" not in uploaded
    with django_capture_on_commit_callbacks(execute=True):
        assert filer.post(reverse("application-submit", args=[app.pk])).status_code == 302
    assert Application.objects.get(pk=app.pk).state == State.SUBMITTED

    # 3. Review, approval, the visit and the state body.
    officer_page = reverse("officer-application", args=[app.pk])
    assert staff.post(reverse("officer-claim", args=[app.pk]), {"next": officer_page}).status_code == 302
    for upload in Application.objects.get(pk=app.pk).uploads.all():
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
    assert Application.objects.get(pk=app.pk).state == State.WITH_AUTHORITY

    # 4. The officer's issue form: the visa's fields and the scan; the term may be extended (30-day note).
    body = staff.get(officer_page).content.decode()
    for name in ("visa_number", "visa_valid_from", "visa_valid_to", "visa_entries", "attachment_business_visa"):
        assert f'name="{name}"' in body, name
    assert reverse("officer-extend-term", args=[app.pk]) in body
    form = {
        "decision_number": "MS-2026-0415",
        "visa_number": "987654321",
        "visa_valid_from": "2026-06-25",
        "visa_valid_to": "2027-06-24",
        "visa_entries": "multiple",
    }
    r = staff.post(reverse("officer-issue", args=[app.pk]), form)  # without the scan
    assert r.status_code == 400
    assert not VisaRecord.objects.filter(person=employee).exists()
    with django_capture_on_commit_callbacks(execute=True):
        r = staff.post(reverse("officer-issue", args=[app.pk]), {**form, "attachment_business_visa": scan()})
    assert r.status_code == 302
    assert Application.objects.get(pk=app.pk).state == State.ISSUED

    # 5. The visa is a record on the person; the filer downloads the scan.
    (record,) = VisaRecord.objects.filter(person=employee)
    assert (record.category, record.number, record.valid_to) == ("B3", "987654321", dt.date(2027, 6, 24))
    assert record.host_party_id == membership.organisation_id
    document = IssuedDocument.objects.get(application_id=app.pk)
    page = html.unescape(filer.get(detail_url).content.decode())
    link = reverse("issued-download", args=[app.pk, document.pk])
    assert link in page
    assert b"".join(filer.get(link).streaming_content) == VISA_SCAN


def test_extension_outside_its_window_is_told_before_typing(membership, employee):
    visa_record(employee, category="B2", host=membership.organisation, valid_to=dt.date(2026, 12, 31))
    filer = _logged_in(membership.user)
    page = filer.get(reverse("application-new") + f"?service={MULTI_EXTENSION}&person={employee.pk}")
    assert page.status_code == 200
    text = html_text(page.content.decode())
    assert "(30 to 5 working days before it expires); it is not open yet." in text
    assert "B2 visa B20000111, valid 16.07.2025–31.12.2026" in text
