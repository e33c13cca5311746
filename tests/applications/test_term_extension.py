"""The 30-day cap on term extensions holds across parallel requests (issue 6, §4; guide 2025: "may be extended by
up to 30 calendar days")."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from applications import services
from applications.constants import Action, State
from applications.exceptions import ApplicationError
from applications.models import Application, StatusChange
from tests import factories
from tests.clock import FILING_DAY, astana

pytestmark = [pytest.mark.time_machine(astana(FILING_DAY))]


def _in_review(officer=None) -> Application:
    """An application in review, held by ``officer`` (the holder or a supervisor extends its term)."""
    officer = officer or factories.UserFactory(officer=True)
    membership, person = factories.employer_with_staff()
    draft = factories.c3_draft(membership=membership, person=person)
    return factories.advance(draft, State.IN_REVIEW, filer=membership.user, officer=officer)


@pytest.mark.django_db
def test_an_extension_on_a_stale_copy_counts_the_days_another_officer_just_added(officer, supervisor):
    app = _in_review(officer)
    due = app.due_date
    # The holder and a supervisor opened the page before either extended: each holds the row as it was (0 days).
    first, second = Application.objects.get(pk=app.pk), Application.objects.get(pk=app.pk)
    services.application_extend_term(user=officer, application=first, days=20, reason="State body delay")

    with pytest.raises(ApplicationError) as refused:
        services.application_extend_term(user=supervisor, application=second, days=20, reason="State body delay")

    assert refused.value.code == "extension_limit"
    assert "20 used" in refused.value.message
    app.refresh_from_db()
    assert app.term_extension_days == 20
    assert app.due_date == due + dt.timedelta(days=20)
    assert StatusChange.objects.filter(application=app, action=Action.EXTEND_TERM).count() == 1


@pytest.mark.django_db
def test_extension_returns_the_application_as_saved(officer):
    app = _in_review(officer)
    stale = Application.objects.get(pk=app.pk)
    services.application_extend_term(user=officer, application=app, days=5, reason="Delay")
    result = services.application_extend_term(user=officer, application=stale, days=10, reason="Delay")
    assert result is stale
    assert stale.term_extension_days == 15
    assert stale.due_date == Application.objects.get(pk=app.pk).due_date


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent transactions need PostgreSQL")
def test_two_parallel_20_day_extensions_leave_one_within_the_cap():
    holder = factories.UserFactory(officer=True)
    app = _in_review(holder)
    due = app.due_date
    officers = [holder, factories.UserFactory(supervisor=True)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def extend(user):
        from django.db import connections

        copy = Application.objects.get(pk=app.pk)
        barrier.wait()
        try:
            services.application_extend_term(user=user, application=copy, days=20, reason="State body delay")
            outcomes.append("ok")
        except ApplicationError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=extend, args=(u,)) for u in officers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes) == ["extension_limit", "ok"]
    app.refresh_from_db()
    assert app.term_extension_days == 20
    assert app.due_date == due + dt.timedelta(days=20)
    assert StatusChange.objects.filter(application=app, action=Action.EXTEND_TERM).count() == 1
