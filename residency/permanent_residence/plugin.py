"""The permanent residence permit, declared for the engine's registry (``applications.registry``).

Registered from ``PermanentResidenceConfig.ready()``. Source: Expat Centre guide 2025 (seed 001), "Permanent residence
permit" (тұруға ықтиярхат) for AIFC investment residents; SERVICES.md. 1,440,000 KZT and a state duty of 4 MRP
(fees/data/tariffs.toml); 45 working days; the migration service issues the permit.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from applications.exceptions import ApplicationError
from applications.registry import MIGRATION_SERVICE, FilerKind, Lifecycle, Outcome, Output, ServiceDefinition, Step
from applications.rules import passport_valid_more_than, required_documents_uploaded
from applications.visa_rules import FINGERPRINTING_KINDS, current_visa_on_record, issued_document_on_record
from qazeta.records.models import PermitKind, VisaCategory
from qazeta.records.services import RecordError, permit_record_issue

from .models import PermanentResidenceApplication
from .rules import family_includes_minor_14_18, requested_validity_within_limits, validity_limit

#: The received output: the migration service's permit, scanned by the officer at issue.
PERMIT_KIND = "permanent_residence_permit"
#: The investor visas an AIFC investment resident holds before applying (guide: "copy of the valid investor visa").
INVESTOR_VISAS = (VisaCategory.A5, VisaCategory.A6)


def _decision_day(application: PermanentResidenceApplication):  # noqa: ANN202 - date
    return timezone.localdate()


def officer_notes(application: PermanentResidenceApplication) -> list[tuple[str, str]]:
    """The latest end date the officer may record, and why: for a permit starting on the recorded first day (or,
    before issue, today), min(10 years, the passport's expiry)."""
    start = application.permit_valid_from or _decision_day(application)
    limit = validity_limit(application.person, start)
    when = gettext("recorded first day") if application.permit_valid_from else gettext("if it starts today")
    return [
        (
            gettext("Latest permitted end date"),
            gettext("%(latest)s (%(when)s %(start)s): %(reason)s.")
            % {
                "latest": format(limit.latest, "%d.%m.%Y"),
                "when": when,
                "start": format(start, "%d.%m.%Y"),
                "reason": limit.reason,
            },
        )
    ]


def keep_issued_permit(application: PermanentResidenceApplication, outcome: Outcome) -> None:
    """At issue: refuse a permit ending after min(first day + 10 years, passport expiry), else record it on the
    person (``ResidencePermitRecord`` kind permanent, with the scan) and show its number as the number issued.

    Raises ApplicationError (``permit_too_long``: with the latest end date and why; ``permit_record``: fields).
    """
    if outcome != Outcome.ISSUED:
        return
    start, end = application.permit_valid_from, application.permit_valid_to
    if start is not None and end is not None:
        limit = validity_limit(application.person, start)
        if end > limit.latest:
            raise ApplicationError(
                gettext("The permit cannot end on %(end)s: the latest end date is %(latest)s (%(reason)s).")
                % {"end": format(end, "%d.%m.%Y"), "latest": format(limit.latest, "%d.%m.%Y"), "reason": limit.reason},
                code="permit_too_long",
            )
    document = application.issued_documents.filter(kind=PERMIT_KIND).first()
    decision = application.status_changes.filter(action="issue").select_related("actor").order_by("-pk").first()
    try:
        permit_record_issue(
            user=decision.actor if decision is not None else None,
            application=application,
            kind=PermitKind.PERMANENT,
            number=application.permit_number,
            valid_from=start,
            valid_to=end,
            document=document,
        )
    except RecordError as exc:
        raise ApplicationError(
            gettext("The permit cannot be recorded: %(message)s") % {"message": exc.message}, code="permit_record"
        ) from None
    application.decision_number = application.permit_number.strip().upper()
    application.save(update_fields=["decision_number"])


#: Guide 2025, Permanent residence permit. The section states no request process; the portal follows the
#: guide's common one (documents reviewed, a visit with the originals: the list asks for the original passport
#: and the original duty receipt), then the migration service decides. The guide lists neither the common
#: host-party documents nor consent for this section (SERVICES.md), so the consent is not a submission rule
#: here (as for the tax residency certificates): only the checklist, the passport and the validity rules.
#: Filed by the resident (self-applicant) or by the host party for a person on its roster (catalogue: "AIFC
#: investment residents holding a valid investor visa"). No 30-day extension (visa services only).
PERMANENT_RESIDENCE = ServiceDefinition(
    code="permanent-residence",
    model=PermanentResidenceApplication,
    lifecycle=Lifecycle(
        steps=frozenset({Step.DOCUMENT_REVIEW, Step.INFORMATION_REQUESTS, Step.APPOINTMENT, Step.STATE_BODY}),
        state_body=MIGRATION_SERVICE,
    ),
    filers=frozenset({FilerKind.HOST_PARTY, FilerKind.PERSON}),
    rules=(required_documents_uploaded, passport_valid_more_than(days=180), requested_validity_within_limits),
    outputs=(Output(kind=PERMIT_KIND, title=gettext_lazy("Permanent residence permit"), received=True),),
    facts={"family_includes_minor_14_18": family_includes_minor_14_18},
    outcome_fields={Outcome.ISSUED: ("permit_number", "permit_valid_from", "permit_valid_to")},
    on_outcome=keep_issued_permit,
    decision_number=False,  # the permit's number is the number issued
    references={
        "investor-visa-copy": current_visa_on_record(*INVESTOR_VISAS),
        "fingerprinting-certificate": issued_document_on_record(FINGERPRINTING_KINDS),
    },
    officer_notes=officer_notes,
)

DEFINITIONS = (PERMANENT_RESIDENCE,)
