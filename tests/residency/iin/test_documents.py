"""The IIN documents: the registration certificate (issued) and the refusal notice (refused), both generated in
Kazakh and Russian with the verification block, downloadable by the filer and verifiable at /verify/."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse

from applications import services
from applications.constants import State
from applications.models import Application
from qazeta.documents.models import IssuedDocument
from residency.iin.documents import refusal_details
from residency.iin.models import IinApplication
from tests import factories
from tests.documents.pdftext import drawn_characters, embedded_fonts

from .conftest import iin_draft, iin_for

pytestmark = pytest.mark.django_db

KAZAKH_LETTERS = set("әғқңөұүі")


@pytest.fixture
def at_decision(membership, employee, officer) -> Application:
    draft = iin_draft(
        membership=membership,
        person=employee,
        surname_latin="SMITH",
        given_names_latin="JOHN",
        patronymic_latin="PAUL",
        surname_cyrillic="СМИТ",
        given_names_cyrillic="ДЖОН",
        patronymic_cyrillic="ПОЛ",
        birth_country="United Kingdom",
        birth_region="England",
        birth_locality="London",
    )
    return factories.advance(draft, State.ORIGINALS_RECEIVED, filer=membership.user, officer=officer)


def _text(rendered: list[tuple[str, str]], template: str) -> str:
    """The rendered HTML of ``template`` as plain text (tags dropped, spaces collapsed)."""
    import re

    (page,) = [h for name, h in rendered if name == template]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _download(client: Client, document: IssuedDocument) -> bytes:
    response = client.get(reverse("issued-download", args=[document.application_id, document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


# --------------------------------------------------------------------------------------------- the certificate
def test_the_registration_certificate_carries_the_iin_in_kazakh_and_russian(
    at_decision, employee, officer, membership, rendered_html, django_capture_on_commit_callbacks
):
    iin = iin_for(employee)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_issue(user=officer, application=at_decision, fields={"assigned_iin": iin})

    (document,) = IssuedDocument.objects.filter(application_id=at_decision.pk)
    assert document.kind == "iin_registration_certificate"
    assert document.title == "IIN registration certificate"
    text = _text(rendered_html, "residency/iin/registration_certificate.html")
    for phrase in (
        "Тіркеу куәлігі",
        "Регистрационное свидетельство",
        f"Жеке сәйкестендіру нөмірі (ЖСН): Индивидуальный идентификационный номер (ИИН): {iin}",
        "Тегі Фамилия SMITH / СМИТ",
        "Аты Имя JOHN / ДЖОН",
        "Әкесінің аты (бар болған жағдайда) Отчество (при его наличии) PAUL / ПОЛ",
        "Туған күні Дата рождения 12.04.1985",
        "Туған жері Место рождения United Kingdom, England, London",
        "Берген мекеме Орган выдачи АХҚО Экспат орталығы / Экспат-центр МФЦА",
        "Берілген кезі Дата выдачи 16.06.2026",
        "Жеке басты куәландыратын құжатты ұсынған кезде жарамды",
        "Действительно только при предъявлении документа, удостоверяющего личность",
        "Тексеру коды",
        document.verification_code,
        f"/verify/{document.verification_code}/",
    ):
        assert phrase in text, phrase
    (page,) = [h for name, h in rendered_html if name == "residency/iin/registration_certificate.html"]
    assert 'src="data:image/png;base64,' in page  # the QR code

    pdf = _download(_logged_in(membership.user), document)
    assert pdf.startswith(b"%PDF")
    drawn = drawn_characters(pdf)
    assert set(iin) <= drawn
    assert drawn >= KAZAKH_LETTERS
    assert set("Регистрационное свидетельство") <= drawn
    assert all(name.startswith("DejaVu") for name in embedded_fonts(pdf))

    page = Client().get(reverse("verify", args=[document.verification_code]))
    assert page.status_code == 200
    assert "IIN registration certificate" in page.content.decode()
    assert iin not in page.content.decode()  # the public page shows no personal data


def test_no_refusal_notice_on_issue_and_no_certificate_on_refusal(
    at_decision, employee, officer, membership, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.application_issue(user=officer, application=at_decision, fields={"assigned_iin": iin_for(employee)})
    assert list(IssuedDocument.objects.filter(application_id=at_decision.pk).values_list("kind", flat=True)) == [
        "iin_registration_certificate"
    ]

    other = factories.advance(iin_draft(membership=membership), State.REFUSED, filer=membership.user, officer=officer)
    from applications.services.outputs import output_generate

    assert output_generate(application=other, kind="iin_registration_certificate") is None
    assert output_generate(application=other, kind="iin_refusal_notice").kind == "iin_refusal_notice"


# --------------------------------------------------------------------------------------------- the refusal notice
def test_a_refused_iin_produces_the_refusal_notice_with_grounds_and_appeal_route(
    at_decision, officer, membership, rendered_html, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.application_refuse(
            user=officer,
            application=at_decision,
            grounds=["data_mismatch", "iin_already_assigned"],
            reason="The date of birth in the form differs from the passport.",
        )

    (document,) = IssuedDocument.objects.filter(application_id=at_decision.pk)
    assert document.kind == "iin_refusal_notice"
    text = _text(rendered_html, "residency/iin/refusal_notice.html")
    for phrase in (
        "Жеке сәйкестендіру нөмірін қалыптастырудан бас тарту туралы ХАБАРЛАМА",
        "УВЕДОМЛЕНИЕ об отказе в формировании индивидуального идентификационного номера",
        "Тегі Фамилия SMITH / СМИТ",
        "Туған күні Дата рождения 12.04.1985",
        "Туған жері Место рождения United Kingdom, England, London",
        "Берген мекеме Орган выдачи АХҚО Экспат орталығы / Экспат-центр МФЦА",
        "Берілген күні Дата выдачи 16.06.2026",
        "Бас тарту себебі Причина отказа",
        # The grounds in the service's order, each in Kazakh and in Russian; then the officer's details.
        "1) Өтініште көрсетілген деректер жеке басын куәландыратын құжаттағы деректерге сәйкес келмейді",
        "1) Данные, указанные в заявлении, не соответствуют данным документа, удостоверяющего личность",
        "2) Көрсетілетін қызметті алушыда бұрын тіркелген ЖСН анықталуы",
        "2) Выявление ранее зарегистрированного ИИН у услугополучателя",
        "The date of birth in the form differs from the passport.",
        # The appeal route (order 004, ch.3): the provider first, 3 working days to forward, 5 and 15 to decide,
        # court only after the pre-trial complaint.
        "Шағымдану тәртібі",
        "3 (үш) жұмыс күнінен кешіктірмей",
        "5 (бес) жұмыс күні ішінде",
        "15 (он бес) жұмыс күні ішінде",
        "91-бабының 5-тармағына",
        "Порядок обжалования",
        "не позднее 3 (трёх) рабочих дней",
        "в течение 5 (пяти) рабочих дней",
        "в течение 15 (пятнадцати) рабочих дней",
        "после обжалования в досудебном порядке в соответствии с пунктом 5 статьи 91",
        "Тексеру коды",
        document.verification_code,
    ):
        assert phrase in text, phrase
    assert "Incomplete or invalid documents" not in text  # English labels stay on the portal
    (page,) = [h for name, h in rendered_html if name == "residency/iin/refusal_notice.html"]
    assert 'src="data:image/png;base64,' in page

    pdf = _download(_logged_in(membership.user), document)
    drawn = drawn_characters(pdf)
    assert drawn >= KAZAKH_LETTERS
    assert set("УВЕДОМЛЕНИЕ") <= drawn
    assert Client().get(reverse("verify", args=[document.verification_code])).status_code == 200


def test_an_unrelated_user_cannot_download_the_notice(at_decision, officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.application_refuse(user=officer, application=at_decision, grounds=["false_data"])
    document = IssuedDocument.objects.get(application_id=at_decision.pk)
    stranger = _logged_in(factories.MembershipFactory().user)
    assert stranger.get(reverse("issued-download", args=[at_decision.pk, document.pk])).status_code == 404


@pytest.mark.parametrize(
    ("grounds", "reason"),
    [(["data_mismatch"], "Birth date differs"), (["data_mismatch", "false_data"], "")],
)
def test_the_notice_prints_only_the_officers_own_words_after_the_grounds(at_decision, officer, grounds, reason):
    # The engine keeps the chosen grounds as codes and the officer's own words apart; the filer reads both.
    services.application_refuse(user=officer, application=at_decision, grounds=grounds, reason=reason)
    app = IinApplication.objects.get(pk=at_decision.pk)
    assert app.refusal_grounds == grounds
    assert refusal_details(app) == reason
    labels = [label for code, label in app.definition.refusal_grounds if code in grounds]
    assert app.refusal_text == "; ".join([*map(str, labels), *([reason] if reason else [])])


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
