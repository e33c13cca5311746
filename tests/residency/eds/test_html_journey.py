"""The EDS in the browser (Django test client): the filing form says the request is made on pki.gov.kz and asks its
number; the first head's order appears for a legal entity; the visit activates the EDS; the officer records it.
A person without an IIN is told before typing."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.constants import State
from applications.models import Application
from qazeta.workcalendar import calendar as workcalendar
from tests import factories

from .conftest import SERVICE, html_text, logged_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("receipt_on_approval")]


def test_legal_entity_eds_from_the_form_to_activation(
    membership, employee, officer, django_capture_on_commit_callbacks
):
    filer, staff = logged_in(membership.user), logged_in(officer)
    new_url = reverse("application-new") + f"?service={SERVICE}&person={employee.pk}"

    body = html.unescape(filer.get(new_url).content.decode())
    for name in ("holder", "pki_request_number", "key_storage", "mobile_citizens_registered"):
        assert f'name="{name}"' in body, name
    assert "The EDS is requested on the National Certification Centre's portal, pki.gov.kz, not here" in body
    assert "The visit to the Expat Centre only activates the EDS." in body
    r = filer.post(
        new_url,
        {
            "service": SERVICE,
            "person": employee.pk,
            "principal_application": "",
            "channel": "walk_in",
            "holder": "legal_entity",
            "pki_request_number": "NUC-2026-0099",
            "key_storage": "computer",
            "mobile_citizens_registered": "on",
            "consent": "on",
        },
    )
    assert r.status_code == 302, html_text(r.content.decode())[:2000]
    app = Application.objects.get(service_code=SERVICE, person=employee)
    detail_url = reverse("application-detail", args=[app.pk])
    page = html.unescape(filer.get(detail_url).content.decode())
    assert "Order appointing the first head" in page
    assert "NUC-2026-0099" in page

    for row in app.specific().service.checklist(app.checklist_facts()):
        if row.required and row.code != "consent-personal-data":
            r = filer.post(
                reverse("application-upload", args=[app.pk]), {"item_code": row.code, "file": factories.pdf_file()}
            )
            assert r.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert filer.post(reverse("application-submit", args=[app.pk])).status_code == 302
    assert Application.objects.get(pk=app.pk).state == State.SUBMITTED

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

    body = staff.get(officer_page).content.decode()
    assert reverse("officer-forward", args=[app.pk]) not in body
    assert 'name="decision_number"' not in body
    with django_capture_on_commit_callbacks(execute=True):
        assert staff.post(reverse("officer-issue", args=[app.pk]), {}).status_code == 302
    assert Application.objects.get(pk=app.pk).state == State.ISSUED


def test_a_person_without_an_iin_is_told_before_typing(membership):
    person = factories.PersonFactory(organisation=membership.organisation)
    page = logged_in(membership.user).get(reverse("application-new") + f"?service={SERVICE}&person={person.pk}")
    assert page.status_code == 200
    text = html_text(page.content.decode())
    assert f"{person.full_name} has no IIN on record." in text
