"""The IIN's own submission rules and the check of the IIN the officer records at issue.

Sources: guide 2025 §2 (IIN: "a unique 12-digit combination … formed on the principles of uniqueness and
immutability", the passport used to enter Kazakhstan); order 004 (by analogy): p.7 (refused at intake when a
document has expired), p.13 3) (refused when an IIN is already registered for the person), Annex 1 (the
form's second consent). IIN structure: ``qazeta.accounts.validators`` (Law "On national registers of
identification numbers", art. 3).
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from applications.constants import FINAL_STATES, State
from applications.exceptions import ApplicationError, RuleFailure
from applications.registry import Outcome
from qazeta.accounts.models import Person
from qazeta.accounts.validators import iin_mismatches

from .models import CYRILLIC_NAME, LATIN_NAME, IinApplication

_LATIN = re.compile(LATIN_NAME)
_CYRILLIC = re.compile(CYRILLIC_NAME)


def _normal(name: str) -> str:
    """A name compared as people mean it: case and repeated spaces ignored."""
    return " ".join(name.split()).casefold()


# --------------------------------------------------------------------------------------------- submission rules
def secrets_consent_given(application: IinApplication, today: dt.date) -> list[RuleFailure]:
    """The registration form's second consent (order 004, Annex 1) is given."""
    if not application.secrets_consent:
        return [
            RuleFailure(
                "secrets_consent",
                gettext(
                    "Tick the second consent of the registration form: consent to the use "
                    "of information constituting secrets protected by law in information "
                    "systems. The IIN cannot be formed without it."
                ),
            )
        ]
    return []


def passport_not_expired(application: IinApplication, today: dt.date) -> list[RuleFailure]:
    """The passport used to enter is valid on the day of submission (order 004, p.6-7: a valid passport)."""
    expires = application.person.passport_expires_on
    if expires < today:
        return [
            RuleFailure(
                "passport_expired",
                gettext("The passport expired on %(expires)s; an IIN is formed only on a valid passport.")
                % {"expires": format(expires, "%d.%m.%Y")},
            )
        ]
    return []


def passport_dates_consistent(application: IinApplication, today: dt.date) -> list[RuleFailure]:
    """The passport's issue date is after the birth, before its expiry and not in the future."""
    issued = application.passport_issued_on
    person = application.person
    if issued is None:
        return [RuleFailure("passport_issued_on", gettext("Give the date the passport was issued."))]
    if issued > today:
        return [
            RuleFailure(
                "passport_issued_on",
                gettext("The passport's issue date %(issued)s is in the future.")
                % {"issued": format(issued, "%d.%m.%Y")},
            )
        ]
    if issued >= person.passport_expires_on:
        return [
            RuleFailure(
                "passport_issued_on",
                gettext("The passport's issue date %(issued)s is not before its expiry %(passport_expires_on)s.")
                % {
                    "issued": format(issued, "%d.%m.%Y"),
                    "passport_expires_on": format(person.passport_expires_on, "%d.%m.%Y"),
                },
            )
        ]
    if issued < person.date_of_birth:
        return [
            RuleFailure(
                "passport_issued_on",
                gettext("The passport's issue date %(issued)s is before the date of birth %(date_of_birth)s.")
                % {"issued": format(issued, "%d.%m.%Y"), "date_of_birth": format(person.date_of_birth, "%d.%m.%Y")},
            )
        ]
    return []


def names_in_both_scripts(application: IinApplication, today: dt.date) -> list[RuleFailure]:
    """Surname and given names in Latin and in Cyrillic letters (order 004, Annex 1), the patronymic if any.

    The model's validators check this on the API; a draft filed or changed on the HTML form does not run them,
    so submission checks it again for every channel.
    """
    failures = []
    for name, label, pattern, script, required in (
        ("surname_latin", "surname", _LATIN, "Latin", True),
        ("given_names_latin", "given names", _LATIN, "Latin", True),
        ("patronymic_latin", "patronymic", _LATIN, "Latin", False),
        ("surname_cyrillic", "surname", _CYRILLIC, "Cyrillic", True),
        ("given_names_cyrillic", "given names", _CYRILLIC, "Cyrillic", True),
        ("patronymic_cyrillic", "patronymic", _CYRILLIC, "Cyrillic", False),
    ):
        value = (getattr(application, name) or "").strip()
        if not value:
            if required:
                failures.append(
                    RuleFailure(
                        "name_script",
                        gettext("Give the %(label)s in %(script)s letters.") % {"label": label, "script": script},
                    )
                )
        elif not pattern.match(value):
            failures.append(
                RuleFailure(
                    "name_script",
                    gettext("Write the %(label)s in %(script)s letters only (“%(value)s”).")
                    % {"label": label, "script": script, "value": value},
                )
            )
    return failures


def iin_not_yet_assigned(application: IinApplication, today: dt.date) -> list[RuleFailure]:
    """No IIN is formed twice (order 004, p.13 3); guide: the IIN is unique and never changes).

    Refuses when the person already has an IIN, when an IIN application for them is already under way, or when
    another person the portal knows has an IIN with the same passport (issuing state and number) or the same
    name (surname and given names, case ignored) and date of birth. Names nothing of the other person.
    """
    person = application.person
    if person.iin:
        return [
            RuleFailure(
                "iin_already_assigned",
                gettext(
                    "%(full_name)s already has an IIN (%(iin)s). An IIN is formed once and "
                    "never changes: no new one can be formed."
                )
                % {"full_name": person.full_name, "iin": person.iin},
            )
        ]
    failures = []
    open_application = (
        IinApplication.objects.filter(person_id=person.pk)
        .exclude(pk=application.pk)
        .exclude(state__in=[State.DRAFT, *FINAL_STATES])
        .first()
    )
    if open_application is not None:
        failures.append(
            RuleFailure(
                "iin_application_open",
                gettext(
                    "An IIN application for %(full_name)s is already under way (reference "
                    "%(reference)s); wait for its outcome."
                )
                % {"full_name": person.full_name, "reference": open_application.reference},
            )
        )
    others = Person.objects.exclude(pk=person.pk).exclude(iin="")
    if others.filter(
        passport_issuing_state__iexact=person.passport_issuing_state.strip(),
        passport_number__iexact=person.passport_number.strip(),
    ).exists():
        failures.append(
            RuleFailure(
                "iin_same_passport",
                gettext(
                    "A person with the same passport already has an IIN in the portal's "
                    "records. An IIN is formed once: ask the Expat Centre to check the "
                    "records instead of filing again."
                ),
            )
        )
    surname, given = _normal(person.surname), _normal(person.given_names)
    namesakes = others.filter(date_of_birth=person.date_of_birth).only("surname", "given_names")
    if any(_normal(o.surname) == surname and _normal(o.given_names) == given for o in namesakes):
        failures.append(
            RuleFailure(
                "iin_same_name_and_birth",
                gettext(
                    "A person with the same name and date of birth already has an IIN in "
                    "the portal's records. An IIN is formed once: ask the Expat Centre to "
                    "check the records instead of filing again."
                ),
            )
        )
    return failures


# --------------------------------------------------------------------------------------------- the outcome
def keep_issued_iin(application: IinApplication, outcome: Outcome) -> None:
    """``on_outcome``: check the IIN the officer recorded at issue and keep it on the person.

    The IIN must agree with the person's passport data (digits 1-6 the date of birth, digit 7 the century of
    birth and the sex; ``iin_mismatches``; the check digit is checked by the field's validator before this
    runs), must not belong to another person the portal knows, and must not replace an IIN the person already
    has (it never changes). Raises ApplicationError (code ``iin_mismatch`` or ``iin_taken``): the engine's
    transaction rolls the issue back and nothing is written.
    """
    if outcome != Outcome.ISSUED:
        return
    iin = application.assigned_iin
    person = Person.objects.select_for_update().get(pk=application.person_id)
    problems = iin_mismatches(iin, date_of_birth=person.date_of_birth, sex=person.sex)
    if problems:
        raise ApplicationError(
            gettext("The IIN does not agree with the person's passport data: %(problems)s")
            % {"problems": " ".join(problems)},
            code="iin_mismatch",
        )
    if person.iin and person.iin != iin:
        raise ApplicationError(
            gettext("The person already has the IIN %(iin)s; an IIN never changes, so another cannot be recorded.")
            % {"iin": person.iin},
            code="iin_taken",
        )
    if Person.objects.filter(iin=iin).exclude(pk=person.pk).exists():
        raise ApplicationError(
            gettext("Another person in the portal's records already has this IIN; an IIN is unique. Check the number."),
            code="iin_taken",
        )
    try:
        # The database's unique IIN constraint settles two officers recording the same IIN at the same moment.
        with transaction.atomic():
            Person.objects.filter(pk=person.pk).update(iin=iin, updated_at=timezone.now())
    except IntegrityError:
        raise ApplicationError(
            gettext("Another person in the portal's records already has this IIN; an IIN is unique. Check the number."),
            code="iin_taken",
        ) from None
