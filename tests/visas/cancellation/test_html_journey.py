"""The cancellation after departure in the browser (Django test client): the host party's filing form, the checklist
with the visa on record, the visit, the officer's outcome with the state body's confirmation; then the invitation
letter of the cancelled visa verifies as CANCELLED."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.constants import State
from applications.models import Application
from qazeta.records.models import VisaRecord
from qazeta.workcalendar import calendar as workcalendar
from tests import factories
from visas.cancellation.models import VisaCancellationApplication

from .conftest import CANCEL, TODAY, scan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("receipt_on_approval")]


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_cancellation_in_the_browser_from_the_form_to_the_cancelled_letter(
    membership, employee, officer, invitation, principal_visa, spouse, spouse_visa, django_capture_on_commit_callbacks
):
    _, letter = invitation
    filer, staff = _logged_in(membership.user), _logged_in(officer)
    new_url = reverse("application-new") + f"?service={CANCEL}&person={employee.pk}"

    # 1. The form asks the filer's fields (no refusal before typing: the C3 visa of this host is on record).
    page = html.unescape(filer.get(new_url).content.decode())
    assert 'name="left_kazakhstan_on"' in page
    assert 'name="contract_ended_on"' in page
    assert "nothing to cancel" not in page
    assert "20,000" in page
    response = filer.post(
        new_url,
        {
            "service": CANCEL,
            "person": employee.pk,
            "principal_application": "",
            "channel": "standard",
            "left_kazakhstan_on": "2026-02-27",
            "contract_ended_on": "",
            "consent": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    app = VisaCancellationApplication.objects.get(person=employee)
    assert app.organisation == membership.organisation

    # 2. The checklist: the current visa's copy is on record; the rest is uploaded; submit.
    detail = html.unescape(filer.get(reverse("application-detail", args=[app.pk])).content.decode())
    assert principal_visa.number in detail
    for row in app.service.checklist(app.checklist_facts()):
        if row.required and row.code != "current-visa-copy":
            r = filer.post(
                reverse("application-upload", args=[app.pk]), {"item_code": row.code, "file": factories.pdf_file()}
            )
            assert r.status_code == 302
    assert filer.post(reverse("application-submit", args=[app.pk])).status_code == 302
    assert Application.objects.get(pk=app.pk).state == State.SUBMITTED

    # 3. The officer reviews and approves; the filer books the visit; originals; forwarded.
    assert staff.post(reverse("officer-claim", args=[app.pk])).status_code == 302
    for upload in Application.objects.get(pk=app.pk).uploads.all():
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

    # 4. The officer page asks the state body's number and its confirmation; no term extension is offered.
    officer_page = staff.get(reverse("officer-application", args=[app.pk])).content.decode()
    assert reverse("officer-issue", args=[app.pk]) in officer_page
    assert 'name="attachment_visa_cancellation_confirmation"' in officer_page
    assert reverse("officer-extend-term", args=[app.pk]) not in officer_page
    with django_capture_on_commit_callbacks(execute=True):
        r = staff.post(
            reverse("officer-issue", args=[app.pk]),
            {"decision_number": "MS-2026-77", "attachment_visa_cancellation_confirmation": scan()},
        )
    assert r.status_code == 302
    assert Application.objects.get(pk=app.pk).state == State.ISSUED

    # 5. The filer downloads the confirmation; both visas are cancelled; the letter verifies as CANCELLED.
    confirmation = app.issued_documents.get(kind="visa_cancellation_confirmation")
    detail = filer.get(reverse("application-detail", args=[app.pk])).content.decode()
    assert reverse("issued-download", args=[app.pk, confirmation.pk]) in detail
    assert set(VisaRecord.objects.filter(cancelled_by=app).values_list("pk", flat=True)) == {
        principal_visa.pk,
        spouse_visa.pk,
    }
    verify = " ".join(Client().get(reverse("verify", args=[letter.verification_code])).content.decode().split())
    assert f"CANCELLED</strong> — the visa this document was issued for was cancelled on {TODAY:%d.%m.%Y}" in verify
