from __future__ import annotations

from rest_framework import serializers

from applications.catalogue import Service
from applications.constants import Channel
from applications.models import Application, DocumentUpload, StatusChange
from applications.selectors import checklist_status


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
    filing_enabled = serializers.BooleanField()
    requires_appointment = serializers.BooleanField()
    documents = DocumentRequirementSerializer(many=True)
    fees = serializers.SerializerMethodField()
    state_duty_mrp = serializers.SerializerMethodField()
    fee_note = serializers.CharField()
    source = serializers.CharField()

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
        ]


class ChecklistItemSerializer(serializers.Serializer):
    code = serializers.CharField(source="requirement.code")
    name = serializers.CharField(source="requirement.name")
    required = serializers.BooleanField(source="requirement.required")
    status = serializers.CharField(help_text="missing, pending, accepted or rejected")
    current = UploadSerializer(allow_null=True)


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
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    issued_on = serializers.DateField()
    verification_code = serializers.CharField()
    is_valid = serializers.BooleanField()
    download_url = serializers.SerializerMethodField()
    verify_url = serializers.SerializerMethodField()

    def get_download_url(self, doc) -> str:  # noqa: ANN001
        from django.urls import reverse

        return reverse("application-issued", args=[doc.application_id, doc.pk])

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


class ApplicationDetailSerializer(ApplicationListSerializer):
    checklist = serializers.SerializerMethodField()
    fee_quote = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    issued_documents = IssuedDocumentSerializer(many=True, read_only=True)

    class Meta(ApplicationListSerializer.Meta):
        fields = [
            *ApplicationListSerializer.Meta.fields,
            "validity_years",
            "variant",
            "passport_blank_pages",
            "filed_by_representative",
            "created_at",
            "decided_at",
            "decision_number",
            "refusal_reason",
            "checklist",
            "fee_quote",
            "timeline",
            "issued_documents",
        ]

    def get_checklist(self, obj: Application) -> list[dict]:
        return ChecklistItemSerializer(checklist_status(obj), many=True).data

    def get_fee_quote(self, obj: Application) -> dict | None:
        from applications.views_helpers import fee_quote_for

        q = fee_quote_for(obj)
        return FeeQuoteSerializer(q).data if q else None

    def get_timeline(self, obj: Application) -> list[dict]:
        return StatusChangeSerializer(obj.status_changes.select_related("actor"), many=True).data


class ApplicationCreateSerializer(serializers.Serializer):
    """File a draft. C3 invitation fields: ``position``, ``contract_ends_on``, ``visa_pickup_place``."""

    service = serializers.CharField()
    person = serializers.IntegerField()
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.STANDARD)
    validity_years = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=5)
    variant = serializers.CharField(required=False, allow_blank=True, default="")
    passport_blank_pages = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100)
    principal_application = serializers.IntegerField(required=False, allow_null=True)
    filed_by_representative = serializers.BooleanField(default=False)
    consent = serializers.BooleanField(
        default=False, help_text="True records consent to personal data processing for the person now."
    )
    position = serializers.CharField(required=False, allow_blank=True)
    contract_ends_on = serializers.DateField(required=False, allow_null=True)
    visa_pickup_place = serializers.CharField(required=False, allow_blank=True)


class UploadCreateSerializer(serializers.Serializer):
    item = serializers.CharField(help_text="Checklist item code, e.g. passport-copy")
    file = serializers.FileField(help_text="PDF, JPEG or PNG, at most 10 MB")


class ReviewSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class InformationRequestSerializer(serializers.Serializer):
    message = serializers.CharField()
    items = serializers.ListField(child=serializers.CharField(), required=False, default=list)


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField()


class AssignSerializer(serializers.Serializer):
    officer = serializers.IntegerField(required=False, help_text="Omit to claim the application yourself.")


class AppointmentSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField(help_text="Slot start, ISO 8601 with offset, e.g. 2026-12-01T10:00:00+05:00")


class IssueSerializer(serializers.Serializer):
    number = serializers.CharField(help_text="Number given by the state body")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ExtendTermSerializer(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=30)
    reason = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.ListField(child=serializers.DictField(child=serializers.CharField()), required=False)


class QueueItemSerializer(ApplicationListSerializer):
    working_days_left = serializers.IntegerField(allow_null=True)
    organisation_name = serializers.CharField(source="organisation.name", default="")
    assigned_to_name = serializers.CharField(source="assigned_to.username", default="")

    class Meta(ApplicationListSerializer.Meta):
        fields = [
            *ApplicationListSerializer.Meta.fields,
            "working_days_left",
            "organisation_name",
            "assigned_to_name",
        ]
