from __future__ import annotations

from typing import Any

from rest_framework import serializers

from qazeta.accounts.models import Organisation, Person

#: Fields read in upper case, as a passport prints them (the model's validators then check them).
_UPPER_CASE_FIELDS = ("nationality", "passport_issuing_state", "passport_number")


class OrganisationSerializer(serializers.ModelSerializer):
    """A host party; ``verification_status`` says whether it may submit applications yet (issue 6 §2)."""

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "bin",
            "aifc_registration_number",
            "address",
            "is_branch",
            "registration_certificate",
            "verification_status",
            "verification_note",
        ]
        read_only_fields = ["verification_status", "verification_note"]
        extra_kwargs = {"registration_certificate": {"write_only": True, "required": True}}


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = [
            "id",
            "organisation",
            "principal",
            "relationship",
            "surname",
            "given_names",
            "sex",
            "date_of_birth",
            "nationality",
            "passport_number",
            "passport_issuing_state",
            "passport_expires_on",
            "email",
            "position",
        ]
        read_only_fields = ["organisation", "principal"]

    def to_internal_value(self, data: Any) -> Any:
        """Codes and the passport number in upper case before the model's checks (length, ICAO 9303 code list,
        plausible dates) run on them."""
        if isinstance(data, dict):
            data = data.copy()  # a QueryDict's copy is mutable and keeps its lists
            for key in _UPPER_CASE_FIELDS:
                value = data.get(key)
                if isinstance(value, str):
                    data[key] = value.strip().upper()
        return super().to_internal_value(data)


class PersonCreateSerializer(PersonSerializer):
    """A roster entry; give ``mrz`` (the two MRZ lines) instead of typing passport fields if you like."""

    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    principal = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), required=False, allow_null=True)
    mrz = serializers.ListField(
        child=serializers.CharField(max_length=88), min_length=2, max_length=2, required=False, write_only=True
    )

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "mrz"]
        read_only_fields: list[str] = []
        extra_kwargs = {f: {"required": False} for f in PersonSerializer.Meta.fields}
        # The passport's uniqueness is checked by the service once the MRZ has filled the fields.
        validators: list = []


class MrzSerializer(serializers.Serializer):
    # A TD3 line has 44 characters; twice that leaves room for spaces typed between groups.
    line1 = serializers.CharField(max_length=88)
    line2 = serializers.CharField(max_length=88)


class MrzResultSerializer(serializers.Serializer):
    surname = serializers.CharField()
    given_names = serializers.CharField()
    sex = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    nationality = serializers.CharField()
    passport_number = serializers.CharField()
    passport_issuing_state = serializers.CharField()
    passport_expires_on = serializers.DateField(allow_null=True)
    errors = serializers.DictField(child=serializers.CharField())
