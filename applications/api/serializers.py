from __future__ import annotations

from functools import cache
from typing import Any

from django.db import models
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from applications.catalogue import Service
from applications.constants import Channel
from applications.models import Application, DocumentUpload, StatusChange
from applications.registry import ServiceDefinition, get_registry
from applications.selectors import checklist_status
from qazeta.accounts.validators import appointment_day_plausible, service_date_plausible

#: Longest free text the API takes (reasons, messages, answers), as the HTML forms do.
MAX_TEXT_LENGTH = 4000
#: Longest code (checklist item, refusal ground, output kind) the API takes.
MAX_CODE_LENGTH = 64


@extend_schema_field({"oneOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}], "nullable": True})
class ScalarField(serializers.Field):
    """A JSON string, number, boolean or null: what one service field holds. An object or array is refused, so a
    nested document never reaches the service fields' own checks."""

    default_error_messages = {"not_scalar": "Give a single value (text, number, true/false or null), not {kind}."}

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict | list | tuple):
            self.fail("not_scalar", kind="an object" if isinstance(data, dict) else "a list")
        return data

    def to_representation(self, value: Any) -> Any:
        return value


class _ServiceFieldsSerializer(serializers.ModelSerializer):
    """A service model's fields with the model's checks, and a plausible window on every date (``validators``)."""

    def build_standard_field(self, field_name: str, model_field: models.Field) -> tuple[type, dict[str, Any]]:
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, models.DateField) and not isinstance(model_field, models.DateTimeField):
            kwargs["validators"] = [*kwargs.get("validators", []), service_date_plausible]
        return field_class, kwargs


@cache
def _service_fields_serializer(model: type, names: tuple[str, ...]) -> type[serializers.ModelSerializer]:
    meta = type("Meta", (), {"model": model, "fields": list(names)})
    return type(f"{model.__name__}FieldsSerializer", (_ServiceFieldsSerializer,), {"Meta": meta})


def service_fields_serializer(
    definition: ServiceDefinition, *, filing_only: bool = True, family_member: bool = False
) -> type[serializers.ModelSerializer]:
    """A serializer of the service model's own fields (labels, types, choices and validators from the model).

    ``filing_only``: the fields the filer gives; else all of them (with those the officer records at an
    outcome); ``family_member``: without the principal's own fields. The engine names no service's field: everything
    comes from ``definition.model``. Dates must also
    fall in ``validators.service_date_plausible`` (no contract ending on 0001-01-01).
    """
    names = definition.filing_field_names(family_member=family_member) if filing_only else definition.field_names()
    return _service_fields_serializer(definition.model, tuple(names))


class DocumentRequirementSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    required = serializers.BooleanField()
    when = serializers.CharField(help_text="Condition under which the item applies; empty means always.")
    note = serializers.CharField()


class FeeRowSerializer(serializers.Serializer):
    channel = serializers.CharField()
    validity_band = serializers.CharField()
    variant = serializers.CharField()
    service_fee = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=True)


class ServiceSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    category = serializers.CharField()
    category_name = serializers.CharField()
    description = serializers.CharField()
    who_may_apply = serializers.CharField()
    term = serializers.CharField(source="term_display", help_text="As the guide words it, e.g. '5 working days'.")
    term_working_days = serializers.IntegerField(allow_null=True)
    term_working_days_max = serializers.IntegerField(allow_null=True)
    term_minutes = serializers.IntegerField(allow_null=True)
    term_note = serializers.CharField()
    channels = serializers.ListField(child=serializers.CharField())
    filing_enabled = serializers.SerializerMethodField(help_text="True when the portal files this service now.")
    requires_appointment = serializers.BooleanField()
    lifecycle = serializers.SerializerMethodField(
        help_text="The steps the service walks and what its term counts; null until a plug-in files it."
    )
    filers = serializers.SerializerMethodField(help_text="Who may file it: host_party and/or person.")
    documents = DocumentRequirementSerializer(many=True)
    fees = serializers.SerializerMethodField()
    state_duty_mrp = serializers.SerializerMethodField()
    fee_note = serializers.CharField()
    source = serializers.CharField()

    def get_filing_enabled(self, service: Service) -> bool:
        return get_registry().fileable(service.code) is not None

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_lifecycle(self, service: Service) -> dict[str, Any] | None:
        definition = get_registry().find(service.code)
        if definition is None:
            return None
        lifecycle = definition.lifecycle
        return {
            "steps": sorted(lifecycle.steps),
            "state_body": lifecycle.state_body,
            "term_unit": lifecycle.term_unit.value,
            "term_extension": lifecycle.term_extension,
            "path": lifecycle.path(),
        }

    def get_filers(self, service: Service) -> list[str]:
        definition = get_registry().find(service.code)
        return sorted(definition.filers) if definition else []

    def get_fees(self, service: Service) -> list[dict]:
        from fees.selectors import fee_table

        return FeeRowSerializer(fee_table(service.code), many=True).data

    def get_state_duty_mrp(self, service: Service) -> str | None:
        from fees.selectors import QuoteError, state_duty_for

        try:
            return str(state_duty_for(service.code).mrp_multiple.normalize())
        except QuoteError:
            return None


class UploadSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentUpload
        fields = [
            "id",
            "item_code",
            "version",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_at",
            "review_status",
            "review_reason",
            "reviewed_at",
            "issuing_state",
        ]
        extra_kwargs = {
            "issuing_state": {
                "help_text": "ISO alpha-2 code of the issuing state (foreign public documents only; else empty)"
            }
        }


class CertificationSerializer(serializers.Serializer):
    """What a foreign public document needs for its issuing state (Decree 1242 p.2.4).

    Everyone: ``kind`` (none, apostille, legalisation, unknown), ``text``, ``reason`` (the convention; empty for
    a filer when the country table's cell behind it is unconfirmed, and ``text`` then says "as the Expat Centre
    confirms"). Expat Centre staff also get ``sources`` (each cell's provenance) and ``unconfirmed``."""

    kind = serializers.CharField(help_text="none, apostille, legalisation or unknown")
    text = serializers.CharField()
    reason = serializers.CharField()
    sources = serializers.ListField(child=serializers.DictField(), required=False, help_text="Staff only")
    unconfirmed = serializers.BooleanField(required=False, help_text="Staff only")

    def to_representation(self, c) -> dict:  # noqa: ANN001 - applications.selectors.ItemCertification
        request = self.context.get("request")
        staff = bool(request is not None and getattr(request.user, "is_staff_officer", False))
        if staff:
            return {
                "kind": c.kind,
                "text": c.certification.text,
                "reason": c.certification.reason,
                "sources": c.sources,
                "unconfirmed": c.unconfirmed,
            }
        return {"kind": c.kind, "text": c.filer_text, "reason": c.filer_reason}


class OnRecordSerializer(serializers.Serializer):
    label = serializers.CharField()
    url = serializers.CharField(help_text="A link to what is on record; empty when there is none")


class ChecklistItemSerializer(serializers.Serializer):
    code = serializers.CharField(source="requirement.code")
    name = serializers.CharField(source="requirement.name")
    required = serializers.BooleanField(source="requirement.required")
    status = serializers.CharField(help_text="missing, on_record, pending, accepted or rejected")
    current = UploadSerializer(allow_null=True)
    on_record = OnRecordSerializer(
        allow_null=True, help_text="What the portal holds that satisfies the item without an upload, if anything"
    )
    foreign_public_document = serializers.BooleanField(source="requirement.foreign_public_document")
    issuing_state = serializers.CharField(
        source="certification.state_code",
        allow_null=True,
        default=None,
        help_text="Foreign public documents: ISO alpha-2 code of the issuing state (the current upload's, else the "
        "person's citizenship; empty when unknown); null for other items",
    )
    issuing_state_chosen = serializers.BooleanField(
        source="certification.chosen",
        allow_null=True,
        default=None,
        help_text="True: the state given with the upload; false: the person's citizenship, until an upload names one",
    )
    certification = CertificationSerializer(
        allow_null=True, help_text="Foreign public documents: what the issuing state requires; null for other items"
    )


class StatusChangeSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = StatusChange
        fields = ["action", "from_state", "to_state", "reason", "at", "actor"]

    def get_actor(self, obj: StatusChange) -> str:
        if obj.actor is None:
            return "system"
        return obj.actor.get_full_name() or obj.actor.username


class IssuedDocumentSerializer(serializers.Serializer):
    """A document an outcome produced: generated by the portal, or received from a state body (a scan)."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    received = serializers.BooleanField(help_text="True for a state body's document whose scan the officer attached.")
    issued_on = serializers.DateField()
    verification_code = serializers.CharField()
    sha256 = serializers.CharField()
    is_valid = serializers.BooleanField()
    status = serializers.ChoiceField(
        choices=["valid", "cancelled", "revoked"],
        help_text="cancelled: the visa it was issued for was cancelled; revoked: a supervisor revoked it",
    )
    cancelled_at = serializers.DateTimeField(allow_null=True)
    download_url = serializers.SerializerMethodField()
    verify_url = serializers.SerializerMethodField()

    def get_download_url(self, doc) -> str:  # noqa: ANN001
        from django.urls import reverse

        return reverse("api-application-issued", args=[doc.application_id, doc.pk])

    def get_verify_url(self, doc) -> str:  # noqa: ANN001
        from django.urls import reverse

        return reverse("verify", args=[doc.verification_code])


class FeeQuoteSerializer(serializers.Serializer):
    """A draft's fee today or the fee frozen at submission. While the year's MRP is not recorded, a draft's
    ``pending_mrp`` is true and ``mrp``, ``state_duty`` and ``total`` are null (``note`` says why)."""

    on = serializers.DateField()
    mrp = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    service_fee = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    state_duty_mrp = serializers.DecimalField(max_digits=8, decimal_places=3, allow_null=True)
    state_duty = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    total = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    currency = serializers.CharField()
    frozen = serializers.BooleanField(help_text="True once frozen at submission.")
    pending_mrp = serializers.BooleanField(
        default=False, help_text="True while the fee cannot be quoted because the year's MRP is not recorded yet."
    )
    note = serializers.CharField()


class ApplicationListSerializer(serializers.ModelSerializer):
    service = serializers.CharField(source="service_code")
    person_name = serializers.CharField(source="person.full_name")

    class Meta:
        model = Application
        fields = [
            "id",
            "reference",
            "service",
            "person",
            "person_name",
            "organisation",
            "principal_application",
            "channel",
            "state",
            "due_date",
            "submitted_at",
            "assigned_to",
        ]


class ActionSerializer(serializers.Serializer):
    """One thing the requesting user may do now (``selectors.available_actions``)."""

    name = serializers.CharField()
    label = serializers.CharField()
    method = serializers.CharField()
    url = serializers.CharField(help_text="'{upload_id}' stands for an upload's id where the action is per document.")
    fields = serializers.ListField(child=serializers.CharField())
    required_fields = serializers.ListField(child=serializers.CharField())


class ApplicationDetailSerializer(ApplicationListSerializer):
    service_fields = serializers.SerializerMethodField(
        help_text="The service's own fields (see GET /services/{code}/ for the service)."
    )
    due_at = serializers.DateTimeField(read_only=True, allow_null=True)
    refusal_grounds = serializers.ListField(child=serializers.CharField(), read_only=True)
    refusal_text = serializers.CharField(
        read_only=True, help_text="The refusal as the filer reads it: the grounds' labels, then the officer's words."
    )
    checklist = serializers.SerializerMethodField()
    fee_quote = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(help_text="What the requesting user may do now.")
    waiting = serializers.SerializerMethodField(
        help_text="A draft's unmet rules the filer cannot fix (e.g. the principal's visa is not recorded yet); "
        "POST .../watch/ to be e-mailed when it can be submitted."
    )
    outputs = IssuedDocumentSerializer(source="issued_documents", many=True, read_only=True)
    issued_documents = IssuedDocumentSerializer(many=True, read_only=True, help_text="Deprecated: same as outputs.")

    class Meta(ApplicationListSerializer.Meta):
        fields = [
            *ApplicationListSerializer.Meta.fields,
            "validity_years",
            "variant",
            "passport_blank_pages",
            "filed_by_representative",
            "created_at",
            "decided_at",
            "due_at",
            "decision_number",
            "refusal_reason",
            "refusal_grounds",
            "refusal_text",
            "service_fields",
            "checklist",
            "fee_quote",
            "timeline",
            "actions",
            "waiting",
            "outputs",
            "issued_documents",
        ]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_service_fields(self, obj: Application) -> dict[str, Any]:
        specific = obj.specific()
        return dict(service_fields_serializer(specific.definition, filing_only=False)(specific).data)

    @extend_schema_field(ActionSerializer(many=True))
    def get_actions(self, obj: Application) -> list[dict]:
        from applications.selectors import available_actions

        request = self.context.get("request")
        if request is None:
            return []
        return [a.as_dict() for a in available_actions(obj, request.user)]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_waiting(self, obj: Application) -> list[dict]:
        from applications.services.watch import waiting_failures

        return [f.as_dict() for f in waiting_failures(obj)]

    def get_checklist(self, obj: Application) -> list[dict]:
        return ChecklistItemSerializer(checklist_status(obj), many=True, context=self.context).data

    def get_fee_quote(self, obj: Application) -> dict | None:
        from applications.views_helpers import fee_quote_for

        q = fee_quote_for(obj)
        return FeeQuoteSerializer(q).data if q else None

    def get_timeline(self, obj: Application) -> list[dict]:
        return StatusChangeSerializer(obj.status_changes.select_related("actor"), many=True).data


class ApplicationCreateSerializer(serializers.Serializer):
    """File a draft. ``service_fields`` holds the service's own fields (their names, types and choices are the
    service model's; ``GET /applications/{id}/`` returns them the same way)."""

    service = serializers.CharField(max_length=48)
    person = serializers.IntegerField()
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.STANDARD)
    validity_years = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=5)
    variant = serializers.CharField(required=False, allow_blank=True, default="", max_length=16)
    passport_blank_pages = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100)
    principal_application = serializers.IntegerField(required=False, allow_null=True)
    filed_by_representative = serializers.BooleanField(default=False)
    consent = serializers.BooleanField(
        default=False, help_text="True records consent to personal data processing for the person now."
    )
    service_fields = serializers.DictField(
        child=ScalarField(),
        required=False,
        default=dict,
        help_text="The service's own fields, e.g. C3: position, visa_pickup_place.",
    )


class DraftUpdateSerializer(serializers.Serializer):
    """Change a draft's filing details; only what is sent changes."""

    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    validity_years = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=5)
    variant = serializers.CharField(required=False, allow_blank=True, max_length=16)
    passport_blank_pages = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100)
    filed_by_representative = serializers.BooleanField(required=False)
    service_fields = serializers.DictField(child=ScalarField(), required=False, default=dict)


class UploadCreateSerializer(serializers.Serializer):
    item = serializers.CharField(max_length=MAX_CODE_LENGTH, help_text="Checklist item code, e.g. passport-copy")
    file = serializers.FileField(help_text="PDF, JPEG or PNG, at most 10 MB")
    issuing_state = serializers.CharField(
        max_length=3,
        required=False,
        allow_blank=True,
        default="",
        help_text="Foreign public documents only (checklist foreign_public_document): the ISO alpha-2 or alpha-3 "
        "code of the state that issued the document; default the person's citizenship",
    )


class ReviewSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class InformationRequestSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=MAX_TEXT_LENGTH)
    items = serializers.ListField(
        child=serializers.CharField(max_length=MAX_CODE_LENGTH), required=False, default=list, max_length=100
    )


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=MAX_TEXT_LENGTH)


class AssignSerializer(serializers.Serializer):
    officer = serializers.IntegerField(required=False, help_text="Omit to claim the application yourself.")


class AppointmentSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField(
        validators=[appointment_day_plausible],
        help_text="Slot start, ISO 8601 with offset, e.g. 2026-12-01T10:00:00+05:00; at most a year ahead.",
    )
    family = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Book one slot for the whole family (the principal's application and those linked to it).",
    )


class ReceiveOriginalsSerializer(serializers.Serializer):
    received = serializers.ListField(
        child=serializers.CharField(max_length=64),
        max_length=50,
        required=False,
        default=list,
        help_text="Checklist item codes of the originals handed over; every original to bring must be listed.",
    )


class IssueSerializer(serializers.Serializer):
    """Record "issued". JSON, or multipart when attaching the state body's documents (``attachments.<kind>``)."""

    number = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=Application._meta.get_field("decision_number").max_length,
        help_text="Number given by the state body, where it decides",
    )
    fields = serializers.DictField(
        child=ScalarField(),
        required=False,
        default=dict,
        help_text="The service's fields recorded at issue (e.g. the IIN).",
    )


class RefuseSerializer(serializers.Serializer):
    grounds = serializers.ListField(
        child=serializers.CharField(max_length=MAX_CODE_LENGTH),
        required=False,
        default=list,
        max_length=100,
        help_text="Codes of the service's refusal grounds",
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=MAX_TEXT_LENGTH)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=MAX_TEXT_LENGTH)


class ExtendTermSerializer(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=30)
    reason = serializers.CharField(max_length=2000)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.ListField(child=serializers.DictField(child=serializers.CharField()), required=False)


class QueueItemSerializer(ApplicationListSerializer):
    working_days_left = serializers.IntegerField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True, help_text="Due moment of a term counted in minutes.")
    next_step = serializers.CharField(help_text="What happens next on this service's path.")
    organisation_name = serializers.CharField(source="organisation.name", default="")
    assigned_to_name = serializers.CharField(source="assigned_to.username", default="")

    class Meta(ApplicationListSerializer.Meta):
        fields = [
            *ApplicationListSerializer.Meta.fields,
            "working_days_left",
            "due_at",
            "next_step",
            "organisation_name",
            "assigned_to_name",
        ]
