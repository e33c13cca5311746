"""Filing side: drafts, consent, uploads, submission."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from applications.catalogue import CatalogueError, DocumentRequirement, get_service
from applications.constants import UPLOAD_STATES, Action, State
from applications.exceptions import (
    ApplicationError,
    Conflict,
    NotAllowed,
    NotEligible,
    RejectedFile,
    RuleFailure,
    SubmissionRefused,
    UploadRejected,
    UploadsRejected,
    WrongState,
)
from applications.models import (
    Application,
    DocumentUpload,
)
from applications.registry import get_registry, service_field_names
from applications.selectors import application_quote, default_issuing_state, filer_refusal
from applications.services._base import (
    ALLOWED_UPLOAD_TYPES,
    _notify_on_commit,
    _record,
    _require_filer,
    _today,
    _transition,
    check_upload,
    due_moment,
)
from qazeta.accounts.constants import Role
from qazeta.accounts.models import Consent, Organisation, Person, User
from qazeta.uploads import clean_file_name


# --------------------------------------------------------------------------------------------- filing
@transaction.atomic
def application_create(
    *,
    user: User,
    service_code: str,
    person: Person,
    channel: str = "standard",
    validity_years: int | None = None,
    variant: str = "",
    passport_blank_pages: int | None = None,
    principal_application: Application | None = None,
    filed_by_representative: bool = False,
    organisation: Organisation | None = None,
    **service_fields: Any,
) -> Application:
    """Open a draft application for ``person`` and ``service_code``.

    Call when a filer starts filing. ``service_fields`` are the service model's own fields (e.g. ``position``
    for C3). The fee quote is computed now for display and frozen at submission.

    Raises:
        NotEligible: the service's preconditions refuse this person now (every reason, and what to file instead).
        ApplicationError: the service cannot be filed yet, the channel is not offered, validity is out of
            range, the person is not on the host party's roster, or the principal application is not the
            same host party's.
        NotAllowed: the user is neither a member of the host party nor the self-applicant.
    """
    from fees.selectors import QuoteError, quote

    try:
        service = get_service(service_code)
    except CatalogueError:
        raise ApplicationError(
            gettext("Unknown service “%(service_code)s”.") % {"service_code": service_code}, code="unknown_service"
        ) from None
    definition = get_registry().fileable(service_code)
    if definition is None:
        raise ApplicationError(
            gettext("“%(name)s” cannot be filed through the portal yet.") % {"name": service.name},
            code="filing_not_available",
        )
    refusal = filer_refusal(user, definition, for_self=organisation is None)
    if refusal:
        raise NotAllowed(refusal)
    model = definition.model
    if organisation is not None:
        if not user.has_perm("accounts.file_for_host_party", organisation):
            raise NotAllowed(gettext("You are not a member of this host party."))
        if person.organisation_id != organisation.pk:
            raise ApplicationError(
                gettext("This person is not on the host party's staff roster."), code="not_on_roster"
            )
    elif not (person.account_id == user.pk and user.role == Role.APPLICANT):
        raise NotAllowed(gettext("You can file for yourself, or for staff of a host party you are a member of."))
    if principal_application is not None:
        if principal_application.organisation_id != (organisation.pk if organisation else None):
            raise ApplicationError(gettext("The principal application belongs to another filer."), code="principal")
        if principal_application.principal_application_id is not None:
            raise ApplicationError(
                gettext("Link a family member to the principal's own application."), code="principal"
            )
        if person.principal_id != principal_application.person_id:
            raise ApplicationError(
                gettext("%(full_name)s is not recorded as a family member of %(full_name2)s.")
                % {"full_name": person.full_name, "full_name2": principal_application.person.full_name},
                code="principal",
            )
    # The service's own preconditions (e.g. an extension only inside its window, with the same host party).
    not_eligible = definition.check_preconditions(person, organisation, _today())
    if not_eligible:
        raise NotEligible(not_eligible)
    try:
        quote(service=service_code, channel=channel, validity_years=validity_years, variant=variant)
    except QuoteError as exc:
        # "on": today's figures are not recorded yet (e.g. no MRP for a new year). The draft is still opened;
        # the fee is quoted and frozen at submission, which refuses with "fee_unavailable" until they are.
        if exc.field != "on":
            raise ApplicationError(str(exc), code=f"invalid_{exc.field}") from None

    family_member = principal_application is not None or person.principal_id is not None
    unknown = sorted(set(service_fields) - set(definition.filing_field_names(family_member=family_member)))
    if unknown:
        raise ApplicationError(
            gettext("“%(value)s” is not a field of this service.") % {"value": unknown[0]}, code="bad_field"
        )
    application = model(
        service_code=service_code,
        person=person,
        filer=user,
        organisation=organisation,
        principal_application=principal_application,
        filed_by_representative=filed_by_representative,
        channel=channel,
        validity_years=validity_years,
        variant=variant,
        passport_blank_pages=passport_blank_pages,
        **service_fields,
    )
    _check_service_fields(application, service_fields)
    application.save()
    _record(application, actor=user, action=Action.CREATE, from_state=State.DRAFT)
    return application


@transaction.atomic
def application_update_draft(*, user: User, application: Application, **fields: Any) -> Application:
    """Change a draft's filing details (channel, validity, blank pages, representative, service fields).

    Raises: NotAllowed; WrongState unless the application is a draft; ApplicationError for a bad fee key.
    """
    from fees.selectors import QuoteError, quote

    _require_filer(user, application)
    if application.state != State.DRAFT:
        raise WrongState(gettext("Only a draft can be changed; this application was already submitted."))
    allowed = {"channel", "validity_years", "variant", "passport_blank_pages", "filed_by_representative"}
    own = set(service_field_names(application.service_code))
    allowed |= own
    specific = application.specific()
    for name, value in fields.items():
        if name not in allowed:
            raise ApplicationError(gettext("“%(name)s” cannot be changed.") % {"name": name}, code="bad_field")
        setattr(specific, name, value)
    _check_service_fields(specific, {k: v for k, v in fields.items() if k in own})
    try:
        quote(
            service=specific.service_code,
            channel=specific.channel,
            validity_years=specific.validity_years,
            variant=specific.variant,
        )
    except QuoteError as exc:
        # As in application_create: a draft may be edited while today's figures (the MRP) are not recorded.
        if exc.field != "on":
            raise ApplicationError(str(exc), code=f"invalid_{exc.field}") from None
    specific.save()
    return specific


def _check_service_fields(instance: Application, values: dict[str, Any]) -> None:
    """Run the model fields' own checks (type, length, choices, validators) on the service fields given.

    Empty values are left for the submission rules (a draft may be incomplete). Raises ApplicationError
    naming every field at fault; the HTML form, the API and direct callers all get the same checks.
    """
    from django.core.exceptions import ValidationError

    problems = []
    for name, value in values.items():
        if value in (None, ""):
            continue
        field = instance._meta.get_field(name)
        try:
            setattr(instance, name, field.clean(value, instance))
        except ValidationError as exc:
            problems.append(f"{field.verbose_name}: {' '.join(exc.messages)}")
    if problems:
        raise ApplicationError(" ".join(problems), code="invalid_service_fields")


def consent_record(*, user: User, person: Person) -> Consent:
    """Record consent to personal data processing (text version ``settings.CONSENT_TEXT_VERSION``) for ``person``.

    Call when the filer ticks the consent box. Returns the new row; earlier consents are kept.
    """
    return Consent.objects.create(user=user, person=person, text_version=settings.CONSENT_TEXT_VERSION)


def _upload_states_message() -> str:
    return gettext(
        "Documents can be uploaded while the application is a draft or when the Expat Centre asks for information."
    )


#: The most files one batch upload takes (``documents_upload``): more than any checklist asks for at once.
MAX_FILES_PER_BATCH = 30


@dataclass(frozen=True)
class FileForItem:
    """One file of a batch upload: the checklist ``item_code`` it is for, the ``file`` and, for a foreign public
    document, the ``issuing_state`` (see ``document_upload``)."""

    item_code: str
    file: UploadedFile
    issuing_state: str = ""


def document_upload(
    *, user: User, application: Application, item_code: str, file: UploadedFile, issuing_state: str = ""
) -> DocumentUpload:
    """Store a new version of a checklist item's file.

    Allowed while the application is a draft or information was requested. The file is checked before
    anything is written: a rejected file leaves the application exactly as it was.

    ``issuing_state``: for a foreign public document (``DocumentRequirement.foreign_public_document``), the
    state that issued it, as an ISO 3166-1 alpha-2 or alpha-3 or ICAO 9303 code (``"DE"``, ``"DEU"``, ``"D"``);
    stored as alpha-2. Empty: the person's citizenship (``selectors.default_issuing_state``), or none when that
    is not in the country table. The checklist then says what that state's documents need (Decree 1242 p.2.4).

    Raises: NotAllowed; WrongState; UploadRejected (unknown item; ``bad_issuing_state``: a state code the country
    table lacks; ``issuing_state_not_asked``: a state given for an item that is not a foreign public document;
    or the file fails ``check_upload``: empty, > 10 MB, not PDF/JPEG/PNG by content, a damaged or active PDF, an
    oversized image, malware).
    """
    try:
        (upload,) = documents_upload(
            user=user, application=application, files=[FileForItem(item_code, file, issuing_state)]
        )
    except UploadsRejected as exc:
        (rejected,) = exc.rejected
        raise UploadRejected(rejected.message, code=rejected.code) from None
    return upload


@transaction.atomic
def documents_upload(*, user: User, application: Application, files: Sequence[FileForItem]) -> list[DocumentUpload]:
    """Store a new version of several checklist items' files at once: all of them, or none.

    The rules of ``document_upload`` apply to each file; every file is checked before anything is written, so a
    batch with one bad file leaves the application exactly as it was. One file per item in a batch. The work is
    the same whatever the number of files: one lock of the application, one read of its checklist facts, one
    read of the items' last versions and one insert of every row (issue 10: filing's queries do not grow with
    its documents). Returns the new rows in the order of ``files``.

    Raises: NotAllowed; WrongState; UploadsRejected (``rejected``: every refused file with its item, code and
    message; codes as ``document_upload``'s, plus ``duplicate_item`` for a second file of one item and
    ``no_files`` / ``too_many_files`` for an empty batch or one over ``MAX_FILES_PER_BATCH``).
    """
    from django.core.files.base import ContentFile

    _require_filer(user, application)
    if application.state not in UPLOAD_STATES:
        raise WrongState(_upload_states_message())
    if not files or len(files) > MAX_FILES_PER_BATCH:
        code = "no_files" if not files else "too_many_files"
        message = (
            gettext("Choose at least one file.")
            if not files
            else gettext("Upload at most %(n)d files at once.") % {"n": MAX_FILES_PER_BATCH}
        )
        raise UploadsRejected(message, [RejectedFile("", code, message)])
    items = {r.code: r for r in application.service.checklist(application.checklist_facts())}
    rejected: list[RejectedFile] = []
    checked: list[tuple[FileForItem, str, str, bytes]] = []
    seen: set[str] = set()
    for entry in files:
        try:
            if entry.item_code not in items:
                raise UploadRejected(
                    gettext("“%(item_code)s” is not on this application's checklist.") % {"item_code": entry.item_code},
                    code="unknown_item",
                )
            if entry.item_code in seen:
                raise UploadRejected(gettext("Send one file per checklist item at a time."), code="duplicate_item")
            seen.add(entry.item_code)
            state_code = _issuing_state(application, items[entry.item_code], entry.issuing_state)
            mime, content = check_upload(entry.file)
        except UploadRejected as exc:
            rejected.append(RejectedFile(entry.item_code, exc.code, exc.message))
            continue
        checked.append((entry, state_code, mime, content))
    if rejected:
        raise UploadsRejected(
            gettext("Nothing was stored: %(problems)s")
            % {"problems": "; ".join(f"{r.item}: {r.message}" if r.item else r.message for r in rejected)},
            rejected,
        )
    # Lock the application row so two uploads of the same item cannot both take the same version, and read its
    # state under the lock: an officer's decision taken while the files were checked wins.
    state = Application.objects.select_for_update().filter(pk=application.pk).values_list("state", flat=True).first()
    if state not in UPLOAD_STATES:
        raise WrongState(_upload_states_message())
    last = dict(
        application.uploads.filter(item_code__in=seen)
        .values("item_code")
        .annotate(v=Max("version"))
        .values_list("item_code", "v")
    )
    uploads: list[DocumentUpload] = []
    try:
        for entry, state_code, mime, content in checked:
            version = (last.get(entry.item_code) or 0) + 1
            name = f"{application.pk}-{entry.item_code}-v{version}.{ALLOWED_UPLOAD_TYPES[mime]}"
            upload = DocumentUpload(
                application=application,
                item_code=entry.item_code,
                version=version,
                # Shown to officers and sent back in downloads: no folders, bidi overrides or control characters.
                original_name=clean_file_name(entry.file.name, default=name),
                content_type=mime,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                uploaded_by=user,
                issuing_state=state_code,
            )
            upload.file.save(name, ContentFile(content), save=False)
            uploads.append(upload)
        # If the rows cannot be written, remove the stored files so nothing half-done remains.
        with transaction.atomic():
            DocumentUpload.objects.bulk_create(uploads)
    except IntegrityError:
        _delete_files(uploads)
        raise Conflict(gettext("Another upload of this item happened at the same moment; try again.")) from None
    except BaseException:
        _delete_files(uploads)
        raise
    return uploads


def _delete_files(uploads: list[DocumentUpload]) -> None:
    for upload in uploads:
        if upload.file:
            upload.file.delete(save=False)


def _issuing_state(application: Application, requirement: DocumentRequirement, given: str) -> str:
    """The ISO alpha-2 code to store with an upload of ``requirement`` (see ``document_upload``)."""
    from qazeta.countries.selectors import country_for

    given = (given or "").strip()
    if not requirement.foreign_public_document:
        if given:
            raise UploadRejected(
                gettext("“%(name)s” is not a foreign public document: it does not take an issuing state.")
                % {"name": requirement.name},
                code="issuing_state_not_asked",
            )
        return ""
    if not given:
        default = default_issuing_state(application.person)
        return default.code if default is not None else ""
    country = country_for(given)
    if country is None:
        raise UploadRejected(
            gettext(
                "“%(value)s” is not a state the portal knows: give the ISO code of the "
                "state that issued the document (e.g. DE or DEU)."
            )
            % {"value": given[:10]},
            code="bad_issuing_state",
        )
    return country.code


def submission_failures(application: Application, today: dt.date) -> list[RuleFailure]:
    """Every unmet rule of ``application`` if it were submitted on ``today``: the service's preconditions on the
    person and host party, then its submission rules. Reads only."""
    specific = application.specific()
    definition = specific.definition
    failures = definition.check_preconditions(specific.person, specific.organisation, today)
    for rule in definition.rules:
        failures.extend(rule(specific, today))
    return failures


@transaction.atomic
def application_submit(*, user: User, application: Application) -> Application:
    """Submit a draft: check every rule, freeze the fee quote, set the reference and the due date, e-mail the filer.

    The due moment follows the service's lifecycle (``services._base.due_moment``): working days after the
    submission day (guide: terms in working days; the start day is not counted), or office minutes.
    Raises: NotAllowed; WrongState (already submitted);
    SubmissionRefused listing every unmet rule.
    """
    from fees.selectors import QuoteError

    _require_filer(user, application)
    if not user.has_perm("applications.submit", application):
        raise ApplicationError(
            gettext(
                "Your host party's registration has not been verified by the Expat "
                "Centre yet. Drafts are kept; you can submit once it is verified (its "
                "page says where it stands)."
            ),
            code="host_party_not_verified",
        )
    if application.state != State.DRAFT:
        raise WrongState(
            gettext("This application was already submitted (reference %(reference)s); it cannot be submitted again.")
            % {"reference": application.reference}
        )
    today = _today()
    failures = submission_failures(application, today)
    if failures:
        raise SubmissionRefused(failures)
    try:
        q = application_quote(application, on=today)
    except QuoteError as exc:
        # E.g. no MRP recorded yet for a new year: refuse clearly rather than freeze a wrong fee.
        raise ApplicationError(
            gettext(
                "The fee cannot be computed today (%(message)s). Please try again "
                "later; the Expat Centre has to update its fee tables."
            )
            % {"message": exc.message},
            code="fee_unavailable",
        ) from None
    application.fee_on = q.on
    application.fee_mrp = q.mrp
    application.fee_service = q.service_fee
    application.fee_state_duty_mrp = q.state_duty_mrp
    application.fee_state_duty = q.state_duty
    application.fee_total = q.total
    application.fee_note = q.note[:255]
    now = timezone.now()
    due_date, due_at = due_moment(application, now)
    # The reference comes from the primary key, so two submissions can never take the same number.
    application.reference = f"EC-{today:%Y}-{application.pk:06d}"
    _transition(
        application, actor=user, action=Action.SUBMIT, method="submit", at=now, due_date=due_date, due_at=due_at
    )
    _notify_on_commit(application, "submitted")
    return application


@transaction.atomic
def application_open_on_own_initiative(
    *,
    user: User,
    service_code: str,
    person: Person,
    organisation: Organisation,
    note: str,
    **service_fields: Any,
) -> Application:
    """Open a case on the deciding body's own initiative for ``person``, an employee of ``organisation``.

    For services that declare ``ServiceDefinition.opened_by_staff`` (e.g. the AIFC Administration changing an
    employee's qualification requirements on its own initiative, GR0009 point 2). A supervisor acts for the body.
    The case is the host party's like any other (its members see it, upload what the officer asks for and answer),
    but nobody on the filing side submitted it: it is created, submitted and put in review at once, held by the
    supervisor, the timeline saying on whose initiative and why (``note``). The filer's submission rules are not
    run (they are the filer's declarations); the service's preconditions on the person are. No fee is charged to
    the host party for a case it did not ask for (reading: the guide's fee is for a participant's request): the
    quote is frozen at 0 KZT with a note. The term runs from now (working days, as on submission).

    Returns the application, in review. Raises: NotAllowed (not a supervisor); ApplicationError (the service
    cannot be opened this way or filed yet, the person is not on the host party's roster or is a family member,
    no note, a bad service field); NotEligible (the service's preconditions refuse the person).
    """
    from decimal import Decimal

    from applications.services.review import application_assign

    if not user.has_perm("applications.open_on_own_initiative"):
        raise NotAllowed(gettext("Only a supervisor opens a case on the deciding body's own initiative."))
    definition = get_registry().fileable(service_code)
    if definition is None or not definition.opened_by_staff:
        raise ApplicationError(
            gettext("This service cannot be opened on the deciding body's initiative."), code="not_openable"
        )
    if person.organisation_id != organisation.pk:
        raise ApplicationError(gettext("This person is not on the host party's staff roster."), code="not_on_roster")
    if person.principal_id is not None:
        raise ApplicationError(gettext("Open the case for the employee, not for a family member."), code="not_employee")
    note = (note or "").strip()
    if not note:
        raise ApplicationError(
            gettext("Say why the case is opened (the note is shown on the timeline)."), code="note_required"
        )
    today = _today()
    not_eligible = definition.check_preconditions(person, organisation, today)
    if not_eligible:
        raise NotEligible(not_eligible)
    unknown = sorted(set(service_fields) - set(definition.filing_field_names()))
    if unknown:
        raise ApplicationError(
            gettext("“%(value)s” is not a field of this service.") % {"value": unknown[0]}, code="bad_field"
        )
    application = definition.model(
        service_code=service_code,
        person=person,
        filer=user,
        organisation=organisation,
        channel="standard",
        **service_fields,
    )
    _check_service_fields(application, service_fields)
    body = definition.lifecycle.state_body or gettext("the Expat Centre")
    by = user.get_full_name() or user.username
    reason = gettext("Opened on the initiative of %(body)s by %(by)s: %(note)s") % {
        "body": body,
        "by": by,
        "note": note,
    }
    application.fee_on = today
    application.fee_service = Decimal("0.00")
    application.fee_state_duty_mrp = Decimal("0")
    application.fee_state_duty = Decimal("0.00")
    application.fee_total = Decimal("0.00")
    application.fee_note = (
        gettext("Opened on the initiative of %(body)s: no fee is charged to the host party.") % {"body": body}
    )[:255]
    application.save()
    _record(application, actor=user, action=Action.CREATE, from_state=State.DRAFT, reason=reason)
    now = timezone.now()
    due_date, due_at = due_moment(application, now)
    application.reference = f"EC-{today:%Y}-{application.pk:06d}"
    _transition(
        application,
        actor=user,
        action=Action.SUBMIT,
        method="submit",
        reason=reason,
        at=now,
        due_date=due_date,
        due_at=due_at,
    )
    _notify_on_commit(application, "submitted")
    return application_assign(user=user, application=application, officer=user)
