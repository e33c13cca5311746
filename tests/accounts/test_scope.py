"""The request-scoped memo of a user's memberships and persons (qazeta.accounts.scope): read once per scope,
forgotten when a membership or a person changes, never kept outside a scope."""

from __future__ import annotations

import pytest

from qazeta.accounts import scope
from qazeta.accounts.constants import MembershipRole
from tests import factories

pytestmark = pytest.mark.django_db


def test_outside_a_scope_every_question_reads_the_database(membership, django_assert_num_queries):
    with django_assert_num_queries(2):
        assert scope.memberships(membership.user) == {membership.organisation_id: membership.role}
        assert scope.memberships(membership.user) == {membership.organisation_id: membership.role}


def test_in_a_scope_the_answers_are_read_once(membership, django_assert_num_queries):
    person = factories.PersonFactory(organisation=membership.organisation, account=membership.user)
    with scope.user_scope(), django_assert_num_queries(2):
        for _ in range(3):
            assert scope.memberships(membership.user) == {membership.organisation_id: membership.role}
            assert scope.own_person_ids(membership.user) == [person.pk]


def test_a_removed_member_loses_access_within_the_same_scope(membership):
    user, organisation = membership.user, membership.organisation
    with scope.user_scope():
        assert user.has_perm("applications.act_as_filer", factories.c3_draft(membership=membership))
        assert organisation.pk in scope.memberships(user)
        membership.delete()
        assert scope.memberships(user) == {}
        other = factories.MembershipFactory(user=user, role=MembershipRole.ADMIN)
        assert scope.memberships(user) == {other.organisation_id: MembershipRole.ADMIN}


def test_anonymous_users_have_nothing(django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    with django_assert_num_queries(0):
        assert scope.memberships(AnonymousUser()) == {}
        assert scope.own_person_ids(AnonymousUser()) == []


def test_each_request_starts_with_an_empty_scope(client, membership):
    """A request opens its own scope: a membership removed between two requests is not remembered by the next."""
    draft = factories.c3_draft(membership=membership)
    client.force_login(membership.user)
    assert client.get(f"/applications/{draft.pk}/").status_code == 200
    membership.delete()
    assert client.get(f"/applications/{draft.pk}/").status_code == 404
