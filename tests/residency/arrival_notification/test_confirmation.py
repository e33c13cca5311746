"""The generated confirmation of registration: Kazakh and Russian text, the person, the host party, the address,
the dates, the reference and the verification block; a refusal produces no document."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from applications.constants import State
from qazeta.documents.models import IssuedDocument
from residency.arrival_notification.documents import registration_confirmation_context
from residency.arrival_notification.models import ArrivalNotificationApplication
from tests import factories
from tests.documents.pdftext import embedded_fonts

from .conftest import arrival_draft
from .pdfreader import pdf_text, pdf_words

pytestmark = pytest.mark.django_db


def _issue(app, membership, officer, capture, number: str = "KZ-REG-0042") -> IssuedDocument:
    with capture(execute=True):
        factories.advance(
            app, State.ISSUED, filer=membership.user, officer=officer, issue={"fields": {"registration_number": number}}
        )
    return IssuedDocument.objects.get(application_id=app.pk, kind="arrival_registration_confirmation")


def _read(document: IssuedDocument) -> bytes:
    with document.file.open("rb") as f:
        return f.read()


def test_arrival_confirmation_says_it_in_kazakh_and_russian(
    membership, employee, officer, django_capture_on_commit_callbacks
):
    org = membership.organisation
    app = arrival_draft(membership, employee)
    document = _issue(app, membership, officer, django_capture_on_commit_callbacks)
    app = ArrivalNotificationApplication.objects.get(pk=app.pk)
    content = _read(document)
    text = pdf_words(content)

    assert content.startswith(b"%PDF")
    assert document.title == "Confirmation of registration of the notification (arrival or change of address)"
    assert document.issued_on == dt.date(2026, 6, 16)
    # Kazakh: the heading, the guide's name of the notification, the statement.
    assert "Хабарламаның тіркелгенін растау" in text
    assert "«Келу туралы хабарлама»" in text
    assert (
        "АХҚО Экспат орталығы қабылдаушы тарап берген шетел азаматының келуі туралы хабарламаның тіркелгенін растайды."
        in text
    )
    # Russian: the same.
    assert "Подтверждение регистрации уведомления" in text
    assert "«Уведомление о прибытии»" in text
    assert (
        "Экспат-центр МФЦА подтверждает, что уведомление принимающей стороны о прибытии иностранного гражданина "
        "зарегистрировано." in text
    )
    # The person.
    assert f"Тегі / Фамилия {employee.surname}" in text
    assert f"Аты / Имя {employee.given_names}" in text
    assert "Туған күні / Дата рождения 12.04.1985" in text
    assert "Жынысы / Пол ер / мужской" in text
    assert f"Төлқұжат / Паспорт {employee.passport_issuing_state} {employee.passport_number}" in text
    # The host party.
    assert f"Атауы / Наименование {org.name}" in text
    assert f"БСН / БИН {org.bin}" in text
    # The notification: date, address, stay, registration number and day, reference.
    assert "Келген күні / Дата прибытия 14.06.2026" in text
    assert "Қазақстандағы мекенжайы / Адрес в Казахстане Astana, Kabanbay Batyr Ave 11, flat 5" in text
    assert "Болу мерзімі (дейін) / Срок пребывания до 01.06.2027" in text
    assert "Тіркеу нөмірі / Регистрационный номер KZ-REG-0042" in text
    assert "Тіркелген күні / Дата регистрации 16.06.2026" in text
    assert f"Өтінім нөмірі / Номер заявки: {app.reference}" in text
    assert "Берілген күні / Дата выдачи: 16.06.2026" in text
    assert "Прежний адрес" not in text
    # The verification block: the code, the link, the bilingual note; one page, DejaVu only.
    assert f"Тексеру коды {document.verification_code}" in text
    # The link may wrap inside the verification block (word-break: break-all): read it with the lines joined.
    assert f"/verify/{document.verification_code}/" in pdf_text(content).replace("\n", "")
    assert "Растаманың түпнұсқалығын QR-код немесе тексеру коды бойынша" in text
    assert "Подлинность подтверждения можно проверить на портале Экспат-центра" in text
    assert "Page 1 of 1" in text
    assert all(name.startswith("DejaVu") for name in embedded_fonts(content))


def test_change_of_address_confirmation_names_both_addresses(
    membership, employee, officer, django_capture_on_commit_callbacks
):
    app = arrival_draft(
        membership,
        employee,
        notification_kind="change_of_address",
        event_date=dt.date(2026, 6, 15),
        previous_address="Astana, Turan Ave 1, flat 2",
    )
    text = pdf_words(_read(_issue(app, membership, officer, django_capture_on_commit_callbacks, "KZ-REG-7")))

    assert "«Мекенжайды өзгерту туралы хабарлама»" in text
    assert "«Уведомление о смене адреса»" in text
    assert "шетел азаматының мекенжайын өзгерту туралы хабарламаның тіркелгенін растайды." in text
    assert "уведомление принимающей стороны о смене адреса иностранного гражданина зарегистрировано." in text
    assert "Мекенжай өзгерген күні / Дата смены адреса 15.06.2026" in text
    assert "Қазақстандағы мекенжайы / Адрес в Казахстане Astana, Kabanbay Batyr Ave 11, flat 5" in text
    assert "Бұрынғы мекенжайы / Прежний адрес Astana, Turan Ave 1, flat 2" in text
    assert "Тіркеу нөмірі / Регистрационный номер KZ-REG-7" in text
    assert "Page 1 of 1" in text


def test_the_confirmation_verifies_and_the_filer_downloads_it(
    membership, employee, officer, django_capture_on_commit_callbacks, filer_client
):
    app = arrival_draft(membership, employee)
    document = _issue(app, membership, officer, django_capture_on_commit_callbacks)

    page = Client().get(reverse("verify", args=[document.verification_code]))
    download = filer_client.get(reverse("issued-download", args=[app.pk, document.pk]))

    assert page.status_code == 200
    body = page.content.decode()
    assert "VALID" in body
    assert document.reference in body
    assert employee.surname not in body  # the public page shows initials only
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == _read(document)


def test_a_refusal_produces_no_document(membership, employee, officer, django_capture_on_commit_callbacks):
    app = arrival_draft(membership, employee)
    with django_capture_on_commit_callbacks(execute=True):
        refused = factories.advance(
            app, State.REFUSED, filer=membership.user, officer=officer, refuse={"reason": "Wrong passport copy."}
        )

    assert refused.state == State.REFUSED
    assert not IssuedDocument.objects.filter(application_id=app.pk).exists()


def test_context_wording_follows_the_kind(membership, employee):
    arrival = arrival_draft(membership, employee)
    change = arrival_draft(
        membership, employee, notification_kind="change_of_address", previous_address="Astana, Turan Ave 1"
    )

    a = registration_confirmation_context(arrival)
    c = registration_confirmation_context(change)

    assert (a["kind_kk"], a["kind_ru"]) == ("Келу туралы хабарлама", "Уведомление о прибытии")
    assert (c["kind_kk"], c["kind_ru"]) == ("Мекенжайды өзгерту туралы хабарлама", "Уведомление о смене адреса")
    assert a["previous_address"] == ""
    assert c["previous_address"] == "Astana, Turan Ave 1"
    assert a["registered_on"] is None
