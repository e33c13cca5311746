"""load_tariffs: inserts what is missing, never overwrites, is idempotent, runs on migrate."""

from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from fees.apps import load_fee_data_after_migrate
from fees.loader import DEFAULT_DATA_PATH, TariffDataError, load_tariffs, parse_fee_data
from fees.models import Mrp, StateDuty, Tariff

pytestmark = pytest.mark.django_db

FILE = parse_fee_data(DEFAULT_DATA_PATH)
FILE_ROWS = len(FILE.mrps) + len(FILE.tariffs) + len(FILE.state_duties)


def _counts() -> tuple[int, int, int]:
    return Mrp.objects.count(), Tariff.objects.count(), StateDuty.objects.count()


def _empty_tables() -> None:
    Tariff.objects.all().delete()
    StateDuty.objects.all().delete()
    Mrp.objects.all().delete()


def test_migrate_seeded_the_file_rows():
    assert _counts() == (len(FILE.mrps), len(FILE.tariffs), len(FILE.state_duties))
    assert Mrp.objects.get(year=2026).amount == Decimal("4325.00")
    assert Mrp.objects.get(year=2025).amount == Decimal("3932.00")


def test_loading_into_an_empty_database_inserts_every_row_once():
    _empty_tables()
    first = load_tariffs()
    assert (first.mrp_created, first.tariffs_created, first.state_duties_created) == (2, 49, 19)
    assert first.existing == 0
    second = load_tariffs()
    assert second.created == 0
    assert second.existing == FILE_ROWS
    assert _counts() == (2, 49, 19)


def test_loading_again_does_not_overwrite_a_supervisors_edit():
    tariff = Tariff.objects.get(service="iin", channel="walk_in")
    tariff.amount = Decimal("25000.00")
    tariff.effective_to = date(2026, 12, 31)
    tariff.save()
    mrp = Mrp.objects.get(year=2026)
    mrp.source = "edited by a supervisor"
    mrp.save()

    result = load_tariffs()

    tariff.refresh_from_db()
    mrp.refresh_from_db()
    assert result.created == 0
    assert tariff.amount == Decimal("25000.00")
    assert tariff.effective_to == date(2026, 12, 31)
    assert mrp.source == "edited by a supervisor"


def test_a_file_row_overlapping_a_supervisors_row_is_skipped_and_reported():
    Tariff.objects.filter(service="eds", channel="standard").delete()
    Tariff.objects.create(service="eds", channel="standard", amount=Decimal("12000"), effective_from=date(2024, 7, 1))

    result = load_tariffs()

    assert result.tariffs_created == 0
    assert len(result.conflicts) == 1
    assert "eds" in result.conflicts[0]
    assert list(Tariff.objects.filter(service="eds", channel="standard").values_list("amount", flat=True)) == [
        Decimal("12000.00")
    ]


def test_a_malformed_file_inserts_nothing(tmp_path: Path):
    _empty_tables()
    bad = tmp_path / "bad.toml"
    bad.write_text(
        "[[mrp]]\nyear = 2030\namount = 9999\n\n"
        '[[tariff]]\nservice = "Golden_Visa"\nchannel = "standard"\namount = 1\neffective_from = 2030-01-01\n'
    )
    with pytest.raises(TariffDataError, match="Golden_Visa"):
        load_tariffs(bad)
    assert _counts() == (0, 0, 0)


_TARIFF = '[[tariff]]\nservice = "{code}"\nchannel = "standard"\namount = 1\neffective_from = 2030-01-01\n'
_DUTY = '[[state_duty]]\nservice = "{code}"\nmrp_multiple = 0\neffective_from = 2030-01-01\n'


@pytest.mark.parametrize(
    ("text", "entry", "key"),
    [
        (_TARIFF.format(code="iin") + _TARIFF.format(code="C3-Invitation"), "tariff[1]", "service"),
        (_TARIFF.format(code="golden visa"), "tariff[0]", "service"),
        (_TARIFF.format(code="golden_visa"), "tariff[0]", "service"),
        (_TARIFF.format(code="-golden-visa"), "tariff[0]", "service"),
        (_TARIFF.format(code="golden--visa"), "tariff[0]", "service"),
        (_TARIFF.format(code=""), "tariff[0]", "service"),
        (_TARIFF.format(code="a" * 65), "tariff[0]", "service"),
        (_DUTY.format(code="iin/2"), "state_duty[0]", "service"),
        (
            _TARIFF.format(code="iin") + '[[alias]]\nservice = "IIN-copy"\npriced_as = "iin"\nnote = "x"\n',
            "alias[0]",
            "service",
        ),
        (
            _TARIFF.format(code="iin") + '[[alias]]\nservice = "iin-copy"\npriced_as = "iin "\nnote = "x"\n',
            "alias[0]",
            "priced_as",
        ),
        ('[[note]]\nservice = "Fingerprinting"\ntext = "x"\n', "note[0]", "service"),
    ],
)
def test_a_malformed_service_code_is_rejected_naming_the_entry(tmp_path: Path, text: str, entry: str, key: str):
    bad = tmp_path / "bad.toml"
    bad.write_text(text)
    with pytest.raises(TariffDataError) as exc:
        parse_fee_data(bad)
    message = str(exc.value)
    assert message.startswith(f"{entry}: {key} ")
    assert "is not a service code" in message


def test_a_new_service_needs_only_rows_in_the_data_file(tmp_path: Path):
    new = tmp_path / "new.toml"
    new.write_text(_TARIFF.format(code="d7-golden-visa") + _DUTY.format(code="d7-golden-visa"))
    data = parse_fee_data(new)
    assert [t.service for t in data.tariffs] == ["d7-golden-visa"]
    assert [d.service for d in data.state_duties] == ["d7-golden-visa"]


def test_an_alias_to_a_service_without_tariff_is_rejected(tmp_path: Path):
    bad = tmp_path / "alias.toml"
    bad.write_text('[[alias]]\nservice = "c3-extension"\npriced_as = "c3-visa"\nnote = "x"\n')
    with pytest.raises(TariffDataError, match="alias"):
        parse_fee_data(bad)


def test_every_extension_has_an_alias_and_no_rows_of_its_own():
    assert {a.service: a.priced_as for a in FILE.aliases.values()} == {
        "c3-extension": "c3-visa",
        "investor-visa-extension": "a5-visa",
        "business-single-extension": "business-single-invitation",
        "business-multi-extension": "business-multi-visa",
    }
    assert not Tariff.objects.filter(service__in=FILE.aliases).exists()


def test_post_migrate_receiver_restores_missing_rows():
    _empty_tables()
    load_fee_data_after_migrate(apps.get_app_config("fees"), using="default", verbosity=0)
    assert _counts() == (2, 49, 19)


def test_management_command_reports_what_it_did():
    Tariff.objects.filter(service="fingerprinting").delete()
    out = StringIO()
    call_command("load_tariffs", stdout=out)
    assert "tariffs created: 1;" in out.getvalue()
    assert Tariff.objects.get(service="fingerprinting").amount == Decimal("10000.00")
