"""Checklists that know the country a document comes from (issue 8; Decree 1242 p.2.4).

A foreign public document (here the C3 invitation's diploma, ``qualification-proof-cv``) asks for its issuing state
(default: the person's citizenship) and says what that state's documents need: nothing but a notarised translation
for a Minsk 1993 party (Russia), an apostille for an Apostille Convention party (Germany), consular legalisation for
neither (the UAE). Officers see the rule's source and the unconfirmed flag (Ukraine's apostille cell is MEM);
filers never read "unconfirmed", only "as the Expat Centre confirms".
"""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from applications.catalogue import all_services, get_service
from applications.constants import State
from applications.models import DocumentUpload
from applications.selectors import checklist_status
from tests import factories
from tests.clock import FILING_DAY, astana

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY), tick=False)]

DIPLOMA = "qualification-proof-cv"
PASSPORT = "passport-copy"


def _draft(membership, nationality: str):
    person = factories.PersonFactory(
        organisation=membership.organisation, nationality=nationality, passport_issuing_state=nationality
    )
    return factories.c3_draft(membership=membership, person=person)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _html_row(html: str, code: str) -> str:
    # The filer's checklist row (<tr id="item-…">) or the officer desk's document card (<li id="document-…">).
    found = re.search(rf'<(tr|li)\b[^>]*\bid="(?:item|document)-{code}"[^>]*>(.*?)</\1>', html, re.S)
    assert found, f"no checklist row {code}"
    return found.group(2)


def _api_item(data: dict, code: str) -> dict:
    return next(item for item in data["checklist"] if item["code"] == code)


# ----------------------------------------------------------------------------------------------- the catalogue
def test_the_foreign_public_documents_carry_the_flag_and_no_fixed_legalisation_note():
    flagged = {
        (service.code, doc.code)
        for service in all_services()
        for doc in service.documents
        if doc.foreign_public_document
    }
    assert ("c3-invitation", DIPLOMA) in flagged
    assert ("c3-invitation", "family-relationship-certificate") in flagged
    assert ("c3-invitation", "branch-power-of-attorney") in flagged
    assert ("permanent-residence", "no-criminal-record-certificate") in flagged
    assert ("c3-invitation", PASSPORT) not in flagged
    for service in all_services():
        for doc in service.documents:
            assert "apostill" not in str(doc.note_text.texts).lower(), (service.code, doc.code)


# ----------------------------------------------------------------------------------------------- HTML checklist
@pytest.mark.parametrize(
    ("nationality", "kind", "words"),
    [
        ("RUS", "none", "No apostille or legalisation: a notarised translation"),
        ("DEU", "apostille", "An apostille, and a notarised translation"),
        ("ARE", "legalisation", "Consular legalisation"),
    ],
)
def test_the_filers_checklist_says_what_the_persons_state_requires(membership, nationality, kind, words):
    draft = _draft(membership, nationality)
    html = _client(membership.user).get(f"/applications/{draft.pk}/").content.decode()
    row = _html_row(html, DIPLOMA)
    assert f'data-kind="{kind}"' in row
    assert words in row
    assert "legalised or apostilled" not in row
    # The upload form asks for the state, the person's citizenship chosen in advance.
    code = {"RUS": "RU", "DEU": "DE", "ARE": "AE"}[nationality]
    assert f'<option value="{code}" selected>' in row
    # Items that are not foreign public documents ask nothing of the kind.
    passport = _html_row(html, PASSPORT)
    assert "issuing_state" not in passport
    assert "certification" not in passport


def test_after_the_upload_the_checklist_follows_the_state_chosen(membership):
    draft = _draft(membership, "RUS")  # a Russian employee with a German diploma
    response = _client(membership.user).post(
        f"/applications/{draft.pk}/upload/",
        {"item_code": DIPLOMA, "issuing_state": "DE", "file": factories.pdf_file()},
    )
    assert response.status_code == 302
    upload = DocumentUpload.objects.get(application=draft, item_code=DIPLOMA)
    assert upload.issuing_state == "DE"
    row = _html_row(_client(membership.user).get(f"/applications/{draft.pk}/").content.decode(), DIPLOMA)
    assert 'data-kind="apostille"' in row
    assert "Issued in Germany" in row
    assert '<option value="DE" selected>' in row


@pytest.mark.parametrize("state", ["ZZ", "XYZ", "1"])
def test_a_bad_state_code_is_refused_and_nothing_is_stored(membership, state):
    draft = _draft(membership, "DEU")
    response = _client(membership.user).post(
        f"/applications/{draft.pk}/upload/",
        {"item_code": DIPLOMA, "issuing_state": state, "file": factories.pdf_file()},
    )
    assert response.status_code == 400
    assert "is not a state the portal knows" in response.content.decode()
    assert not DocumentUpload.objects.filter(application=draft).exists()


def test_an_item_that_is_no_foreign_public_document_takes_no_state(membership):
    draft = _draft(membership, "DEU")
    response = _api(membership.user).post(
        f"/api/v1/applications/{draft.pk}/documents/",
        {"item": PASSPORT, "issuing_state": "DE", "file": factories.pdf_file()},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "issuing_state_not_asked"
    assert not DocumentUpload.objects.filter(application=draft).exists()


def test_without_a_state_the_upload_keeps_the_persons_citizenship(membership):
    draft = _draft(membership, "D")  # ICAO 9303's code for Germany, as in the passport
    services_upload = _api(membership.user).post(
        f"/api/v1/applications/{draft.pk}/documents/",
        {"item": DIPLOMA, "file": factories.pdf_file()},
        format="multipart",
    )
    assert services_upload.status_code == 201
    assert services_upload.json()["issuing_state"] == "DE"
    assert DocumentUpload.objects.get(application=draft).issuing_state == "DE"


def test_a_stateless_person_is_asked_for_the_state_and_told_the_expat_centre_confirms(membership):
    draft = _draft(membership, "XXA")  # ICAO: stateless person; not in the country table
    row = _html_row(_client(membership.user).get(f"/applications/{draft.pk}/").content.decode(), DIPLOMA)
    assert 'data-kind="unknown"' in row
    assert "as the Expat Centre confirms" in row
    assert '<option value="">Choose the state</option>' in row


def test_a_document_issued_in_kazakhstan_needs_nothing(membership):
    draft = _draft(membership, "DEU")
    factories_upload = _api(membership.user).post(
        f"/api/v1/applications/{draft.pk}/documents/",
        {"item": DIPLOMA, "issuing_state": "KAZ", "file": factories.pdf_file()},
        format="multipart",
    )
    assert factories_upload.status_code == 201
    item = _api_item(_api(membership.user).get(f"/api/v1/applications/{draft.pk}/").json(), DIPLOMA)
    assert item["issuing_state"] == "KZ"
    assert item["certification"]["kind"] == "none"
    assert "Issued in Kazakhstan" in item["certification"]["text"]


# ----------------------------------------------------------------------------------------------- API checklist
@pytest.mark.parametrize(
    ("nationality", "state", "kind", "reason"),
    [
        ("RUS", "RU", "none", "Minsk Convention 1993"),
        ("DEU", "DE", "apostille", "Hague Apostille Convention 1961"),
        ("ARE", "AE", "legalisation", "Not a party to the Apostille, Minsk or Chisinau conventions"),
    ],
)
def test_the_api_checklist_gives_the_state_and_what_it_requires(membership, nationality, state, kind, reason):
    draft = _draft(membership, nationality)
    data = _api(membership.user).get(f"/api/v1/applications/{draft.pk}/").json()
    item = _api_item(data, DIPLOMA)
    assert item["foreign_public_document"] is True
    assert item["issuing_state"] == state
    assert item["issuing_state_chosen"] is False
    assert item["certification"]["kind"] == kind
    assert item["certification"]["reason"].startswith(reason)
    assert set(item["certification"]) == {"kind", "text", "reason"}  # no provenance for a filer
    passport = _api_item(data, PASSPORT)
    assert passport["foreign_public_document"] is False
    assert passport["certification"] is None
    assert passport["issuing_state"] is None


def test_the_api_upload_keeps_the_issuing_state_and_the_checklist_follows_it(membership):
    draft = _draft(membership, "DEU")  # a German employee with a diploma from the UAE
    response = _api(membership.user).post(
        f"/api/v1/applications/{draft.pk}/documents/",
        {"item": DIPLOMA, "issuing_state": "ARE", "file": factories.pdf_file()},
        format="multipart",
    )
    assert response.status_code == 201
    assert response.json()["issuing_state"] == "AE"
    item = _api_item(_api(membership.user).get(f"/api/v1/applications/{draft.pk}/").json(), DIPLOMA)
    assert item["issuing_state"] == "AE"
    assert item["issuing_state_chosen"] is True
    assert item["certification"]["kind"] == "legalisation"
    assert item["current"]["issuing_state"] == "AE"


def test_the_api_refuses_a_bad_state_code_and_stores_nothing(membership):
    draft = _draft(membership, "DEU")
    response = _api(membership.user).post(
        f"/api/v1/applications/{draft.pk}/documents/",
        {"item": DIPLOMA, "issuing_state": "QQ", "file": factories.pdf_file()},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "bad_issuing_state"
    assert not DocumentUpload.objects.filter(application=draft).exists()


# ----------------------------------------------------------------------------------------------- unconfirmed cells
def _submitted_ukrainian(membership, officer):
    draft = _draft(membership, "UKR")  # Minsk ceased for Ukraine on 29.12.2023: an apostille; its cell is MEM
    factories.upload_checklist(draft, membership.user)
    return factories.advance(draft, State.IN_REVIEW, filer=membership.user, officer=officer)


def test_the_officer_sees_the_rules_source_and_the_unconfirmed_flag(membership, officer):
    application = _submitted_ukrainian(membership, officer)
    html = _client(officer).get(f"/officer/applications/{application.pk}/").content.decode()
    row = _html_row(html, DIPLOMA)
    assert "Issued in Ukraine" in row
    assert 'data-kind="apostille"' in row
    assert "Hague Apostille Convention 1961" in row
    assert "source MEM" in row
    assert "unconfirmed in the country table" in row
    # A confirmed answer carries its source and no flag.
    germany = factories.c3_draft(
        membership=membership, person=factories.PersonFactory(organisation=membership.organisation, nationality="DEU")
    )
    germany = factories.advance(germany, State.IN_REVIEW, filer=membership.user, officer=officer)
    row = _html_row(_client(officer).get(f"/officer/applications/{germany.pk}/").content.decode(), DIPLOMA)
    assert "source HCCH" in row
    assert "checked 2024-07-29" in row
    assert "unconfirmed" not in row

    item = _api_item(_api(officer).get(f"/api/v1/applications/{application.pk}/").json(), DIPLOMA)
    assert item["certification"]["unconfirmed"] is True
    assert item["certification"]["sources"] == [
        {
            "field": "apostille",
            "label": "Apostille Convention",
            "source": "MEM",
            "note": "Ukraine 2023 declaration: not applied in occupied territories",
            "checked_on": None,
            "unconfirmed": True,
        }
    ]


def test_a_filer_never_reads_unconfirmed_only_that_the_expat_centre_confirms(membership, officer):
    application = _submitted_ukrainian(membership, officer)
    html = _client(membership.user).get(f"/applications/{application.pk}/").content.decode()
    row = _html_row(html, DIPLOMA)
    assert "An apostille, and a notarised translation into Kazakh or Russian, as the Expat Centre confirms." in row
    assert "Hague Apostille Convention" not in row  # the convention is not stated as fact
    assert "unconfirmed" not in html.lower()
    data = _api(membership.user).get(f"/api/v1/applications/{application.pk}/").json()
    item = _api_item(data, DIPLOMA)
    assert item["certification"] == {
        "kind": "apostille",
        "text": "An apostille, and a notarised translation into Kazakh or Russian, as the Expat Centre confirms.",
        "reason": "",
    }
    assert "unconfirmed" not in json.dumps(data).lower()


def test_checklist_rows_carry_a_certification_only_for_flagged_items(membership):
    draft = _draft(membership, "RUS")
    rows = {row.requirement.code: row for row in checklist_status(draft)}
    assert rows[DIPLOMA].certification is not None
    assert rows[DIPLOMA].certification.state_code == "RU"
    assert rows[DIPLOMA].certification.on == FILING_DAY
    assert all(
        row.certification is None
        for code, row in rows.items()
        if not get_service("c3-invitation").document(code).foreign_public_document
    )
