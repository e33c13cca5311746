"""Filer journeys in a real browser in every portal language at a phone's and a desktop's width (issue 9 item 9).

The C3 invitation walks new-application form → draft → checklist uploads → a refused submit (a document missing:
the error summary takes the focus) → submit → the reference, at 390 and 1280 CSS px in English, Russian and Kazakh.
One representative service of every other family walks form → draft → uploads → submit (in the database and
on the page) in the same six variants. The pages are found by ids and names, never by words; a button's or a message's
words come from the catalogue of the language under test (``gettext`` under ``translation.override``). At every step
the page must not scroll sideways and its ``<html lang>`` must be the language.
"""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext

from applications.constants import State
from applications.models import Application
from qazeta.accounts.validators import kz_check_digit
from tests import factories
from tests.browser.actions import click_and_wait
from tests.clock import astana

pytestmark = [pytest.mark.django_db(transaction=True)]

#: A working Tuesday whose year has an MRP on record.
DAY = dt.date(2026, 6, 16)

WIDTHS = (390, 1280)
LANGUAGES = ("en", "ru", "kk")


@pytest.fixture
def scan(tmp_path) -> str:
    path = tmp_path / "scan.pdf"
    path.write_bytes(factories.PDF_BYTES)
    return str(path)


def _words(language: str, text: str) -> str:
    """``text`` as the catalogue of ``language`` gives it."""
    with translation.override(language):
        return gettext(text)


def _check_page(page, language: str) -> None:
    """The page in ``language`` (its ``<html lang>``) and without a sideways scroll."""
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.lang") == language, page.url
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"{page.url} scrolls sideways: {scroll} px of content in {inner} px"


def _create_draft(page, language: str) -> None:
    """Tick the consent and press "Create the draft" (its words in ``language``)."""
    page.locator("#id_consent").check()
    click_and_wait(page, page.get_by_role("button", name=_words(language, "Create the draft"), exact=True))
    assert re.search(r"/applications/\d+/", page.url), page.locator("main").inner_text()[:2000]
    _check_page(page, language)


def _required_uploads(application: Application) -> list[str]:
    """The checklist codes ``application`` requires (its service's checklist on its facts)."""
    application = Application.objects.get(pk=application.pk)
    return [req.code for req in application.service.checklist(application.checklist_facts()) if req.required]


def _upload(page, language: str, codes: list[str], scan: str) -> list[str]:
    """Upload ``scan`` for every checklist row of ``codes`` that is not on record; the codes uploaded."""
    uploaded = []
    for code in codes:
        row = page.locator(f"#item-{code}")
        assert row.count() == 1, f"no checklist row {code}"
        if row.locator(".status-on_record").count():
            continue
        row.locator(f"#file-{code}").set_input_files(scan)
        click_and_wait(page, row.get_by_role("button", name=_words(language, "Upload"), exact=True))
        _check_page(page, language)
        assert page.locator("#error-summary").count() == 0, page.locator("#error-summary").inner_text()
        uploaded.append(code)
    return uploaded


def _submit(page, language: str) -> None:
    button = page.locator("#submit").get_by_role("button", name=_words(language, "Submit the application"), exact=True)
    click_and_wait(page, button)
    _check_page(page, language)


def _assert_submitted(page, language: str, application: Application) -> None:
    application.refresh_from_db()
    assert application.state == State.SUBMITTED, page.locator("main").inner_text()[-2000:]
    with translation.override(language):
        shown = gettext("Submitted. Your reference is %(ref)s.") % {"ref": application.reference}
    assert shown in page.locator(".messages").inner_text()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_a_member_files_a_c3_invitation(signed_in, scan, time_machine, width, language):
    time_machine.move_to(astana(DAY, 10), tick=True)
    membership, employee = factories.employer_with_staff()
    page = signed_in(membership.user, width=width, language=language)

    page.goto(f"/applications/new/?service=c3-invitation&person={employee.pk}")
    _check_page(page, language)
    page.locator("#id_passport_blank_pages").fill("4")
    page.locator("#id_position").fill("Chief risk officer")
    page.locator("#id_visa_pickup_place").fill("Embassy of Kazakhstan, London")
    _create_draft(page, language)
    application = Application.objects.get(service_code="c3-invitation", person=employee)
    assert application.state == State.DRAFT

    codes = _required_uploads(application)
    assert len(codes) >= 2, codes
    uploaded = _upload(page, language, codes[:-1], scan)
    _submit(page, language)  # the last document is missing: refused, the summary has the focus
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.locator(f"#error-summary a[href='#item-{codes[-1]}']").count() == 1
    application.refresh_from_db()
    assert application.state == State.DRAFT

    uploaded += _upload(page, language, codes[-1:], scan)
    assert uploaded, "nothing was uploaded"
    _submit(page, language)
    _assert_submitted(page, language, application)


#: Per family, a representative service and the answers its new-application form needs (field name → value; a
#: select takes the option's value, a checkbox is ticked when the value is true).
FAMILIES = {
    "investor visa": ("a5-invitation", {"petitioner": "investment_body", "visa_pickup_place": "Embassy, Berlin"}),
    "business visa": (
        "business-multi-invitation",
        {"visa_category": "B2", "visit_purpose": "Server installation", "visa_pickup_place": "Almaty airport"},
    ),
    "arrival notification": (
        "arrival-notification",
        {
            "notification_kind": "arrival",
            "event_date": "2026-06-14",
            "address": "Astana, Kabanbay Batyr Ave 11, flat 5",
            "stay_until": "2027-06-01",
        },
    ),
    "temporary residence": (
        "temporary-residence",
        {
            "variant": "employee",
            "basis": "aifc_employee",
            "planned_stay_days": "300",
            "passport_kind": "ordinary",
            "contract_ends_on": "2027-01-31",
        },
    ),
    "permanent residence": ("permanent-residence", {"requested_validity_years": "10"}),
    "IIN": (
        "iin",
        {
            "surname_latin": "SMITH",
            "given_names_latin": "JOHN",
            "surname_cyrillic": "СМИТ",
            "given_names_cyrillic": "ДЖОН",
            "birth_country": "United Kingdom",
            "identity_document_type": "passport",
            "passport_issued_on": "2020-01-15",
            "arrival_country": "United Kingdom",
            "purpose": "Work at an AIFC participant",
            "address_in_kazakhstan": "Astana, Mangilik El Ave 55/20",
            "phone": "+77011234567",
            "secrets_consent": True,
        },
    ),
    "tax residency certificate": (
        "tax-residency-certificate",
        {"applicant_kind": "individual", "tax_period_year": "2025", "treaty_state": "Germany"},
    ),
    "EDS": (
        "eds",
        {
            "holder": "individual",
            "key_storage": "computer",
            "pki_request_number": "NUC-2026-0061543",
            "mobile_citizens_registered": True,
        },
    ),
    "fingerprinting": ("fingerprinting", {}),
    "qualification exemption": (
        "qualification-exemption",
        {"request_kind": "exemption", "unmet_criteria": "5 years of experience", "no_controlled_function": True},
    ),
}


def _iin(date_of_birth: dt.date, sex: str, serial: int = 11) -> str:
    """A valid IIN for this birth date and sex (the EDS is requested with the IIN on record)."""
    century = {1900: 3, 2000: 5}[date_of_birth.year // 100 * 100]
    first11 = f"{date_of_birth:%y%m%d}{century + (1 if sex == 'F' else 0)}{serial:04d}"
    check = kz_check_digit(first11)
    return f"{first11}{check}" if check is not None else _iin(date_of_birth, sex, serial + 1)


def _fill(page, answers: dict[str, object]) -> None:
    """Answer the form's questions by their ids (``id_<name>``): choose, tick or type, as the control asks; the
    passport's blank pages too where the form asks for them."""
    if page.locator("#id_passport_blank_pages").count():
        page.locator("#id_passport_blank_pages").fill("4")
    for name, value in answers.items():
        control = page.locator(f"#id_{name}")
        if not control.count():
            continue
        tag, kind = control.evaluate("c => [c.tagName.toLowerCase(), (c.type || '').toLowerCase()]")
        if tag == "select":
            control.select_option(str(value))
        elif kind == "checkbox":
            control.set_checked(bool(value))
        else:
            control.fill(str(value))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("family", list(FAMILIES))
def test_a_member_files_a_service_of_each_family(signed_in, scan, time_machine, family, width, language):
    time_machine.move_to(astana(DAY, 10), tick=True)
    # Transactional tests flush the tables between tests: put back the country table its migration loads.
    call_command("load_countries", stdout=StringIO())
    service, answers = FAMILIES[family]
    membership, _ = factories.employer_with_staff()
    employee = factories.PersonFactory(
        organisation=membership.organisation,
        nationality="UZB",
        passport_issuing_state="UZB",
        passport_expires_on=dt.date(2040, 1, 31),
    )
    if service == "eds":
        employee.iin = _iin(employee.date_of_birth, employee.sex)
        employee.save(update_fields=["iin"])
    page = signed_in(membership.user, width=width, language=language)

    page.goto(f"/applications/new/?service={service}&person={employee.pk}")
    _check_page(page, language)
    assert page.locator("#not-eligible").count() == 0, page.locator("#not-eligible").inner_text()
    _fill(page, answers)
    _create_draft(page, language)
    application = Application.objects.get(service_code=service, person=employee)

    _upload(page, language, _required_uploads(application), scan)
    _submit(page, language)
    _assert_submitted(page, language, application)
