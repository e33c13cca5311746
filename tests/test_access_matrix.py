"""Issue 6 §7: a role × route matrix generated from the URL conf.

Every named route of the portal (pages and API, the Django admin aside) must be listed below, as public, as a
list (it filters by who asks), or as object-bearing with the roles allowed on it: a new route without a rule
fails ``test_every_route_has_a_rule``. For object-bearing routes every role outside the allowed set is refused
(401/403/404, or a redirect to the login page) on the method the route takes, whatever the body; the allowed
roles reading a page (GET) get it. The objects belong to one host party; the other roles are strangers to it.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from applications.constants import State
from qazeta.accounts.constants import MembershipRole
from tests import factories
from tests.clock import FILING_DAY, astana

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]

ROLES = ("anonymous", "stranger", "applicant", "filer", "admin", "person", "officer", "officer2", "supervisor")
MEMBERS = {"filer", "admin"}
STAFF = {"officer", "officer2", "supervisor"}
DECIDERS = {"officer", "supervisor"}  # the holder of the application, and a supervisor
READERS = MEMBERS | {"person"} | STAFF

#: Routes anyone may open (no object of anyone's) or that only sign in.
PUBLIC = {
    "api-logout",  # ends the caller's own token(s)
    "api-logout-all",
    "password_reset",
    "password_reset_done",
    "password_reset_complete",
    "password_reset_confirm",
    "healthz",
    "favicon",
    "api-token",
    "calendar-due-date",
    "calendar-extension-window",
    "fees-quote",
    "service-list",
    "service-detail",
    "schema",
    "api-docs",
    "set_language",
    "verify_form",
    "verify",
    "login",
    "logout",
    "employer-register",
    "applicant-register",
    "fees-calculator",
    "home",
    "bin-dispute",
    "track",  # tests/ui_filer/test_track.py
}
#: Routes without an object in the URL: each lists or creates what the asking user may (tested elsewhere).
LISTS = {
    "officer-access-log",  # supervisors only (404 to everyone else): tests/ui_officer/test_access_log.py
    "officer-dashboard",  # supervisors only (404 to everyone else): tests/ui_officer/test_dashboard.py
    # supervisors only (404 to everyone else): tests/residency/qualification_exemption/test_own_initiative.py
    "qualification-exemption-open",
    "api-organisations",
    "api-persons",
    "api-mrz",
    "api-application-list",
    "queue-list",
    "organisation-list",
    "application-list",
    "application-new",
    "application-quote",
    "officer-queue",
    "officer-appointments",
    "officer-appointments-week",
    "organisations-to-verify",
    "account",
    "account-tokens-revoke-all",
    "password_change",
    "password_change_done",
    "recovery-codes-regenerate",
    "two-factor-setup",
    "two-factor-verify",
}
#: Object-bearing routes: the object the URL names, and the roles allowed on it.
OBJECT_ROUTES: dict[str, tuple[str, set[str]]] = {
    "api-organisation-members": ("organisation", MEMBERS | STAFF),
    "api-organisation-member": ("member", {"admin"}),
    "api-organisation-verify": ("organisation", STAFF),
    "api-person": ("person", MEMBERS | {"person"} | STAFF),
    "api-application-detail": ("application", READERS),
    "api-application-answer": ("application", MEMBERS),
    "api-application-appointment": ("application", MEMBERS),
    "api-application-appointment-slots": ("application", READERS),
    "api-application-approve-documents": ("application", DECIDERS),
    "api-application-assign": ("application", STAFF),  # claiming; the service refuses taking another's work
    "api-application-cancel": ("application", {"supervisor"}),
    "api-application-cancel-appointment": ("application", MEMBERS | DECIDERS),
    "api-application-consent": ("application", MEMBERS),
    "api-application-documents": ("application", MEMBERS),
    "api-application-documents-batch": ("application", MEMBERS),
    "api-application-extend-term": ("application", DECIDERS),
    "api-application-forward-to-authority": ("application", DECIDERS),
    "api-application-issue": ("application", DECIDERS),
    "api-application-issued": ("document", READERS),
    "api-application-receive-originals": ("application", DECIDERS),
    "api-application-refuse": ("application", DECIDERS),
    "api-application-request-information": ("application", DECIDERS),
    "api-application-review": ("upload", DECIDERS),
    "api-application-submit": ("application", MEMBERS),
    "api-application-watch": ("application", MEMBERS),
    "api-application-upload-file": ("upload", READERS),
    "api-application-withdraw": ("application", MEMBERS),
    "organisation-detail": ("organisation", MEMBERS | STAFF),
    "member-add": ("organisation", {"admin"}),
    "member-remove": ("member", {"admin"}),
    "member-role": ("member", {"admin"}),
    "organisation-verify": ("organisation", STAFF),
    "staff-add": ("organisation", {"admin"}),
    "staff-mrz": ("organisation", {"admin"}),
    "person-detail": ("person", MEMBERS | {"person"} | STAFF),
    "family-member-add": ("person", {"admin"}),
    "applicant-login-grant": ("person", {"admin"}),
    "application-detail": ("application", READERS),
    "application-edit": ("application", MEMBERS),
    "application-upload": ("application", MEMBERS),
    "application-consent": ("application", MEMBERS),
    "application-submit": ("application", MEMBERS),
    "application-watch": ("application", MEMBERS),
    "application-answer": ("application", MEMBERS),
    "appointment-book": ("application", MEMBERS),
    "appointment-cancel": ("application", MEMBERS | DECIDERS),
    "appointment-confirm": ("booked", MEMBERS),
    "appointment-ics": ("booked", READERS),
    "application-withdraw": ("application", MEMBERS),
    "upload-download": ("upload", READERS),
    "upload-preview": ("upload", READERS),  # the officer desk's preview (issue 9)
    "issued-download": ("document", READERS),
    "officer-application": ("application", STAFF),
    "officer-panel": ("application", STAFF),
    "officer-claim": ("application", DECIDERS),
    "officer-assign": ("application", {"supervisor"}),
    "officer-review-document": ("upload", DECIDERS),
    "officer-request-information": ("application", DECIDERS),
    "officer-approve-documents": ("application", DECIDERS),
    "officer-receive-originals": ("application", DECIDERS),
    "officer-forward": ("application", DECIDERS),
    "officer-issue": ("application", DECIDERS),
    "officer-refuse": ("application", DECIDERS),
    "officer-extend-term": ("application", DECIDERS),
    "officer-cancel": ("application", {"supervisor"}),
    "officer-revoke-document": ("document", {"supervisor"}),
    "account-token-revoke": ("token", {"admin"}),  # one's own API token only
    "visa-record-declare": ("person", MEMBERS),  # the filing side; the employee's own login only reads
    "visa-record-scan": ("visa", READERS),
    "visa-record-confirm": ("visa", STAFF),  # any officer or supervisor: a visa record has no holder
    "visa-record-reject": ("visa", STAFF),
    # payments (docs/decisions/0016-payments.md); before approval the readers' GET redirects to the page
    "payment-invoice": ("application", READERS),
    "payment-receipt": ("application", READERS),
    "payment-receipt-upload": ("application", MEMBERS),
    "payment-confirm": ("application", DECIDERS),
    "payment-reject": ("application", DECIDERS),
    "payment-refund": ("application", {"supervisor"}),
    "api-payment": ("application", READERS),
    "api-payment-receipt": ("application", MEMBERS),
    "api-payment-confirm": ("application", DECIDERS),
    "api-payment-reject": ("application", DECIDERS),
    "api-payment-refund": ("application", {"supervisor"}),
    "payment-statement": ("organisation", MEMBERS),
}


def _routes() -> dict[str, str]:
    """Every named route (name → pattern) but the Django admin's."""

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if str(p.pattern).startswith("admin/"):
                    continue
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and p.name:
                yield p.name, prefix + str(p.pattern)

    return dict(walk(get_resolver().url_patterns))


def test_every_route_has_a_rule():
    unlisted = set(_routes()) - PUBLIC - LISTS - set(OBJECT_ROUTES)
    assert not unlisted, f"routes without an access rule in tests/test_access_matrix.py: {sorted(unlisted)}"


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    """One host party's objects, and a user of every role; the officer holds the application."""
    admin = factories.MembershipFactory()
    organisation = admin.organisation
    filer = factories.MembershipFactory(organisation=organisation, role=MembershipRole.FILER)
    employee = factories.PersonFactory(organisation=organisation)
    officer = factories.UserFactory(officer=True)
    users = {
        "anonymous": None,
        "stranger": factories.MembershipFactory().user,
        "applicant": factories.PersonFactory(account=factories.UserFactory(), organisation=None).account,
        "filer": filer.user,
        "admin": admin.user,
        "person": factories.UserFactory(),
        "officer": officer,
        "officer2": factories.UserFactory(officer=True),
        "supervisor": factories.UserFactory(supervisor=True),
    }
    employee.account = users["person"]
    employee.save()
    with django_capture_on_commit_callbacks(execute=True):
        issued = factories.advance(
            factories.c3_draft(membership=admin, person=employee), State.ISSUED, filer=admin.user, officer=officer
        )
    application = factories.advance(
        factories.c3_draft(membership=admin, person=employee), State.IN_REVIEW, filer=admin.user, officer=officer
    )
    booked = factories.advance(
        factories.c3_draft(membership=admin, person=employee),
        State.APPOINTMENT_BOOKED,
        filer=admin.user,
        officer=officer,
    )
    from knox.models import AuthToken

    token, _key = AuthToken.objects.create(admin.user)
    from django.core.files.base import ContentFile

    from qazeta.records.models import RecordSource, VisaRecord

    visa = VisaRecord(
        person=employee,
        category="C3",
        number="C3DECLARED1",
        valid_from=FILING_DAY,
        valid_to=FILING_DAY.replace(year=FILING_DAY.year + 1),
        host_party=organisation,
        source=RecordSource.DECLARED,
    )
    visa.scan.save("visa.pdf", ContentFile(factories.PDF_BYTES), save=False)
    visa.save()
    objects = {
        "token": {"token_key": token.token_key},
        "visa": {"pk": visa.pk},
        "organisation": {"pk": organisation.pk},
        "member": {"pk": organisation.pk, "member_pk": filer.pk},
        "person": {"pk": employee.pk},
        "application": {"pk": application.pk},
        "booked": {"pk": booked.pk},  # an application with its visit booked
        "upload": {"pk": application.pk, "upload_id": application.uploads.first().pk},
        "document": {"pk": issued.pk, "document_id": issued.issued_documents.get().pk},
    }
    return users, objects


def _kwargs(name: str, pattern: str, obj: dict[str, int]) -> dict[str, int]:
    wanted = set(re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", pattern)) if pattern else set()
    names = {a or b for a, b in wanted}
    aliases = {"upload_pk": "upload_id", "doc_id": "document_id", "doc_pk": "document_id"}
    return {n: obj[aliases.get(n, n)] for n in names}


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _request(client: Client, url: str):
    """The first method the route takes: GET, else POST, PATCH or DELETE (with an empty body)."""
    response = client.get(url)
    for method in ("post", "patch", "delete"):
        if response.status_code != 405:
            break
        response = getattr(client, method)(url, {}) if method == "post" else getattr(client, method)(url)
    return response


def _refused(response) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    return response.status_code == 302 and reverse("login") in response.get("Location", "")


@pytest.mark.parametrize("name", sorted(OBJECT_ROUTES))
def test_roles_outside_the_rule_are_refused_and_readers_read(world, name):
    users, objects = world
    kind, allowed = OBJECT_ROUTES[name]
    pattern = _routes()[name]
    url = reverse(name, kwargs=_kwargs(name, pattern, objects[kind]))
    for role in ROLES:
        response = _request(_client(users[role]), url)
        if role not in allowed:
            assert _refused(response), f"{role} got {response.status_code} on {name}"
        elif response.request["REQUEST_METHOD"] == "GET":
            assert response.status_code in (200, 302), f"{role} got {response.status_code} on {name}"
            if response.status_code == 302:
                assert reverse("login") not in response["Location"]
