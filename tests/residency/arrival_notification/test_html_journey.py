"""The arrival notification in the browser (Django test client): the host party's filing form, the filer page,
the officer page and its issue form, the filer's download of the confirmation; and what the pages never offer."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from applications.constants import State
from applications.models import Application
from qazeta.documents.models import IssuedDocument
from residency.arrival_notification.models import ArrivalNotificationApplication
from tests import factories

from .conftest import SERVICE, arrival_draft
from .pdfreader import pdf_words

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("receipt_on_approval")]


def _form(person, **overrides: object) -> dict[str, object]:
    return {
        "service": SERVICE,
        "person": person.pk,
        "principal_application": "",
        "channel": "standard",
        "notification_kind": "change_of_address",
        "event_date": "2026-06-15",
        "address": "Astana, Kabanbay Batyr Ave 11, flat 5",
        "previous_address": "Astana, Turan Ave 1, flat 2",
        "stay_until": "2027-06-01",
        "consent": "on",
        **overrides,
    }


def test_change_of_address_from_the_filing_form_to_the_downloaded_confirmation(
    membership, employee, filer_client, officer_client, django_capture_on_commit_callbacks
):
    new_url = reverse("application-new") + f"?service={SERVICE}&person={employee.pk}"

    # 1. The filing form is built from the model: the filer's fields, not the officer's registration number.
    form_page = filer_client.get(new_url)
    assert form_page.status_code == 200
    body = form_page.content.decode()
    for name in ("notification_kind", "event_date", "address", "previous_address", "stay_until"):
        assert f'name="{name}"' in body
    assert 'name="registration_number"' not in body
    assert 'value="change_of_address"' in body
    assert "10,000" in body

    # 2. File it: a draft for the employee of the host party, with consent.
    response = filer_client.post(new_url, _form(employee))
    app = ArrivalNotificationApplication.objects.get(person=employee)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("application-detail", args=[app.pk]))
    assert app.organisation == membership.organisation
    assert (app.notification_kind, app.previous_address) == ("change_of_address", "Astana, Turan Ave 1, flat 2")

    # 3. Upload the required documents and submit; the filer page shows the details and the due moment.
    for req in app.service.checklist(app.checklist_facts()):
        if req.required:
            r = filer_client.post(
                reverse("application-upload", args=[app.pk]), {"item_code": req.code, "file": factories.pdf_file()}
            )
            assert r.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert filer_client.post(reverse("application-submit", args=[app.pk])).status_code == 302
    app.refresh_from_db()
    assert app.state == State.SUBMITTED
    page = html.unescape(filer_client.get(reverse("application-detail", args=[app.pk])).content.decode())
    assert app.reference in page
    assert "16.06.2026 10:30 (Astana time)" in page
    assert "Change of address" in page
    assert "Astana, Turan Ave 1, flat 2" in page

    # 4. The officer claims it, accepts each document and approves.
    officer_page = reverse("officer-application", args=[app.pk])
    assert officer_client.get(officer_page).status_code == 200
    assert officer_client.post(reverse("officer-claim", args=[app.pk]), {"next": officer_page}).status_code == 302
    for upload in Application.objects.get(pk=app.pk).uploads.all():
        r = officer_client.post(
            reverse("officer-review-document", args=[app.pk, upload.pk]),
            {f"doc-{upload.pk}-decision": "accept", "next": officer_page},
        )
        assert r.status_code == 302
    officer_client.post(reverse("officer-approve-documents", args=[app.pk]), {"next": officer_page})
    assert Application.objects.get(pk=app.pk).state == State.DOCUMENTS_APPROVED

    # 5. Right after approval the officer page offers the outcome, with the registration number to enter,
    #    and no step of a visit or a state body.
    body = officer_client.get(officer_page).content.decode()
    assert reverse("officer-issue", args=[app.pk]) in body
    assert 'name="registration_number"' in body
    assert 'name="decision_number"' not in body
    assert reverse("officer-receive-originals", args=[app.pk]) not in body
    assert reverse("officer-forward", args=[app.pk]) not in body
    assert reverse("officer-extend-term", args=[app.pk]) not in body
    # Without the number the outcome is not recorded.
    r = officer_client.post(reverse("officer-issue", args=[app.pk]), {"next": officer_page})
    assert r.status_code == 400
    assert Application.objects.get(pk=app.pk).state == State.DOCUMENTS_APPROVED
    with django_capture_on_commit_callbacks(execute=True):
        r = officer_client.post(
            reverse("officer-issue", args=[app.pk]), {"registration_number": "KZ-REG-0042", "next": officer_page}
        )
    assert r.status_code == 302
    assert Application.objects.get(pk=app.pk).state == State.ISSUED

    # 6. The filer sees the confirmation on the page and downloads it.
    document = IssuedDocument.objects.get(application_id=app.pk)
    page = html.unescape(filer_client.get(reverse("application-detail", args=[app.pk])).content.decode())
    download_url = reverse("issued-download", args=[app.pk, document.pk])
    assert download_url in page
    assert document.verification_code in page
    download = filer_client.get(download_url)
    assert download.status_code == 200
    text = pdf_words(b"".join(download.streaming_content))
    assert "«Мекенжайды өзгерту туралы хабарлама» / «Уведомление о смене адреса»" in text
    assert "Тіркеу нөмірі / Регистрационный номер KZ-REG-0042" in text


def test_the_filing_form_shows_the_model_errors(employee, filer_client):
    new_url = reverse("application-new") + f"?service={SERVICE}&person={employee.pk}"

    response = filer_client.post(new_url, _form(employee, event_date="", address="", notification_kind="visit"))

    assert response.status_code == 400
    assert not Application.objects.exists()
    body = html.unescape(response.content.decode())
    assert "Select a valid choice. visit is not one of the available choices." in body


def test_submitting_a_change_without_the_previous_address_shows_the_rule(membership, employee, filer_client):
    app = arrival_draft(membership, employee, notification_kind="change_of_address")
    factories.upload_checklist(app, membership.user)

    response = filer_client.post(reverse("application-submit", args=[app.pk]))

    assert response.status_code == 400
    assert "give the previous address in Kazakhstan" in html.unescape(response.content.decode())
    assert Application.objects.get(pk=app.pk).state == State.DRAFT


def test_booking_through_the_page_is_refused(membership, employee, officer, filer_client):
    app = factories.advance(
        arrival_draft(membership, employee), State.DOCUMENTS_APPROVED, filer=membership.user, officer=officer
    )
    slot = factories.next_office_slot()

    response = filer_client.post(reverse("appointment-book", args=[app.pk]), {"starts_at": slot.isoformat()})

    assert response.status_code == 409
    assert "“appointment booked” is not possible now" in html.unescape(response.content.decode())
    assert Application.objects.get(pk=app.pk).state == State.DOCUMENTS_APPROVED
    assert not hasattr(Application.objects.get(pk=app.pk), "appointment")


@pytest.mark.parametrize("state", [State.DRAFT, State.SUBMITTED, State.IN_REVIEW, State.ISSUED])
def test_the_filer_page_never_offers_a_visit(membership, employee, officer, filer_client, state):
    app = arrival_draft(membership, employee)
    if state != State.DRAFT:
        app = factories.advance(
            app, state, filer=membership.user, officer=officer, issue={"fields": {"registration_number": "KZ-1"}}
        )

    page = filer_client.get(reverse("application-detail", args=[app.pk]) + "?date=2026-06-17").content.decode()

    assert reverse("appointment-book", args=[app.pk]) not in page
    assert "Book an appointment" not in page
    assert 'id="appointment"' not in page


def test_the_filer_page_offers_no_visit_once_the_documents_are_approved(membership, employee, officer, filer_client):
    app = factories.advance(
        arrival_draft(membership, employee), State.DOCUMENTS_APPROVED, filer=membership.user, officer=officer
    )

    page = filer_client.get(reverse("application-detail", args=[app.pk]) + "?date=2026-06-17").content.decode()

    assert reverse("appointment-book", args=[app.pk]) not in page
    assert "Book an appointment" not in page
    assert 'id="appointment"' not in page
