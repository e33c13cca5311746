"""The TRP's latest end date under Decree 807 p.10, in each case (passport, 1 year, contract, the investment
resident's 5 years in total, a family member never beyond the resident), shown to the officer and enforced at
issue; and the family member's fee (guide 2025, TRP: "family members included")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from applications import services
from applications.constants import State
from applications.exceptions import ApplicationError
from applications.models import Application
from applications.views_helpers import fee_quote_for
from payments import services as payments
from qazeta.records.models import ResidencePermitRecord
from qazeta.records.signals import permit_recorded
from residency.temporary_residence.term import term_limit
from tests import factories

from .conftest import TODAY, cis_person, family_member_of, give_trp, permit_scan, trp_draft

pytestmark = pytest.mark.django_db


def _limit(app, start=TODAY):
    return term_limit(app.specific(), start)


def test_one_year_for_an_aifc_employee(membership):
    app = trp_draft(membership, cis_person(membership), contract_ends_on=dt.date(2028, 1, 31))
    limit = _limit(app)
    assert limit.max_valid_to == dt.date(2027, 6, 15)
    assert limit.reason.startswith("1 year (Decree 807 p.10: AIFC employees from visa-free states")


def test_never_beyond_the_contract(membership):
    app = trp_draft(membership, cis_person(membership), contract_ends_on=dt.date(2027, 3, 31))
    limit = _limit(app)
    assert limit.max_valid_to == dt.date(2027, 3, 31)
    assert limit.reason == (
        "The employment or civil-law contract ends on 31.03.2027 (Decree 807 p.10: never beyond the contract)"
    )


def test_never_beyond_the_passport(membership):
    person = cis_person(membership, passport_expires_on=dt.date(2026, 12, 1))
    app = trp_draft(membership, person)
    limit = _limit(app)
    assert limit.max_valid_to == dt.date(2026, 12, 1)
    assert limit.reason == "The passport expires on 01.12.2026 (Decree 807 p.10: never beyond the national passport)"


def test_an_investment_resident_has_at_most_five_years_in_total(membership):
    person = cis_person(membership, "KGZ", passport_expires_on=dt.date(2035, 1, 1))
    # Four years and 100 days on earlier TRPs: 01.01.2022-31.12.2025 (1461 days) and 01.01.2026-10.04.2026 (100).
    give_trp(person, valid_from=dt.date(2022, 1, 1), valid_to=dt.date(2025, 12, 31))
    give_trp(person, valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2026, 4, 10))
    app = trp_draft(membership, person, basis="aifc_investment_resident", contract_ends_on=None)
    limit = _limit(app)
    # 16.06.2026 + 5 years = 1826 days, less 1561 held: 265 days, the last on 07.03.2027.
    assert limit.max_valid_to == TODAY + dt.timedelta(days=1826 - 1561 - 1) == dt.date(2027, 3, 7)
    assert "At most 5 years in total on TRPs, 1561 calendar days already held" in limit.reason
    # Without earlier permits: 1 year on the AIFC Administration's petition.
    fresh = trp_draft(membership, cis_person(membership, "KGZ"), basis="aifc_investment_resident")
    assert _limit(fresh).max_valid_to == dt.date(2027, 6, 15)
    assert "1 year on the AIFC Administration's petition" in _limit(fresh).reason


def test_a_resident_family_member_never_beyond_the_residents_trp(membership):
    resident = cis_person(membership, "KGZ")
    principal = trp_draft(membership, resident, basis="aifc_investment_resident", contract_ends_on=None)
    spouse_app = trp_draft(membership, family_member_of(resident), principal=principal)
    # Not issued yet: unknown, and the officer cannot issue.
    unknown = _limit(spouse_app)
    assert unknown.max_valid_to is None
    assert "the investment resident's TRP is not on record yet" in unknown.reason
    assert Application.objects.get(pk=spouse_app.pk).specific().max_valid_to is None
    record = give_trp(resident, valid_from=dt.date(2026, 6, 1), valid_to=dt.date(2027, 2, 28), application=principal)
    limit = _limit(spouse_app)
    assert limit.max_valid_to == dt.date(2027, 2, 28)
    assert limit.reason.startswith(f"The investment resident's TRP {record.number} ends on 28.02.2027")
    assert "(Decree 807 p.10: a family member's never beyond the resident's)" in limit.reason
    # The row the officer's page reads is refreshed when the resident's permit is recorded (the kernel's signal).
    permit_recorded.send(sender=ResidencePermitRecord, record=record)
    assert Application.objects.get(pk=spouse_app.pk).specific().max_valid_to == dt.date(2027, 2, 28)


def test_an_employees_family_member_follows_the_principals_contract(membership):
    employee = cis_person(membership)
    principal = trp_draft(membership, employee, contract_ends_on=dt.date(2026, 11, 30))
    spouse_app = trp_draft(membership, family_member_of(employee), principal=principal)
    limit = _limit(spouse_app)
    assert limit.max_valid_to == dt.date(2026, 11, 30)
    assert limit.reason.startswith("The principal's employment or civil-law contract ends on 30.11.2026")


def _to_decision(app, membership, officer):
    return factories.advance(app, State.WITH_AUTHORITY, filer=membership.user, officer=officer)


def _issue(app, officer, *, valid_from=dt.date(2026, 6, 17), valid_to):
    return services.application_issue(
        user=officer,
        application=Application.objects.get(pk=app.pk),
        fields={"permit_number": "TRP0012345", "permit_valid_from": valid_from, "permit_valid_to": valid_to},
        attachments={"temporary_residence_permit": permit_scan()},
    )


def test_issue_beyond_the_maximum_is_refused_with_the_limit_and_reason(membership, officer):
    app = trp_draft(membership, cis_person(membership), contract_ends_on=dt.date(2027, 3, 31))
    _to_decision(app, membership, officer)
    with pytest.raises(ApplicationError) as exc:
        _issue(app, officer, valid_to=dt.date(2027, 4, 1))
    assert exc.value.code == "trp_term"
    assert exc.value.message == (
        "The permit can run at most to 31.03.2027 (from 17.06.2026): The employment or civil-law contract ends on "
        "31.03.2027 (Decree 807 p.10: never beyond the contract)."
    )
    assert Application.objects.get(pk=app.pk).state == State.WITH_AUTHORITY
    assert not ResidencePermitRecord.objects.exists()
    issued = _issue(app, officer, valid_to=dt.date(2027, 3, 31))
    assert issued.state == State.ISSUED
    record = ResidencePermitRecord.objects.get(application_id=app.pk)
    assert (record.kind, record.number, record.variant) == ("trp", "TRP0012345", "employee")
    assert (record.valid_from, record.valid_to) == (dt.date(2026, 6, 17), dt.date(2027, 3, 31))
    assert record.document.kind == "temporary_residence_permit"
    assert issued.decision_number == "TRP0012345"


def test_a_resident_family_member_cannot_be_issued_beyond_the_resident(membership, officer):
    resident = cis_person(membership, "KGZ")
    principal = trp_draft(membership, resident, basis="aifc_investment_resident", contract_ends_on=None)
    spouse_app = trp_draft(membership, family_member_of(resident), principal=principal)
    _to_decision(principal, membership, officer)
    _to_decision(spouse_app, membership, officer)
    with pytest.raises(ApplicationError, match="the investment resident's TRP is not on record yet"):
        _issue(spouse_app, officer, valid_to=dt.date(2027, 1, 31))
    _issue(principal, officer, valid_to=dt.date(2027, 1, 31))
    with pytest.raises(ApplicationError, match=r"at most to 31\.01\.2027"):
        _issue(spouse_app, officer, valid_to=dt.date(2027, 2, 1))
    assert _issue(spouse_app, officer, valid_to=dt.date(2027, 1, 31)).state == State.ISSUED


def test_the_officer_page_shows_the_latest_end_and_why(membership, officer):
    app = trp_draft(membership, cis_person(membership), contract_ends_on=dt.date(2027, 3, 31))
    _to_decision(app, membership, officer)
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("officer-application", args=[app.pk])).content.decode()
    assert "Latest permit end allowed" in page
    assert "31.03.2027" in page
    assert "never beyond the contract" in page
    for name in ("permit_number", "permit_valid_from", "permit_valid_to", "attachment_temporary_residence_permit"):
        assert f'name="{name}"' in page, name


def test_a_family_member_filed_with_a_paid_principal_pays_no_service_fee(membership, officer):
    employee = cis_person(membership)
    principal = trp_draft(membership, employee)
    spouse_app = trp_draft(membership, family_member_of(employee), principal=principal)
    # The principal is not submitted: no fee is frozen, so nothing is paid yet.
    assert fee_quote_for(spouse_app)["service_fee"] == Decimal("110000.00")
    factories.advance(principal, State.SUBMITTED, filer=membership.user, officer=officer)
    quote = fee_quote_for(spouse_app)
    assert quote["service_fee"] == Decimal("0.00")
    # The note says what the principal's payment says: not paid yet, the principal's invoice covers the family.
    assert "whose service fee covers the family: no separate service fee (family members included)" in quote["note"]
    assert "whose service fee is paid" not in quote["note"]
    submitted = factories.advance(spouse_app, State.SUBMITTED, filer=membership.user, officer=officer)
    assert (submitted.fee_service, submitted.fee_total) == (Decimal("0.00"), Decimal("0.00"))
    assert Application.objects.get(pk=principal.pk).fee_service == Decimal("110000.00")


def test_the_family_members_fee_note_follows_the_principals_payment(membership, officer):
    employee = cis_person(membership)
    principal = trp_draft(membership, employee)
    spouse_app = trp_draft(membership, family_member_of(employee), principal=principal)
    principal = factories.advance(principal, State.DOCUMENTS_APPROVED, filer=membership.user, officer=officer)
    assert "covers the family" in fee_quote_for(spouse_app)["note"]  # invoiced, unpaid
    payments.receipt_upload(user=membership.user, application=principal, file=factories.pdf_file("r.pdf"))
    payments.payment_confirm(user=officer, application=principal)
    quote = fee_quote_for(spouse_app)
    assert quote["service_fee"] == Decimal("0.00")
    assert f"{principal.reference} ({employee.full_name}), whose service fee is paid" in quote["note"]
    # A refunded principal's fee covers no one: the family member pays the service fee.
    payments.payment_refund(user=factories.UserFactory(supervisor=True), application=principal, reason="Withdrawn")
    assert fee_quote_for(spouse_app)["service_fee"] == Decimal("110000.00")


def test_the_variant_sets_the_fee(membership):
    expert = trp_draft(membership, cis_person(membership), variant="expert")
    assert fee_quote_for(expert)["service_fee"] == Decimal("90000.00")
    walk_in = trp_draft(membership, cis_person(membership), variant="employee")
    walk_in.channel = "walk_in"
    assert fee_quote_for(walk_in)["service_fee"] == Decimal("170000.00")
