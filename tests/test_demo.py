"""The embedded default's demo data and the end-to-end demo command."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from applications.constants import State
from applications.models import Application
from qazeta.accounts.constants import Role
from qazeta.accounts.management.commands.load_demo import DEMO_DEVICE_NAME, PASSWORD, current_code
from qazeta.accounts.models import Membership, Organisation, Person, User
from qazeta.accounts.validators import is_valid_kz_number
from tests.clock import FILING_DAY, astana

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent_and_has_every_role():
    call_command("load_demo", stdout=StringIO())
    counts = (User.objects.count(), Organisation.objects.count(), Person.objects.count(), Membership.objects.count())
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert (
        User.objects.count(),
        Organisation.objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
    ) == counts
    assert "qazeta-demo-2026" in out.getvalue()
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {Role.APPLICANT, Role.EMPLOYER, Role.OFFICER, Role.SUPERVISOR}
    assert Organisation.objects.count() == 2
    assert all(is_valid_kz_number(o.bin) for o in Organisation.objects.all())
    for org in Organisation.objects.all():
        assert org.staff.exists()
    assert Person.objects.filter(organisation__isnull=True, account__username="maria.garcia").exists()


def _sign_in(client, username: str) -> None:
    """Sign in as a newcomer would: the login page, then the demo authenticator's current code."""
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    code = current_code(TOTPDevice.objects.get(user__username=username, name=DEMO_DEVICE_NAME))
    response = client.post(reverse("two-factor-verify"), {"code": code})
    assert response.status_code == 302, response.content


def test_load_demo_prints_the_staff_authenticator_secret_and_a_current_code():
    out = StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "QAZE TAQA ZETA QAZE TAQA ZETA QAZE TAQA" in text
    assert "otpauth://totp/" in text
    device = TOTPDevice.objects.get(user__username="officer")
    assert f"Code now: {current_code(device)}" in text
    # Demo filers keep password-only sign-in.
    assert not TOTPDevice.objects.filter(user__username="aigerim.admin").exists()


def test_supervisor_edits_tariffs_and_calendar_in_the_admin_and_officer_cannot(client):
    call_command("load_demo", stdout=StringIO())
    _sign_in(client, "supervisor")
    for url in (
        "/admin/fees/tariff/",
        "/admin/fees/mrp/",
        "/admin/fees/stateduty/",
        "/admin/workcalendar/calendaroverride/",
        "/admin/workcalendar/calendaroverride/add/",
    ):
        assert client.get(url).status_code == 200, url
    client.logout()
    _sign_in(client, "officer")
    response = client.get("/admin/fees/tariff/")
    assert response.status_code == 302  # to the admin login: not staff
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db(transaction=True)
# The demo submits applications, which quotes the fee of the day: a day whose year has an MRP.
@pytest.mark.time_machine(astana(FILING_DAY))
@pytest.mark.parametrize("gates", [[], ["payments.gates.booking_gate"]], ids=["no-gate", "booking-waits-for-payment"])
def test_demo_command_walks_the_journey_and_prints_the_letter(gates, settings):
    # As bin/run has it (settings.base): booking waits for the payment receipt, which the demo filer uploads.
    settings.APPOINTMENT_BOOKING_GATES = gates
    # Real commits: the command checks for the letter the on-commit task rendered.
    out = StringIO()
    call_command("demo", stdout=out)
    text = out.getvalue()
    issued = Application.objects.filter(state=State.ISSUED)
    assert issued.count() == 2
    paths = [line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("Invitation letter")]
    assert len(paths) == 2
    for path in paths:
        assert Path(path).read_bytes().startswith(b"%PDF")
    assert "/verify/" in text
    dependant = issued.get(principal_application__isnull=False)
    assert dependant.principal_application in issued


# --- Issue 7: visa records in the demo ------------------------------------------------------------------------
@pytest.mark.time_machine(astana(FILING_DAY))
def test_load_demo_has_a_c3_visa_inside_its_extension_window_today_and_a_recorded_principal(time_machine):
    from qazeta.accounts.management.commands.load_demo import KLAUS_PASSPORT, OKAFOR_PASSPORT
    from qazeta.records.selectors import current_visa, extension_window, windows_ahead

    call_command("load_demo", stdout=StringIO())
    today = FILING_DAY
    klaus = Person.objects.get(passport_number=KLAUS_PASSPORT)
    record = current_visa(klaus.pk, on=today)
    assert record is not None
    assert record.category == "C3"
    assert extension_window(record).is_open(today)
    assert [w.visa for w in windows_ahead([klaus.pk], today=today)] == [record]
    okafor = Person.objects.get(passport_number=OKAFOR_PASSPORT)
    assert current_visa(okafor.pk, on=today) is not None
    # A later load moves Klaus's visa so its window is open on that day too, without a second record.
    later = dt.date(2026, 6, 1)
    time_machine.move_to(astana(later))
    call_command("load_demo", stdout=StringIO())
    assert klaus.visa_records.count() == 1
    assert extension_window(current_visa(klaus.pk, on=later)).is_open(later)


@pytest.mark.django_db(transaction=True)
@pytest.mark.time_machine(astana(FILING_DAY))
def test_load_demo_visas_issues_an_invitation_without_a_visa_and_the_spouses_draft_waits_for_it():
    from qazeta.accounts.management.commands.load_demo import TANAKA_PASSPORT, TANAKA_SPOUSE_PASSPORT
    from qazeta.records.selectors import current_visa

    call_command("load_demo_visas", stdout=StringIO())
    tanaka = Person.objects.get(passport_number=TANAKA_PASSPORT)
    principal = Application.objects.get(person=tanaka, service_code="c3-invitation")
    assert principal.state == State.ISSUED
    assert principal.issued_documents.exists()  # the invitation letter
    assert current_visa(tanaka.pk, on=FILING_DAY) is None  # the visa itself is not recorded yet
    spouse = Person.objects.get(passport_number=TANAKA_SPOUSE_PASSPORT)
    assert spouse.principal == tanaka
    draft = Application.objects.get(person=spouse)
    assert draft.state == State.DRAFT
    assert draft.principal_application == principal
    # Idempotent.
    out = StringIO()
    call_command("load_demo_visas", stdout=out)
    assert Application.objects.filter(person__in=[tanaka, spouse]).count() == 2
    assert "already loaded" in out.getvalue()


@pytest.mark.django_db(transaction=True)
@pytest.mark.time_machine(astana(FILING_DAY))
def test_load_demo_trp_files_a_cis_employees_trp():
    from applications.management.commands.load_demo_trp import ASANOV_PASSPORT
    from qazeta.countries.selectors import trp_stay_threshold

    call_command("load_demo_trp", stdout=StringIO())
    asanov = Person.objects.get(passport_number=ASANOV_PASSPORT)
    assert trp_stay_threshold(asanov.nationality) == 90  # Kyrgyzstan: CIS and EAEU
    application = Application.objects.get(person=asanov, service_code="temporary-residence")
    assert application.state == State.SUBMITTED
    assert application.variant == "employee"
    assert application.fee_service == 110000
    assert application.specific().max_valid_to is not None
    out = StringIO()
    call_command("load_demo_trp", stdout=out)
    assert Application.objects.filter(person=asanov).count() == 1
    assert "already loaded" in out.getvalue()
