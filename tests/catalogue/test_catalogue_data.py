"""The service catalogue data files (visas/catalogue.toml, residency/catalogue.toml) against the guide.

Source: Expat Centre guide 2025 (seeds/001_84f5f4afc213442e.txt). Each test loads both files into a fresh
registry, so the tests neither depend on nor disturb what the apps registered at start-up.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import residency
import visas
from applications import catalogue
from applications.catalogue import CHANNELS, Service

VISAS_FILE = Path(visas.__file__).parent / "catalogue.toml"
RESIDENCY_FILE = Path(residency.__file__).parent / "catalogue.toml"

# The guide's order, section by section.
VISA_CODES = [
    "c3-invitation",
    "c3-visa",
    "c3-extension",
    "a5-invitation",
    "a5-visa",
    "a6-invitation",
    "investor-visa-extension",
    "business-single-invitation",
    "business-single-extension",
    "business-multi-invitation",
    "business-multi-visa",
    "business-multi-extension",
    "visa-cancellation",
    "visa-cancellation-exit",
]
RESIDENCY_CODES = [
    "permanent-residence",
    "temporary-residence",
    "arrival-notification",
    "iin",
    "tax-residency-certificate",
    "tax-residency-certificate-aifc",
    "eds",
    "fingerprinting",
    "qualification-exemption",
]
FAMILY_ITEMS = {"principal-work-visa", "family-relationship-certificate"}


@pytest.fixture
def services(monkeypatch: pytest.MonkeyPatch) -> dict[str, Service]:
    """Both catalogue files loaded through register_file into an empty registry."""
    monkeypatch.setattr(catalogue, "_REGISTRY", {})
    catalogue.register_file(VISAS_FILE)
    catalogue.register_file(RESIDENCY_FILE)
    return {s.code: s for s in catalogue.all_services()}


def _raw_codes(path: Path) -> list[str]:
    # Read the raw file: the registry silently accepts an identical duplicate, the data must not have one.
    with path.open("rb") as fh:
        return [raw["code"] for raw in tomllib.load(fh)["service"]]


def _codes(items: list) -> set[str]:
    return {item.code for item in items}


def test_each_file_holds_exactly_its_codes_once_in_the_guides_order() -> None:
    assert _raw_codes(VISAS_FILE) == VISA_CODES
    assert _raw_codes(RESIDENCY_FILE) == RESIDENCY_CODES


def test_registry_holds_all_23_services_in_the_guides_order(services: dict[str, Service]) -> None:
    assert [s.code for s in catalogue.all_services()] == VISA_CODES + RESIDENCY_CODES
    assert len(services) == 23


@pytest.mark.parametrize("code", VISA_CODES + RESIDENCY_CODES)
def test_every_service_has_documents_channels_and_a_source(services: dict[str, Service], code: str) -> None:
    service = services[code]
    assert service.documents, code
    assert service.channels, code
    assert set(service.channels) <= set(CHANNELS)
    assert service.source.startswith("Expat Centre guide 2025"), code
    assert service.description, code
    assert service.who_may_apply, code


def test_exactly_the_services_a_plug_in_files_are_open_for_filing(services: dict[str, Service]) -> None:
    from applications.registry import get_registry

    open_codes = {s.code for s in services.values() if s.filing_enabled}
    assert open_codes == {d.code for d in get_registry()}
    assert "c3-invitation" in open_codes


def test_c3_invitation_for_a_principal_filed_by_the_employer_has_no_family_items_or_power_of_attorney(
    services: dict[str, Service],
) -> None:
    codes = _codes(services["c3-invitation"].checklist({"principal": True}))

    assert not codes & FAMILY_ITEMS
    assert "power-of-attorney" not in codes
    assert "branch-power-of-attorney" not in codes
    assert {"invitation-letter", "passport-copy", "employment-contract", "qualification-proof-cv"} <= codes
    assert "registration-form" in codes


def test_c3_invitation_for_a_family_member_asks_for_the_principals_visa_and_relationship_certificate(
    services: dict[str, Service],
) -> None:
    items = services["c3-invitation"].checklist({"family_member": True})
    codes = _codes(items)

    assert codes >= FAMILY_ITEMS
    assert "consent-personal-data" in codes
    # "For employees" / "for the foreign employee" items are the principal's only.
    assert "qualification-proof-cv" not in codes
    assert "registration-form" not in codes
    assert "power-of-attorney" not in codes


def test_c3_invitation_filed_by_a_representative_asks_for_the_power_of_attorney(
    services: dict[str, Service],
) -> None:
    items = services["c3-invitation"].checklist({"principal": True, "representative": True})

    power = next(item for item in items if item.code == "power-of-attorney")
    assert power.required


def test_branch_power_of_attorney_is_required_only_for_a_branch_host(services: dict[str, Service]) -> None:
    service = services["c3-invitation"]

    assert "branch-power-of-attorney" not in _codes(service.checklist({"principal": True}))
    item = service.document("branch-power-of-attorney")
    assert item.applies({"principal": True, "has_branch": True})
    assert item.required


def test_c3_invitation_items_follow_the_guides_order(services: dict[str, Service]) -> None:
    codes = [d.code for d in services["c3-invitation"].documents]

    assert codes == [
        "state-registration-certificate",
        "shareholders-decision-head-order",
        "branch-power-of-attorney",
        "power-of-attorney",
        "invitation-letter",
        "passport-copy",
        "state-duty-receipt",
        "employment-contract",
        "qualification-proof-cv",
        "registration-form",
        "principal-work-visa",
        "family-relationship-certificate",
        "consent-personal-data",
    ]


def test_tax_residency_certificates_have_no_walk_in_channel(services: dict[str, Service]) -> None:
    assert services["tax-residency-certificate"].channels == ("standard", "personal_manager")
    assert "walk_in" not in services["tax-residency-certificate-aifc"].channels


@pytest.mark.parametrize(
    ("code", "term_display", "sla_working_days"),
    [
        ("c3-invitation", "5 working days", 5),
        ("permanent-residence", "45 working days", 45),
        ("temporary-residence", "1 working day", 1),
        ("qualification-exemption", "30 working days", 30),
        ("visa-cancellation-exit", "5 working days", 5),
        ("tax-residency-certificate", "3-5 working days", 5),
        ("arrival-notification", "30 minutes", 0),
        ("fingerprinting", "30 minutes", 0),
    ],
)
def test_terms_match_the_guide(
    services: dict[str, Service], code: str, term_display: str, sla_working_days: int
) -> None:
    service = services[code]

    assert service.term_display == term_display
    assert service.sla_working_days == sla_working_days


def test_arrival_notification_takes_30_minutes(services: dict[str, Service]) -> None:
    service = services["arrival-notification"]

    assert service.term_minutes == 30
    assert service.term_working_days is None


@pytest.mark.parametrize(
    ("code", "extends"),
    [
        ("c3-extension", "c3-visa"),
        ("investor-visa-extension", "a5-visa"),
        ("business-single-extension", "business-single-invitation"),
        ("business-multi-extension", "business-multi-visa"),
    ],
)
def test_extension_keeps_the_issuance_documents_and_channels_and_states_the_window(
    services: dict[str, Service], code: str, extends: str
) -> None:
    # Guide: "the list of documents stays the same"; tariffs are not stated, so the issuance's channels.
    extension, issuance = services[code], services[extends]

    assert extension.extra["extends"] == extends
    assert extension.documents == issuance.documents
    assert extension.channels == issuance.channels
    assert extension.extra["window_earliest_working_days"] == 30
    assert extension.extra["window_latest_working_days"] == 5
    assert "host party is unchanged" in extension.term_note
    assert extends in extension.fee_note


def test_multiple_entry_business_visa_asks_for_the_contract_only_for_b2_and_membership_only_for_b3(
    services: dict[str, Service],
) -> None:
    service = services["business-multi-invitation"]

    b2 = _codes(service.checklist({"principal": True, "b2": True}))
    b3 = _codes(service.checklist({"principal": True, "b3": True}))
    assert "b2-services-contract" in b2
    assert "b3-membership-confirmation" not in b2
    assert "b3-membership-confirmation" in b3
    assert "b2-services-contract" not in b3


def test_trp_asks_employees_for_qualification_and_others_for_consent(services: dict[str, Service]) -> None:
    service = services["temporary-residence"]

    employee = _codes(service.checklist({"principal": True, "employee": True}))
    expert = _codes(service.checklist({"principal": True, "employee": False}))
    family = _codes(service.checklist({"family_member": True}))
    assert {"qualification-proof-cv", "registration-form"} <= employee
    assert "consent-personal-data" not in employee
    assert "consent-personal-data" in expert
    assert "qualification-proof-cv" not in expert
    assert {"consent-personal-data", "family-relationship-certificate"} <= family


def test_aifc_tax_residency_asks_for_the_citizenship_letter_only_on_a_first_application(
    services: dict[str, Service],
) -> None:
    service = services["tax-residency-certificate-aifc"]

    assert "mia-citizenship-letter" in _codes(service.checklist({"first_application": True}))
    assert "mia-citizenship-letter" not in _codes(service.checklist({"first_application": False}))


def test_if_any_items_never_block_submission(services: dict[str, Service]) -> None:
    optional = {(s.code, d.code) for s in services.values() for d in s.documents if not d.required}

    assert ("c3-visa", "current-visa-copy") in optional
    assert ("visa-cancellation", "contract-termination-order") in optional
    assert ("temporary-residence", "current-trp") in optional
    assert ("qualification-exemption", "qualification-supporting-documents") in optional
    # The guide requires the visa copy when cancelling after departure: it is not "(if any)" there.
    assert ("visa-cancellation", "current-visa-copy") not in optional


def test_fingerprinting_is_free_after_a_visa_or_trp_service_fee(services: dict[str, Service]) -> None:
    service = services["fingerprinting"]

    assert "free" in service.fee_note
    assert service.term_note == "20-30 minutes."
