"""Fixtures of the visa cancellation tests: a fixed Astana clock, visa records, documents issued for them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from applications.constants import State
from applications.services.outputs import output_generate
from qazeta.documents.models import IssuedDocument
from qazeta.documents.services import document_receive
from qazeta.records.models import RecordSource, VisaRecord
from tests import factories
from tests.clock import FILING_DAY, astana

CANCEL = "visa-cancellation"
EXIT = "visa-cancellation-exit"
#: Every test's "now": Monday 2 March 2026, 10:00 Astana (a working day whose year has an MRP).
TODAY = FILING_DAY
SCAN_BYTES = factories.PDF_BYTES + b"% state body's document\n"


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(astana(TODAY, 10), tick=False)
    return time_machine


def scan(content: bytes = SCAN_BYTES, name: str = "scan.pdf") -> SimpleUploadedFile:
    """A scan the officer attaches (a fresh file object each call)."""
    return SimpleUploadedFile(name, content, content_type="application/pdf")


_numbers = iter(range(1000, 10**6))


def visa_record(
    person,
    *,
    category: str = "C3",
    host=None,
    valid_from: dt.date = dt.date(2025, 9, 1),
    valid_to: dt.date = dt.date(2027, 8, 31),
    application=None,
    document: IssuedDocument | None = None,
) -> VisaRecord:
    """A confirmed visa on ``person``'s record, issued for ``host`` (default: the person's host party)."""
    return VisaRecord.objects.create(
        person=person,
        category=category,
        number=f"{category}{next(_numbers):07d}",
        valid_from=valid_from,
        valid_to=valid_to,
        entries="multiple",
        host_party=host if host is not None else person.organisation,
        application=application,
        document=document,
        source=RecordSource.ISSUED,
    )


def received_visa_scan(application, kind: str = "c3_visa") -> IssuedDocument:
    """The scan of a visa the state body issued, kept as ``application``'s received output."""
    return document_receive(application=application, kind=kind, title="C3 work visa", content=SCAN_BYTES)


@pytest.fixture
def invitation(membership, employee, officer):
    """The employee's C3 invitation, issued, with its invitation letter generated (the pipeline's PDF)."""
    draft = factories.c3_draft(membership=membership, person=employee, contract_ends_on=None)
    app = factories.advance(draft, State.ISSUED, filer=membership.user, officer=officer)
    letter = output_generate(application=app, kind="invitation_letter")
    return app, letter


@pytest.fixture
def principal_visa(employee, invitation):
    """The employee's C3 visa, produced by the issued invitation (its letter is a document issued for it)."""
    app, _ = invitation
    return visa_record(employee, application=app)


@pytest.fixture
def spouse(membership, employee):
    return factories.PersonFactory(organisation=membership.organisation, principal=employee, given_names="JANE")


def arrival_draft(membership, person):
    """An arrival notification draft of ``person`` (an application to hang a document on)."""
    return factories.file_draft(
        "arrival-notification",
        membership=membership,
        person=person,
        notification_kind="arrival",
        event_date=dt.date(2026, 2, 27),
        address="Astana, Kabanbay Batyr Ave 11, flat 5",
        stay_until=dt.date(2027, 2, 1),
    )


def arrival_confirmation(membership, person) -> IssuedDocument:
    """An arrival notification confirmation the portal issued for ``person``."""
    return document_receive(
        application=arrival_draft(membership, person),
        kind="arrival_registration_confirmation",
        title="Confirmation of registration of the notification",
        content=SCAN_BYTES,
    )


@pytest.fixture
def spouse_visa(membership, spouse):
    """The spouse's C3 visa, with the state body's visa scan kept by the portal (a received output)."""
    return visa_record(spouse, document=received_visa_scan(arrival_draft(membership, spouse)))


def api_client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def detail(client: APIClient, app_id: int) -> dict:
    response = client.get(f"/api/v1/applications/{app_id}/")
    assert response.status_code == 200, response.content
    return response.json()


def offered(client: APIClient, app_id: int) -> dict[str, dict]:
    actions = {a["name"]: a for a in detail(client, app_id)["actions"]}
    assert "extend_term" not in actions  # the guide gives no term extension for a cancellation
    return actions


def do(client: APIClient, app_id: int, name: str, data: dict | None = None, *, multipart: bool = False, **url_args):
    """Do the action ``name`` exactly as the API offers it (its method and URL); fails if it is not offered."""
    actions = offered(client, app_id)
    assert name in actions, f"{name!r} is not offered; offered: {sorted(actions)}"
    action = actions[name]
    assert action["method"] == "POST"
    return client.post(action["url"].format(**url_args), data or {}, format="multipart" if multipart else "json")


def walk_to_state_body(filer: APIClient, staff: APIClient, app_id: int) -> dict:
    """From a draft to "with the state body" through the actions offered: uploads (items not on record), submit,
    claim, review, approve, book, originals, forward. Returns the detail with the state body."""
    for item in detail(filer, app_id)["checklist"]:
        if item["required"] and item["status"] != "on_record":
            r = do(filer, app_id, "upload", {"item": item["code"], "file": factories.pdf_file()}, multipart=True)
            assert r.status_code == 201, r.content
    r = do(filer, app_id, "submit")
    assert r.status_code == 200, r.content
    assert do(staff, app_id, "claim").status_code == 200
    for item in detail(staff, app_id)["checklist"]:
        if item["current"]:
            r = do(staff, app_id, "review", {"accept": True}, upload_id=item["current"]["id"])
            assert r.status_code == 200, r.content
    assert do(staff, app_id, "approve_documents").status_code == 200
    slot = factories.next_office_slot()
    r = do(filer, app_id, "book_appointment", {"starts_at": slot.isoformat()})
    assert r.status_code in (200, 201), r.content
    with factories.on_visit_day(app_id) as received:
        assert do(staff, app_id, "receive_originals", {"received": received}).status_code == 200
    assert do(staff, app_id, "forward_to_authority").status_code == 200
    final = detail(staff, app_id)
    assert final["state"] == State.WITH_AUTHORITY
    return final
