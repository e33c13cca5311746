"""Load the demo data of the embedded default: two host parties with staff, a self-applicant, an officer and
a supervisor (each with an authenticator device on the fixed demo secret), and visa records: Klaus Müller's C3
visa inside its extension window today (computed from the work calendar at load time) and Chinedu Okafor's
recorded C3 visa. Safe to run again: what exists is left alone, but for Klaus's visa dates, moved so the window
is open on the day of the run. The applications of the demo (Haruki Tanaka's issued C3 invitation and his
spouse's waiting draft) are the engine's: ``manage.py load_demo_visas``."""

from __future__ import annotations

import base64
import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from qazeta.accounts import services
from qazeta.accounts.constants import MembershipRole, Role, VerificationStatus
from qazeta.accounts.models import Membership, Organisation, Person, User
from qazeta.records.models import Entries, RecordSource, VisaCategory, VisaRecord
from qazeta.workcalendar.calendar import WorkingCalendar

PASSWORD = "qazeta-demo-2026"  # noqa: S105 - demo logins of the embedded default, printed on purpose
#: The demo staff's authenticator secret (base32), printed on purpose so a newcomer can add it to an app. The
#: embedded default only: real staff add their own app at their first sign-in.
DEMO_TOTP_SECRET = "QAZETAQAZETAQAZETAQAZETAQAZETAQA"  # noqa: S105
DEMO_DEVICE_NAME = "Demo authenticator"
STAFF_LOGINS = ("officer", "supervisor")

#: (username, role, first name, last name, what they do) — printed for the README and the console.
LOGINS = [
    (
        "aigerim.admin",
        "employer admin",
        "Aigerim",
        "Sadykova",
        "Astana Fintech Partners Ltd: staff roster, filing",
    ),
    ("daniyar.filer", "employer filer", "Daniyar", "Omarov", "Astana Fintech Partners Ltd: filing"),
    ("erlan.admin", "employer admin", "Erlan", "Bekov", "Steppe Capital Advisors LLP: staff roster, filing"),
    ("maria.garcia", "applicant", "Maria", "Garcia", "self-applicant (files for herself)"),
    (
        "john.smith",
        "applicant",
        "John",
        "Smith",
        "employee of Astana Fintech: sees only his own applications",
    ),
    ("officer", "officer", "Saule", "Nurlanova", "Expat Centre officer: review queue"),
    (
        "supervisor",
        "supervisor",
        "Askar",
        "Tulegenov",
        "supervisor: queue, reassignments, tariffs and calendar",
    ),
]

#: Passports of the demo persons other commands look up.
KLAUS_PASSPORT = "C01X00T47"
OKAFOR_PASSPORT = "A07654321"
TANAKA_PASSPORT = "TZ1234567"
TANAKA_SPOUSE_PASSPORT = "TZ7654321"
#: Klaus's C3 visa expires this many working days after the day of the load: inside its extension window
#: (which opens 30 and closes 5 working days before the expiry).
KLAUS_VISA_WORKING_DAYS_LEFT = 20

ORGANISATIONS = [
    # BINs with valid check digits (qazeta.accounts.validators).
    ("Astana Fintech Partners Ltd", "180540000042", "AIFC-180540-001", "55/19 Mangilik El Ave, Astana"),
    ("Steppe Capital Advisors LLP", "190640000018", "AIFC-190640-002", "8 Kabanbay Batyr Ave, Astana"),
]


def demo_authenticator(user: User) -> TOTPDevice:
    """The demo staff member's confirmed TOTP device on :data:`DEMO_TOTP_SECRET` (created once)."""
    key = base64.b32decode(DEMO_TOTP_SECRET).hex()
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name=DEMO_DEVICE_NAME, defaults={"key": key, "confirmed": True}
    )
    return device


def current_code(device: TOTPDevice) -> str:
    """The code ``device`` accepts now (six digits; a new one every 30 seconds)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _person(
    org: Organisation | None,
    surname: str,
    given: str,
    sex: str,
    born: dt.date,
    nat: str,
    passport: str,
    email: str,
    position: str = "",
    principal: Person | None = None,
    relationship: str = "",
) -> Person:
    expires = timezone.localdate().replace(day=1) + dt.timedelta(days=6 * 365)
    person, _ = Person.objects.get_or_create(
        passport_issuing_state=nat,
        passport_number=passport,
        defaults={
            "organisation": org,
            "surname": surname,
            "given_names": given,
            "sex": sex,
            "date_of_birth": born,
            "nationality": nat,
            "passport_expires_on": expires,
            "email": email,
            "position": position,
            "principal": principal,
            "relationship": relationship,
        },
    )
    return person


def _demo_visas(klaus: Person, okafor: Person, *, officer: User) -> None:
    """Klaus's C3 visa inside its extension window today; Okafor's C3 visa valid for another ten months.

    Both were issued before the portal: declared and confirmed by the demo officer.
    """
    today = timezone.localdate()
    calendar = WorkingCalendar.from_db()
    expires = calendar.add_working_days(today, KLAUS_VISA_WORKING_DAYS_LEFT)
    now = timezone.now()
    for person, number, valid_to in [
        (klaus, "C3DEMO0001", expires),
        (okafor, "C3DEMO0002", today + dt.timedelta(days=300)),
    ]:
        VisaRecord.objects.update_or_create(
            person=person,
            number=number,
            defaults={
                "category": VisaCategory.C3,
                "valid_from": valid_to - dt.timedelta(days=365),
                "valid_to": valid_to,
                "entries": Entries.MULTIPLE,
                "host_party_id": person.organisation_id,
                "source": RecordSource.DECLARED,
                "recorded_by": officer,
                "confirmed_at": now,
                "confirmed_by": officer,
            },
        )


class Command(BaseCommand):
    help = "Load demo host parties, staff and logins (idempotent) and print the logins."

    @transaction.atomic
    def handle(self, *args: object, **options: object) -> None:
        users: dict[str, User] = {}
        for username, role, first, last, _what in LOGINS:
            user = User.objects.filter(username=username).first()
            if user is None:
                if role in ("officer", "supervisor"):
                    user = services.staff_user_create(
                        username=username,
                        email=f"{username}@expatcentre.example",
                        password=PASSWORD,
                        supervisor=role == "supervisor",
                        first_name=first,
                        last_name=last,
                    )
                else:
                    user = User.objects.create_user(
                        username=username,
                        email=f"{username}@example.com",
                        password=PASSWORD,
                        first_name=first,
                        last_name=last,
                        role=Role.EMPLOYER if role.startswith("employer") else Role.APPLICANT,
                    )
            users[username] = user
        # Supervisors read the sign-in log in the admin: keep the group's permissions current on old databases.
        services.supervisors_group_sync()
        devices = {username: demo_authenticator(users[username]) for username in STAFF_LOGINS}

        orgs = []
        for name, bin_, aifc, address in ORGANISATIONS:
            # The demo host parties were verified by the Expat Centre: they submit at once.
            org, _ = Organisation.objects.get_or_create(
                bin=bin_,
                defaults={
                    "name": name,
                    "aifc_registration_number": aifc,
                    "address": address,
                    "verification_status": VerificationStatus.VERIFIED,
                },
            )
            orgs.append(org)
        fintech, steppe = orgs
        for username, org, role in [
            ("aigerim.admin", fintech, MembershipRole.ADMIN),
            ("daniyar.filer", fintech, MembershipRole.FILER),
            ("erlan.admin", steppe, MembershipRole.ADMIN),
        ]:
            Membership.objects.get_or_create(user=users[username], organisation=org, defaults={"role": role})

        john = _person(
            fintech,
            "SMITH",
            "JOHN EDWARD",
            "M",
            dt.date(1984, 3, 17),
            "GBR",
            "533401287",
            "john.smith@example.com",
            "Head of Risk",
        )
        _person(
            fintech,
            "SMITH",
            "EMMA LOUISE",
            "F",
            dt.date(1986, 9, 2),
            "GBR",
            "533409911",
            "emma.smith@example.com",
            principal=john,
            relationship="spouse",
        )
        klaus = _person(
            fintech,
            "MÜLLER",
            "KLAUS",
            "M",
            dt.date(1979, 11, 5),
            "D",
            KLAUS_PASSPORT,
            "klaus.mueller@example.com",
            "Chief Technology Officer",
        )
        tanaka = _person(
            fintech,
            "TANAKA",
            "HARUKI",
            "M",
            dt.date(1990, 6, 21),
            "JPN",
            TANAKA_PASSPORT,
            "haruki.tanaka@example.com",
            "Quantitative analyst",
        )
        _person(
            fintech,
            "TANAKA",
            "YUKI",
            "F",
            dt.date(1992, 8, 3),
            "JPN",
            TANAKA_SPOUSE_PASSPORT,
            "yuki.tanaka@example.com",
            principal=tanaka,
            relationship="spouse",
        )
        _person(
            steppe,
            "DUBOIS",
            "CLAIRE",
            "F",
            dt.date(1988, 1, 30),
            "FRA",
            "18AV12345",
            "claire.dubois@example.com",
            "Portfolio manager",
        )
        okafor = _person(
            steppe,
            "OKAFOR",
            "CHINEDU",
            "M",
            dt.date(1982, 4, 8),
            "NGA",
            OKAFOR_PASSPORT,
            "chinedu.okafor@example.com",
            "Investment director",
        )
        _demo_visas(klaus, okafor, officer=users["officer"])
        if john.account_id is None:
            john.account = users["john.smith"]
            john.save(update_fields=["account"])
        maria = _person(
            None,
            "GARCIA LOPEZ",
            "MARIA",
            "F",
            dt.date(1992, 2, 14),
            "ESP",
            "PAB123456",
            "maria.garcia@example.com",
        )
        if maria.account_id is None:
            maria.account = users["maria.garcia"]
            maria.save(update_fields=["account"])

        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Logins (password for all: {PASSWORD}):"))
        for username, role, _first, _last, what in LOGINS:
            self.stdout.write(f"  {username:<15} {role:<16} {what}")
        secret = " ".join(DEMO_TOTP_SECRET[i : i + 4] for i in range(0, len(DEMO_TOTP_SECRET), 4))
        self.stdout.write(
            self.style.SUCCESS("Staff (officer, supervisor) also type an authenticator code after the password.")
        )
        self.stdout.write(f"  Add this demo secret to an authenticator app (TOTP, 6 digits, 30 s): {secret}")
        for username, device in devices.items():
            self.stdout.write(f"  {username:<15} {device.config_url}")
        self.stdout.write(
            f"  Code now: {current_code(devices['officer'])} (a new one every 30 s; "
            "`.venv/bin/python manage.py demo_totp` prints the current one)"
        )
