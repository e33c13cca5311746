"""What visa plug-ins share, built on the person's visa records (``qazeta.records``): rules, preconditions,
checklist references and the outcome hook that records an issued visa.

Sources: Expat Centre guide 2025 (seed 001). Work visa §1 ("for a family member: the principal's valid work
visa"; the investor sections copy it, read as "the principal's valid investor visa" for A5/A6 dependants);
Work visa §2 and the multiple-entry §2 (a visa issued in Kazakhstan: arrival notification and fingerprinting /
2025 verification certificate); Work visa §3, the same for every extension ("no earlier than 30 and no later
than 5 working days before the visa expires ... only if the host party is unchanged; otherwise a new
application for a new visa is filed").

A plug-in declares, e.g.::

    rules=(*DEFAULT_RULES, principal_holds_valid_visa("C3")),
    preconditions=(extends_current_visa("C3", new_visa_service="c3-visa"),),
    references={"arrival-notification": issued_document_on_record(ARRIVAL_NOTIFICATION_KINDS)},
    on_outcome=record_issued_visa("C3"),
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext

from qazeta.records.models import IssuedVisaFields, VisaCategory, VisaRecord
from qazeta.records.selectors import current_visa, extension_window
from qazeta.records.services import RecordError, visa_record_issue

from .constants import Action
from .exceptions import ApplicationError, RuleFailure
from .registry import OnRecord, Outcome

if TYPE_CHECKING:
    from qazeta.accounts.models import Organisation, Person

    from .models import Application
    from .registry import OutcomeHook, Precondition, Reference
    from .rules import Rule

#: Issued-document kinds that prove the person was registered on arrival (the arrival notification plug-in).
ARRIVAL_NOTIFICATION_KINDS = ("arrival_registration_confirmation",)
#: Issued-document kinds of a fingerprinting / 2025 verification certificate (the fingerprinting plug-in).
FINGERPRINTING_KINDS = ("fingerprinting_certificate",)


def _categories_words(categories: Iterable[str]) -> str:
    return " or ".join(categories)


def _principal_person(application: Application) -> Person | None:
    if application.principal_application_id is not None:
        return application.principal_application.person
    return application.person.principal


def _visa_words(record: VisaRecord) -> str:
    return f"{record.category} visa {record.number}, valid {record.valid_from:%d.%m.%Y}–{record.valid_to:%d.%m.%Y}"


# ------------------------------------------------------------------------------------------------ rules
def principal_holds_valid_visa(*categories: str) -> Rule:
    """Rule factory: a family member's application waits until the principal's visa of ``categories`` is on
    record and valid on the submission day (a ``waits`` failure: the page offers to notify the filer).

    Guide 2025, Work visa §1 and Investor visa §1, §3: "principal's valid work visa" (A5/A6: investor visa).
    A principal's own application passes.
    """

    def rule(application: Application, today: dt.date) -> list[RuleFailure]:
        principal = _principal_person(application)
        if principal is None:
            return []
        if current_visa(principal.pk, on=today, categories=categories) is not None:
            return []
        return [
            RuleFailure(
                "principal_visa_missing",
                gettext(
                    "%(full_name)s's valid %(value)s visa is not on record yet. A family "
                    "member's application can be submitted once the principal's visa is "
                    "issued (the Expat Centre records it) or declared on the principal's "
                    "page."
                )
                % {"full_name": principal.full_name, "value": _categories_words(categories)},
                waits=True,
            )
        ]

    rule.__name__ = f"principal_holds_valid_visa_{'_'.join(categories)}"
    return rule


def extends_current_visa(*categories: str, new_visa_service: str) -> Precondition:
    """Precondition factory for an extension: the person holds a valid visa of ``categories``, today is inside
    its window (from the 30th to the 5th working day before expiry), and the host party filing is the visa's.

    Outside the window or with another host, the failure says why and names ``new_visa_service`` (the catalogue
    code of the new visa to file instead). Guide 2025, Work visa §3 (the same for investor and business visas).
    """

    def precondition(person: Person, organisation: Organisation | None, today: dt.date) -> list[RuleFailure]:
        from .catalogue import CatalogueError, get_service

        try:
            instead = get_service(new_visa_service).name
        except CatalogueError:
            instead = new_visa_service
        record = current_visa(person.pk, on=today, categories=categories)
        if record is None:
            return [
                RuleFailure(
                    "no_current_visa",
                    gettext(
                        "%(full_name)s has no valid %(value)s visa on record, and only a valid "
                        "visa can be extended. Declare the current visa on %(full_name)s's "
                        "page, or file “%(instead)s”."
                    )
                    % {"full_name": person.full_name, "value": _categories_words(categories), "instead": instead},
                )
            ]
        failures = []
        window = extension_window(record)
        if today < window.opens:
            failures.append(
                RuleFailure(
                    "extension_window",
                    gettext(
                        "The extension of %(value)s can be filed from %(opens)s to %(closes)s "
                        "(30 to 5 working days before it expires); it is not open yet."
                    )
                    % {
                        "value": _visa_words(record),
                        "opens": format(window.opens, "%d.%m.%Y"),
                        "closes": format(window.closes, "%d.%m.%Y"),
                    },
                )
            )
        elif today > window.closes:
            failures.append(
                RuleFailure(
                    "extension_window",
                    gettext(
                        "The extension window of %(value)s closed on %(closes)s (5 working "
                        "days before it expires). File “%(instead)s” instead; staying beyond "
                        "the visa risks fines."
                    )
                    % {"value": _visa_words(record), "closes": format(window.closes, "%d.%m.%Y"), "instead": instead},
                )
            )
        host_id = organisation.pk if organisation is not None else None
        if record.host_party_id is not None and record.host_party_id != host_id:
            failures.append(
                RuleFailure(
                    "extension_host_party",
                    gettext(
                        "%(value)s was issued for the host party %(name)s; a visa is extended "
                        "only with the same host party. With a new host party, file "
                        "“%(instead)s”."
                    )
                    % {"value": _visa_words(record), "name": record.host_party.name, "instead": instead},
                )
            )
        return failures

    precondition.__name__ = f"extends_current_visa_{'_'.join(categories)}"
    return precondition


# ------------------------------------------------------------------------------------------------ references
def issued_document_on_record(kinds: Iterable[str]) -> Reference:
    """Reference factory: a checklist item is satisfied by a document of one of ``kinds`` the portal issued to the
    same person (neither revoked nor cancelled), newest first, with a link to its public verification page."""
    kinds = tuple(kinds)

    def reference(application: Application) -> OnRecord | None:
        from qazeta.documents.models import IssuedDocument

        document = (
            IssuedDocument.objects.filter(
                kind__in=kinds,
                application__person_id=application.person_id,
                revoked_at__isnull=True,
                cancelled_at__isnull=True,
            )
            .exclude(application_id=application.pk)
            .order_by("-issued_on", "-pk")
            .first()
        )
        if document is None:
            return None
        label = f"{document.title} {document.reference}, issued {document.issued_on:%d.%m.%Y}".replace("  ", " ")
        return OnRecord(label, reverse("verify", args=[document.verification_code]))

    return reference


def current_visa_on_record(*categories: str) -> Reference:
    """Reference factory: "copy of the current visa (if any)" is satisfied by the person's current visa record."""

    def reference(application: Application) -> OnRecord | None:
        from django.utils import timezone

        record = current_visa(application.person_id, on=timezone.localdate(), categories=categories or _all())
        if record is None:
            return None
        return OnRecord(_visa_words(record), reverse("person-detail", args=[application.person_id]))

    return reference


def principal_visa_on_record(*categories: str) -> Reference:
    """Reference factory: "principal's valid visa" is satisfied by the principal's visa record (valid today)."""

    def reference(application: Application) -> OnRecord | None:
        from django.utils import timezone

        principal = _principal_person(application)
        if principal is None:
            return None
        record = current_visa(principal.pk, on=timezone.localdate(), categories=categories)
        if record is None:
            return None
        return OnRecord(f"{principal.full_name}: {_visa_words(record)}", reverse("person-detail", args=[principal.pk]))

    return reference


def _all() -> tuple[str, ...]:
    return tuple(c for c in VisaCategory.values if c != VisaCategory.EXIT)


# ------------------------------------------------------------------------------------------------ outcome
def record_issued_visa(category: str | Callable[[Application], str], *, output_kind: str = "") -> OutcomeHook:
    """Outcome hook factory: at issue, record the visa the officer entered (``IssuedVisaFields``) on the person.

    ``category``: a ``VisaCategory`` value, or a function of the application (e.g. B2 or B3 from a field).
    ``output_kind``: the received output holding the visa's scan, linked from the record. The filing model must
    inherit ``qazeta.records.models.IssuedVisaFields`` and list ``IssuedVisaFields.OUTCOME_FIELDS`` in
    ``outcome_fields[Outcome.ISSUED]``. Raises ApplicationError (code ``visa_record``) with every missing or
    inconsistent field: the outcome is then not recorded.
    """

    def hook(application: Application, outcome: Outcome) -> None:
        if outcome != Outcome.ISSUED:
            return
        if not isinstance(application, IssuedVisaFields):
            raise ApplicationError(gettext("This service keeps no visa fields."), code="visa_record")
        document = application.issued_documents.filter(kind=output_kind).first() if output_kind else None
        decision = (
            application.status_changes.filter(action=Action.ISSUE).select_related("actor").order_by("-pk").first()
        )
        try:
            visa_record_issue(
                user=decision.actor if decision is not None else None,
                application=application,
                category=category(application) if callable(category) else category,
                number=application.visa_number,
                valid_from=application.visa_valid_from,
                valid_to=application.visa_valid_to,
                entries=application.visa_entries,
                document=document,
            )
        except RecordError as exc:
            raise ApplicationError(
                gettext("The visa cannot be recorded: %(message)s") % {"message": exc.message}, code="visa_record"
            ) from None
        if not application.decision_number:
            # The visa's number is the number the state body issued: shown as such on the filer's page.
            application.decision_number = application.visa_number.strip().upper()
            application.save(update_fields=["decision_number"])

    return hook
