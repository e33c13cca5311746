"""Issue 7, "The visa is a record": the person's page lists every visa record and lets the filing side declare
an existing visa with its scan; a refused declaration stores nothing (POST/redirect/GET on success)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from qazeta.records.models import RecordSource, VisaRecord
from tests import factories
from tests.clock import astana

from .conftest import TODAY, visa

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(TODAY))]


def _form(**overrides):
    data = {
        "visa-category": "C3",
        "visa-number": "c3 123456".replace(" ", ""),
        "visa-valid_from": "2026-01-10",
        "visa-valid_to": "2027-01-09",
        "visa-entries": "multiple",
        "visa-scan": factories.pdf_file("visa.pdf"),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "visa-records"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_member_declares_a_visa_and_the_page_shows_it_awaiting_confirmation(client, host, settings):
    _admin, filer = host
    person = factories.PersonFactory(organisation=filer.organisation)
    client.force_login(filer.user)
    url = reverse("visa-record-declare", args=[person.pk])
    response = client.post(url, _form())
    assert response.status_code == 302
    assert response["Location"] == reverse("person-detail", args=[person.pk]) + "#visas"
    record = VisaRecord.objects.get(person=person)
    assert (record.category, record.number, record.source) == ("C3", "C3123456", RecordSource.DECLARED)
    assert record.valid_to == dt.date(2027, 1, 9)
    assert record.entries == "multiple"
    assert record.host_party_id == filer.organisation_id
    assert record.recorded_by == filer.user
    assert record.is_pending_confirmation
    assert len(_files(settings)) == 1
    html = client.get(response["Location"]).content.decode()
    assert "C3123456" in html
    assert "declared, awaiting the Expat Centre&#x27;s confirmation" in html
    assert f"{(record.valid_to - TODAY).days} days left" in html


def test_a_bad_scan_is_refused_next_to_the_field_and_nothing_is_stored(client, host, settings):
    admin, _filer = host
    person = factories.PersonFactory(organisation=admin.organisation)
    client.force_login(admin.user)
    fake = SimpleUploadedFile("visa.pdf", b"this is not a PDF at all", content_type="application/pdf")
    response = client.post(reverse("visa-record-declare", args=[person.pk]), _form(**{"visa-scan": fake}))
    assert response.status_code == 400
    form = response.context["declare_form"]
    assert form.errors["scan"]
    assert "Scan of the visa" in response.content.decode()
    assert not VisaRecord.objects.exists()
    assert _files(settings) == []


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"visa-valid_to": "2025-01-01"}, "valid_to"),
        ({"visa-number": ""}, "number"),
        ({"visa-category": "EXIT"}, "category"),
        ({"visa-scan": None}, "scan"),
    ],
)
def test_incomplete_or_inconsistent_fields_are_refused_and_nothing_is_stored(client, host, settings, overrides, field):
    admin, _filer = host
    person = factories.PersonFactory(organisation=admin.organisation)
    client.force_login(admin.user)
    response = client.post(reverse("visa-record-declare", args=[person.pk]), _form(**overrides))
    assert response.status_code == 400
    assert response.context["declare_form"].errors[field]
    assert not VisaRecord.objects.exists()
    assert _files(settings) == []


def test_the_same_visa_number_twice_is_refused_on_the_number(client, host):
    admin, _filer = host
    person = factories.PersonFactory(organisation=admin.organisation)
    client.force_login(admin.user)
    url = reverse("visa-record-declare", args=[person.pk])
    assert client.post(url, _form()).status_code == 302
    response = client.post(url, _form())
    assert response.status_code == 400
    assert "already on" in str(response.context["declare_form"].errors["number"])
    assert VisaRecord.objects.count() == 1


def test_a_self_applicant_declares_her_own_visa_and_her_familys(client):
    me = factories.PersonFactory(organisation=None, account=factories.UserFactory())
    child = factories.PersonFactory(organisation=None, principal=me, relationship="child")
    client.force_login(me.account)
    for person in (me, child):
        response = client.post(
            reverse("visa-record-declare", args=[person.pk]), _form(**{"visa-number": f"N{person.pk}"})
        )
        assert response.status_code == 302
    assert VisaRecord.objects.filter(host_party__isnull=True).count() == 2


def test_the_employees_own_login_and_staff_cannot_declare(client, host, officer):
    admin, _filer = host
    person = factories.PersonFactory(organisation=admin.organisation, account=factories.UserFactory())
    for user in (person.account, officer):
        client.force_login(user)
        page = client.get(reverse("person-detail", args=[person.pk])).content.decode()
        assert "Declare an existing visa" not in page
        assert client.post(reverse("visa-record-declare", args=[person.pk]), _form()).status_code == 403
    assert not VisaRecord.objects.exists()


def test_the_person_page_lists_current_past_cancelled_rejected_and_exit_visas(client, host):
    admin, _filer = host
    person = factories.PersonFactory(organisation=admin.organisation)
    visa(person, valid_to=TODAY + dt.timedelta(days=40), number="C3NOW0001")
    visa(person, valid_from=dt.date(2024, 1, 1), valid_to=dt.date(2025, 1, 1), number="C3OLD0001")
    visa(person, valid_to=TODAY + dt.timedelta(days=90), number="C3CANC001", cancelled_at=timezone.now())
    visa(
        person,
        valid_to=TODAY + dt.timedelta(days=90),
        number="C3REJ0001",
        source=RecordSource.DECLARED,
        rejected_at=timezone.now(),
        rejection_reason="The scan shows another person.",
    )
    visa(person, category="EXIT", valid_from=TODAY, valid_to=TODAY + dt.timedelta(days=10), number="EXIT0001")
    client.force_login(admin.user)
    html = client.get(reverse("person-detail", args=[person.pk])).content.decode()
    section = html[html.index('id="visas"') :]
    for number in ("C3NOW0001", "C3OLD0001", "C3CANC001", "C3REJ0001", "EXIT0001"):
        assert number in section
    assert "40 days left" in section
    assert "expired" in section
    assert "cancelled" in section
    assert "rejected by the Expat Centre" in section
    assert "The scan shows another person." in section
    assert f"must leave Kazakhstan by {TODAY + dt.timedelta(days=10):%d.%m.%Y}" in section


def test_the_scan_is_downloaded_by_those_who_see_the_person_only(client, host):
    admin, _filer = host
    person = factories.PersonFactory(organisation=admin.organisation)
    record = visa(person, valid_to=TODAY + dt.timedelta(days=90), source=RecordSource.DECLARED)
    client.force_login(admin.user)
    response = client.get(reverse("visa-record-scan", args=[record.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(factories.MembershipFactory().user)
    assert client.get(reverse("visa-record-scan", args=[record.pk])).status_code == 404
