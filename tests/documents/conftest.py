"""Fixtures of the issued-documents tests: C3 invitations walked to a state through the services."""

from __future__ import annotations

import pytest

from applications.constants import State
from tests import factories
from visas.models import C3InvitationApplication


@pytest.fixture
def issued_c3(membership, employee, officer) -> C3InvitationApplication:
    """A C3 invitation issued under decision "WV-2026-0001".

    Its on-commit hook has NOT run (the test transaction never commits), so no letter exists yet: the state
    the task and the sweeper start from.
    """
    draft = factories.c3_draft(membership=membership, person=employee, contract_ends_on=None)
    app = factories.advance(draft, State.ISSUED, filer=membership.user, officer=officer)
    return C3InvitationApplication.objects.get(pk=app.pk)


@pytest.fixture
def issued_pdf_files(settings):
    """A callable listing the issued PDFs in the test's media directory."""
    from pathlib import Path

    def files() -> list[Path]:
        return sorted((Path(settings.MEDIA_ROOT) / "issued").rglob("*.pdf"))

    return files
