"""Several checklist items' files in one request (issue 10: filing's queries do not grow with its documents):
all are stored, or none; every refused file is named."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from applications import services
from applications.exceptions import UploadsRejected, WrongState
from applications.models import Application, DocumentUpload
from tests import factories
from tests.clock import FILING_DAY, astana

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64


def _required(application: Application) -> list[str]:
    return [r.code for r in application.service.checklist(application.checklist_facts()) if r.required]


def _client(user) -> APIClient:  # noqa: ANN001
    client = APIClient()
    client.force_authenticate(user)
    return client


def _stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def _batch(codes: list[str]) -> dict[str, SimpleUploadedFile]:
    return {code: factories.pdf_file(f"{code}.pdf") for code in codes}


def test_a_batch_stores_every_file_as_the_next_version(draft, filer):
    codes = _required(draft)
    assert len(codes) >= 3
    services.document_upload(user=filer, application=draft, item_code=codes[0], file=factories.pdf_file())

    r = _client(filer).post(f"/api/v1/applications/{draft.pk}/documents/batch/", _batch(codes), format="multipart")

    assert r.status_code == 201, r.content
    assert [row["item_code"] for row in r.json()] == codes
    versions = dict(
        DocumentUpload.objects.filter(application=draft).values_list("item_code", "version").order_by("version")
    )
    assert versions[codes[0]] == 2
    assert all(versions[code] == 1 for code in codes[1:])
    assert all(u.file.read() == factories.PDF_BYTES for u in DocumentUpload.objects.filter(application=draft))


def test_one_refused_file_stores_nothing_and_names_every_refusal(draft, filer):
    codes = _required(draft)
    files = _batch(codes)
    files[codes[1]] = SimpleUploadedFile("setup.pdf", ELF)
    files["no-such-item"] = factories.pdf_file()
    before = _stored_files()

    r = _client(filer).post(f"/api/v1/applications/{draft.pk}/documents/batch/", files, format="multipart")

    assert r.status_code == 400, r.content
    body = r.json()
    assert body["code"] == "uploads_rejected"
    refused = {(e["item"], e["code"]) for e in body["errors"]}
    assert refused == {(codes[1], "file_type"), ("no-such-item", "unknown_item")}
    assert not DocumentUpload.objects.filter(application=draft).exists()
    assert _stored_files() == before


def test_two_files_for_one_item_are_refused(draft, filer):
    code = _required(draft)[0]
    with pytest.raises(UploadsRejected) as err:
        services.documents_upload(
            user=filer,
            application=draft,
            files=[services.FileForItem(code, factories.pdf_file()) for _ in range(2)],
        )
    assert [(r.item, r.code) for r in err.value.rejected] == [(code, "duplicate_item")]
    assert not DocumentUpload.objects.filter(application=draft).exists()


def test_an_empty_or_oversized_batch_is_refused(draft, filer):
    with pytest.raises(UploadsRejected) as err:
        services.documents_upload(user=filer, application=draft, files=[])
    assert err.value.rejected[0].code == "no_files"
    code = _required(draft)[0]
    too_many = [services.FileForItem(code, factories.pdf_file())] * (services.MAX_FILES_PER_BATCH + 1)
    with pytest.raises(UploadsRejected) as err:
        services.documents_upload(user=filer, application=draft, files=too_many)
    assert err.value.rejected[0].code == "too_many_files"


def test_an_issuing_state_without_its_file_is_a_clear_error(draft, filer):
    code = _required(draft)[0]
    r = _client(filer).post(
        f"/api/v1/applications/{draft.pk}/documents/batch/",
        {code: factories.pdf_file(), "issuing_state.diploma": "DE"},
        format="multipart",
    )
    assert r.status_code == 400
    assert "diploma" in r.json()["detail"]
    assert not DocumentUpload.objects.filter(application=draft).exists()


def test_an_issuing_state_for_a_document_that_takes_none_is_refused(draft, filer):
    code = _required(draft)[0]  # the passport copy: not a foreign public document
    r = _client(filer).post(
        f"/api/v1/applications/{draft.pk}/documents/batch/",
        {code: factories.pdf_file(), f"issuing_state.{code}": "DE"},
        format="multipart",
    )
    assert r.status_code == 400
    (error,) = r.json()["errors"]
    assert (error["item"], error["code"]) == (code, "issuing_state_not_asked")
    assert error["message"]


def test_only_the_filing_side_uploads_and_only_while_it_may(draft, filer, officer):
    code = _required(draft)[0]
    url = f"/api/v1/applications/{draft.pk}/documents/batch/"
    r = _client(officer).post(url, _batch([code]), format="multipart")
    assert r.status_code == 404  # staff see no drafts
    factories.advance(draft, "submitted", filer=filer, officer=officer)
    with pytest.raises(WrongState):
        services.documents_upload(
            user=filer, application=draft, files=[services.FileForItem(code, factories.pdf_file())]
        )


def test_the_queries_of_a_batch_do_not_grow_with_its_files(membership, filer):
    """Same number of queries for two files (a foreign public document, whose issuing state reads the country table
    once, and one other) and for every required file: one lock, one version read, one insert."""
    counts = []
    for every in (False, True):
        person = factories.PersonFactory(organisation=membership.organisation)
        draft = factories.c3_draft(membership=membership, person=person)
        required = [r for r in draft.service.checklist(draft.checklist_facts()) if r.required]
        foreign = [r.code for r in required if r.foreign_public_document]
        other = [r.code for r in required if not r.foreign_public_document]
        codes = [r.code for r in required] if every else [foreign[0], other[0]]
        client = _client(filer)
        with CaptureQueriesContext(connection) as ctx:
            r = client.post(f"/api/v1/applications/{draft.pk}/documents/batch/", _batch(codes), format="multipart")
        assert r.status_code == 201, r.content
        counts.append((len(codes), len(ctx.captured_queries)))
    (few, q_few), (many, q_many) = counts
    assert many > few
    assert q_many == q_few, counts


def test_a_foreign_public_document_in_a_batch_takes_its_issuing_state(draft, filer):
    """Decree 1242 p.2.4 as for one upload: the state given (``issuing_state.<item>``, any ISO form) is stored as
    alpha-2; without one, the person's citizenship."""
    required = [r for r in draft.service.checklist(draft.checklist_facts()) if r.required]
    foreign = next(r.code for r in required if r.foreign_public_document)
    other = next(r.code for r in required if not r.foreign_public_document)
    url = f"/api/v1/applications/{draft.pk}/documents/batch/"

    r = _client(filer).post(url, {**_batch([foreign, other]), f"issuing_state.{foreign}": "DEU"}, format="multipart")
    assert r.status_code == 201, r.content
    stored = dict(DocumentUpload.objects.filter(application=draft).values_list("item_code", "issuing_state"))
    assert stored == {foreign: "DE", other: ""}

    r = _client(filer).post(url, _batch([foreign]), format="multipart")
    assert r.status_code == 201, r.content
    again = DocumentUpload.objects.get(application=draft, item_code=foreign, version=2)
    assert again.issuing_state == "GB"  # the person's citizenship (GBR)
