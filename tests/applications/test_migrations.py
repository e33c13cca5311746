"""Migration 0004 of the engine keeps the access rows already written (moved into the kernel's log) and takes the
internal revocation reasons off the filer's timeline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [
    ("applications", "0003_application_due_at_application_refusal_grounds"),
    ("accounts", "0004_person_iin_unique"),
    ("documents", "0002_issueddocument_received_alter_issueddocument_kind"),
]
AFTER = [("applications", "0004_outboxmessage_access_log_moved")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_the_latest_state_after():
    yield
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest_state_after")
def test_access_rows_move_to_the_kernel_and_revocation_reasons_leave_the_timeline():
    old = _migrate(BEFORE)
    user = old.get_model("accounts", "User").objects.create(username="officer", role="officer")
    person = old.get_model("accounts", "Person").objects.create(
        surname="SMITH",
        sex="M",
        date_of_birth=dt.date(1980, 1, 1),
        nationality="GBR",
        passport_number="123456789",
        passport_issuing_state="GBR",
        passport_expires_on=dt.date(2030, 1, 1),
    )
    application = old.get_model("applications", "Application").objects.create(
        reference="EC-2026-000001", service_code="c3-invitation", person=person, filer=user, state="issued"
    )
    access = old.get_model("applications", "PersonalDataAccess").objects.create(
        user=user, application=application, what="officer application page"
    )
    seen_at = timezone.now() - dt.timedelta(days=30)
    old.get_model("applications", "PersonalDataAccess").objects.filter(pk=access.pk).update(at=seen_at)
    old.get_model("documents", "IssuedDocument").objects.create(
        kind="invitation_letter",
        title="Invitation letter",
        application=application,
        verification_code="AAAA-BBBB-CCCC-DDDD",
        issued_on=dt.date(2026, 3, 2),
        revoked_at=timezone.now(),
        revocation_reason="Contract terminated",
    )
    change = old.get_model("applications", "StatusChange").objects.create(
        application=application,
        actor=user,
        action="document_revoked",
        from_state="issued",
        to_state="issued",
        reason="Invitation letter: Contract terminated",
    )

    new = _migrate(AFTER)

    moved = new.get_model("accounts", "PersonalDataAccess").objects.get()
    assert moved.what == "officer application page EC-2026-000001"
    assert moved.user_id == user.pk
    assert list(moved.persons.values_list("pk", flat=True)) == [person.pk]
    assert moved.object_ids == {"application": [application.pk]}
    assert moved.at == seen_at
    assert new.get_model("applications", "StatusChange").objects.get(pk=change.pk).reason == "Invitation letter"
