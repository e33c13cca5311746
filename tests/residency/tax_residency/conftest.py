"""Fixtures of the tax residency certificate tests: a fixed day and a self-applicant (drafts: ``helpers``).

Every test runs on Tuesday 16 June 2026, 10:00 in Astana (``time_machine``), never on the real date: the due
dates, the tax period rule and the fee year all follow from it.
"""

from __future__ import annotations

import pytest

from tests import factories

from .helpers import NOW


@pytest.fixture(autouse=True)
def _fixed_day(time_machine):
    time_machine.move_to(NOW)


@pytest.fixture
def self_applicant(db):
    """An applicant login with their own person record (files for themselves, ``FilerKind.PERSON``)."""
    user = factories.UserFactory()
    person = factories.PersonFactory(account=user, position="")
    return user, person
