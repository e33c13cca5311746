"""E-mail reminders to a host party's admins about their staff's visa extension windows.

Guide 2025, Work visa §3 (the same for investor and business visas): an extension is filed no earlier than 30
and no later than 5 working days before the visa expires. Two reminders per visa (``VisaReminder.Kind``):
``window_opens`` from the window's first day, and ``window_closing`` from the 5th working day before the window
closes, both only while the window is open. Each reminder is sent once per visa: its ``VisaReminder`` row and
the e-mail are written in one transaction (the row first, its unique (visa, kind) pair blocks a second run
that races it; a mail server failure rolls the row back so the next run tries again).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from qazeta.accounts.constants import MembershipRole
from qazeta.accounts.models import Membership, User
from qazeta.workcalendar.calendar import WorkingCalendar

from .extensions import extension_service_code
from .models import VisaRecord, VisaReminder
from .selectors import ENTRY_CATEGORIES, ExtensionWindow, extension_window

logger = logging.getLogger(__name__)

#: The closing reminder goes this many working days before the window's last day.
CLOSING_NOTICE_WORKING_DAYS = 5
#: Visas expiring within this many calendar days are looked at (30 working days are always fewer).
LOOKAHEAD_CALENDAR_DAYS = 75

SUBJECTS = {
    VisaReminder.Kind.WINDOW_OPENS: _("Visa %(number)s of %(name)s: the extension window is open"),
    VisaReminder.Kind.WINDOW_CLOSING: _("Visa %(number)s of %(name)s: the extension window closes in 5 working days"),
}


def reminder_due(window: ExtensionWindow, today: dt.date, calendar: WorkingCalendar) -> str | None:
    """The reminder ``today`` calls for about ``window`` (a ``VisaReminder.Kind``), or None outside the window.

    From the window's first day: ``window_opens``; from the 5th working day before its last day (inclusive) to
    the last day: ``window_closing`` (a visa that reaches the portal that late gets only that one).
    """
    if not window.is_open(today):
        return None
    closing_from = calendar.subtract_working_days(window.closes, CLOSING_NOTICE_WORKING_DAYS)
    return VisaReminder.Kind.WINDOW_CLOSING if today >= closing_from else VisaReminder.Kind.WINDOW_OPENS


def candidates(today: dt.date) -> list[VisaRecord]:
    """Current entry visas of a host party's staff expiring soon, without a later visa of the same person
    (an extension already recorded makes the old visa's reminders pointless)."""
    later = VisaRecord.objects.filter(
        person_id=OuterRef("person_id"),
        category__in=ENTRY_CATEGORIES,
        rejected_at__isnull=True,
        cancelled_at__isnull=True,
        valid_to__gt=OuterRef("valid_to"),
    )
    return list(
        VisaRecord.objects.filter(
            category__in=ENTRY_CATEGORIES,
            host_party__isnull=False,
            rejected_at__isnull=True,
            cancelled_at__isnull=True,
            valid_from__lte=today,
            valid_to__gte=today,
            valid_to__lte=today + dt.timedelta(days=LOOKAHEAD_CALENDAR_DAYS),
        )
        .exclude(Exists(later))
        .select_related("person", "host_party")
        .order_by("valid_to", "pk")
    )


def admin_emails(organisation_id: int) -> list[str]:
    """E-mail addresses of the host party's active admins (never its filers), sorted, without blanks."""
    emails = Membership.objects.filter(
        organisation_id=organisation_id, role=MembershipRole.ADMIN, user__is_active=True
    ).values_list("user__email", flat=True)
    return sorted({e for e in emails if e})


def _by_language(emails: list[str]) -> dict[str, list[str]]:
    """``emails`` grouped by the language of the user each belongs to (``User.language``; the default language
    for an address no user has)."""
    languages = dict(User.objects.filter(email__in=emails).values_list("email", "language"))
    groups: dict[str, list[str]] = {}
    for email in emails:
        groups.setdefault(languages.get(email) or settings.LANGUAGE_CODE, []).append(email)
    return groups


def _send(record: VisaRecord, kind: str, window: ExtensionWindow, to: list[str]) -> None:
    """One e-mail per language of the recipients, each rendered in that language."""
    context = {
        "visa": record,
        "kind": kind,
        "window": window,
        "service_code": extension_service_code(record),
        "site_url": settings.SITE_URL,
    }
    for language, emails in sorted(_by_language(to).items()):
        with translation.override(language):
            body = render_to_string("records/email/visa_reminder.txt", context)
            subject = SUBJECTS[kind] % {"number": record.number, "name": record.person.full_name}
        send_mail(subject, body, None, emails)


def visa_reminders_send(*, today: dt.date | None = None) -> int:
    """Send every reminder due ``today`` (Astana date; default now) that was not sent; returns how many were sent.

    Idempotent: a reminder already recorded for the visa is never sent again. A host party without an admin
    with an e-mail address gets nothing and nothing is recorded (a later run sends once there is one). Raises
    nothing for one visa's mail failure: it is logged, its row rolled back, and the others go on.
    """
    today = today or timezone.localdate()
    calendar = WorkingCalendar.from_db()
    sent = 0
    for record in candidates(today):
        window = extension_window(record, calendar=calendar)
        kind = reminder_due(window, today, calendar)
        if kind is None or VisaReminder.objects.filter(visa=record, kind=kind).exists():
            continue
        to = admin_emails(record.host_party_id)
        if not to:
            continue
        try:
            with transaction.atomic():
                _reminder, created = VisaReminder.objects.get_or_create(
                    visa=record, kind=kind, defaults={"recipients": to}
                )
                if created:
                    _send(record, kind, window, to)
                    sent += 1
        except Exception:
            logger.exception("visa reminder %s of visa %s not sent", kind, record.pk)
    return sent
