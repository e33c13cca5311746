"""The IIN in the browser (Django test client): the filing form built from the IIN model, the filer page, the officer
page with its IIN field, the outcome, and the filer downloading the certificate or the refusal notice."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.constants import State
from applications.models import Application
from qazeta.accounts.models import Person
from qazeta.documents.models import IssuedDocument
from qazeta.workcalendar import calendar as workcalendar
from residency.iin.models import IinApplication
from tests import factories

from .conftest import iin_fields, iin_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("receipt_on_approval")]

NEW = reverse("application-new") + "?service=iin"


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(person: Person, **overrides) -> dict:
    data = {k: v for k, v in iin_fields(**overrides).items() if v not in ("", None, False)}
    data["passport_issued_on"] = data["passport_issued_on"].isoformat()
    data["secrets_consent"] = "on" if overrides.get("secrets_consent", True) else ""
    return {"service": "iin", "person": person.pk, "channel": "standard", "consent": "on", **data}


def _file_upload_submit(client: Client, person: Person, **overrides) -> Application:
    page = client.get(NEW + f"&person={person.pk}")
    assert page.status_code == 200
    html = page.content.decode()
    for label in (
        "Surname (Latin)",
        "Surname (Cyrillic)",
        "Given names (Cyrillic)",
        "Country of birth",
        "Passport issued on",
        "Address in Kazakhstan",
        "Consent to the use of information constituting secrets protected by law in information systems",
    ):
        assert label in html, label
    assert 'name="assigned_iin"' not in html  # the officer records it at issue
    assert "10,000" in html  # the standard channel's fee

    response = client.post(NEW, _form(person, **overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    app = Application.objects.get(person=person, service_code="iin")
    assert response["Location"].startswith(reverse("application-detail", args=[app.pk]))
    assert IinApplication.objects.get(pk=app.pk).surname_cyrillic == "СМИТ"

    for req in app.service.checklist(app.checklist_facts()):
        r = client.post(
            reverse("application-upload", args=[app.pk]), {"item_code": req.code, "file": factories.pdf_file()}
        )
        assert r.status_code == 302
    assert client.post(reverse("application-submit", args=[app.pk])).status_code == 302
    app.refresh_from_db()
    assert app.state == State.SUBMITTED
    return app


def _review_and_visit(filer: Client, staff: Client, app: Application) -> None:
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

    officer_page = staff.get(reverse("officer-application", args=[app.pk])).content.decode()
    assert reverse("officer-forward", args=[app.pk]) not in officer_page
    with factories.on_visit_day(app) as received:
        assert (
            staff.post(reverse("officer-receive-originals", args=[app.pk]), {"received": received}).status_code == 302
        )
    app.refresh_from_db()
    assert app.state == State.ORIGINALS_RECEIVED


def test_host_party_files_in_the_browser_and_downloads_the_certificate(
    membership, employee, officer, django_capture_on_commit_callbacks
):
    filer, staff = _logged_in(membership.user), _logged_in(officer)
    app = _file_upload_submit(filer, employee)
    detail = filer.get(reverse("application-detail", args=[app.pk])).content.decode()
    assert "СМИТ" in detail
    assert "17.06.2026" in detail  # due: 1 working day after Tuesday's submission

    _review_and_visit(filer, staff, app)

    officer_page = staff.get(reverse("officer-application", args=[app.pk])).content.decode()
    assert 'name="assigned_iin"' in officer_page
    assert reverse("officer-issue", args=[app.pk]) in officer_page
    assert reverse("officer-forward", args=[app.pk]) not in officer_page
    assert 'name="decision_number"' not in officer_page

    # A wrong sex digit: the page says why, the application stays where it was.
    good = iin_for(employee)
    woman = factories.PersonFactory.build(date_of_birth=employee.date_of_birth, sex="F")
    response = staff.post(reverse("officer-issue", args=[app.pk]), {"assigned_iin": iin_for(woman)})
    assert response.status_code == 400
    assert "gives another sex than the passport" in response.content.decode()
    assert Application.objects.get(pk=app.pk).state == State.ORIGINALS_RECEIVED

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(reverse("officer-issue", args=[app.pk]), {"assigned_iin": good})
    assert response.status_code == 302
    assert Application.objects.get(pk=app.pk).state == State.ISSUED
    assert Person.objects.get(pk=employee.pk).iin == good

    detail = filer.get(reverse("application-detail", args=[app.pk])).content.decode()
    assert good in detail
    document = IssuedDocument.objects.get(application_id=app.pk)
    link = reverse("issued-download", args=[app.pk, document.pk])
    assert link in detail
    pdf = filer.get(link)
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_the_officer_refuses_in_the_browser_and_the_filer_downloads_the_notice(
    membership, employee, officer, django_capture_on_commit_callbacks
):
    filer, staff = _logged_in(membership.user), _logged_in(officer)
    app = _file_upload_submit(filer, employee)
    _review_and_visit(filer, staff, app)

    confirm = staff.get(reverse("officer-refuse", args=[app.pk])).content.decode()
    for label in (
        "Incomplete or invalid documents",
        "The data given do not match the passport",
        "An IIN was already assigned to this person",
        "The documents or the data in them are false",
    ):
        assert label in confirm
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("officer-refuse", args=[app.pk]), {"grounds": ["data_mismatch"], "reason": "", "confirm": "on"}
        )
    assert response.status_code == 302
    assert Application.objects.get(pk=app.pk).state == State.REFUSED

    document = IssuedDocument.objects.get(application_id=app.pk)
    assert document.kind == "iin_refusal_notice"
    detail = filer.get(reverse("application-detail", args=[app.pk])).content.decode()
    link = reverse("issued-download", args=[app.pk, document.pk])
    assert link in detail
    assert filer.get(link).status_code == 200


def test_the_form_refuses_to_submit_without_the_second_consent(membership, employee):
    filer = _logged_in(membership.user)
    assert filer.post(NEW, _form(employee, secrets_consent=False)).status_code == 302
    app = Application.objects.get(person=employee)
    factories.upload_checklist(app, membership.user)

    response = filer.post(reverse("application-submit", args=[app.pk]))

    assert response.status_code == 400
    assert "consent to the use of information constituting secrets protected by law" in response.content.decode()
    assert Application.objects.get(pk=app.pk).state == State.DRAFT

    # The filer ticks it on the draft's edit page, then submits.
    edit = reverse("application-edit", args=[app.pk])
    assert 'name="secrets_consent"' in filer.get(edit).content.decode()
    data = {k: v for k, v in _form(employee).items() if k not in ("service", "person", "consent")}
    assert filer.post(edit, data).status_code == 302
    assert IinApplication.objects.get(pk=app.pk).secrets_consent is True
    assert filer.post(reverse("application-submit", args=[app.pk])).status_code == 302
    assert Application.objects.get(pk=app.pk).state == State.SUBMITTED


def test_a_self_applicant_files_in_the_browser(self_applicant):
    user, person = self_applicant
    app = _file_upload_submit(_logged_in(user), person)
    assert app.organisation_id is None
    assert app.filer == user


def test_staff_get_the_cannot_file_page_instead_of_the_filing_form(officer):
    response = _logged_in(officer).get(NEW)
    assert response.status_code == 403
    html = response.content.decode()
    assert 'name="surname_latin"' not in html
    assert "Expat Centre staff do not file applications." in html


def test_an_applicant_sees_only_their_own_person_on_the_form(self_applicant, membership, employee):
    user, person = self_applicant
    client = _logged_in(user)
    html = client.get(NEW).content.decode()
    assert f'value="{person.pk}"' in html
    assert f'value="{employee.pk}"' not in html

    response = client.post(NEW, _form(employee))

    assert response.status_code == 400
    assert not Application.objects.filter(person=employee).exists()
