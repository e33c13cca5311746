from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from qazeta.accounts import services
from qazeta.accounts.forms_mrz import person_fields_from_mrz
from qazeta.accounts.selectors import organisations_of, persons_visible_to

from .serializers import (
    MrzResultSerializer,
    MrzSerializer,
    OrganisationSerializer,
    PersonCreateSerializer,
    PersonSerializer,
)


def _django_errors(exc: ValidationError) -> DRFValidationError:
    return DRFValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages})


class OrganisationListCreate(generics.ListCreateAPIView):
    """Host parties you are a member of; POST registers a new one with you as its admin."""

    serializer_class = OrganisationSerializer

    def get_queryset(self):  # noqa: ANN201
        if getattr(self, "swagger_fake_view", False):  # schema generation has no real user
            return OrganisationSerializer.Meta.model.objects.none()
        return organisations_of(self.request.user)

    def perform_create(self, serializer: OrganisationSerializer) -> None:
        if not self.request.user.has_perm("accounts.register_organisation"):
            raise PermissionDenied("Expat Centre staff do not register host parties.")
        try:
            serializer.instance = services.organisation_register(user=self.request.user, **serializer.validated_data)
        except services.AccountError as exc:
            raise DRFValidationError({exc.field or "non_field_errors": [exc.message]}) from None
        except ValidationError as exc:
            raise _django_errors(exc) from None


class PersonListCreate(generics.ListCreateAPIView):
    """The staff roster (and family members) you may see; POST adds a person, optionally from the MRZ lines."""

    def get_serializer_class(self):  # noqa: ANN201
        return PersonCreateSerializer if self.request.method == "POST" else PersonSerializer

    def get_queryset(self):  # noqa: ANN201
        if getattr(self, "swagger_fake_view", False):
            return PersonSerializer.Meta.model.objects.none()
        return persons_visible_to(self.request.user).order_by("surname", "given_names", "pk")

    def list(self, request: Request, *args: object, **kwargs: object) -> Response:
        """A page of the persons you may see; for staff one access-log row naming every person on it."""
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        rows = list(page if page is not None else self.filter_queryset(self.get_queryset()))
        number = self.paginator.page.number if page is not None else 1
        services.personal_data_access_record(user=request.user, what=f"person list (API) page {number}", persons=rows)
        data = PersonSerializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(request=PersonCreateSerializer, responses={201: PersonSerializer})
    def post(self, request: Request, *args: object, **kwargs: object) -> Response:
        serializer = PersonCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        mrz = data.pop("mrz", None)
        if mrz:
            fields, errors = person_fields_from_mrz(*mrz)
            if errors:
                raise DRFValidationError(errors)
            data = {**fields, **{k: v for k, v in data.items() if v not in (None, "")}}
        organisation = data.pop("organisation")
        principal = data.pop("principal", None)
        relationship = data.pop("relationship", "")
        try:
            if principal is not None:
                principal = get_object_or_404(persons_visible_to(request.user), pk=principal.pk)
                person = services.family_member_add(
                    user=request.user, principal=principal, relationship=relationship, **data
                )
            else:
                person = services.person_add_to_roster(user=request.user, organisation=organisation, **data)
        except services.AccountError as exc:
            raise DRFValidationError({exc.field or "organisation": [exc.message]}) from None
        except ValidationError as exc:
            raise _django_errors(exc) from None
        return Response(PersonSerializer(person).data, status=status.HTTP_201_CREATED)


class PersonDetail(generics.RetrieveAPIView):
    """One person you may see; staff reads leave a row in the access log."""

    serializer_class = PersonSerializer

    def get_queryset(self):  # noqa: ANN201
        if getattr(self, "swagger_fake_view", False):
            return PersonSerializer.Meta.model.objects.none()
        return persons_visible_to(self.request.user)

    def retrieve(self, request: Request, *args: object, **kwargs: object) -> Response:
        person = self.get_object()
        services.personal_data_access_record(user=request.user, what="person (API)", persons=[person])
        return Response(PersonSerializer(person).data)


class MrzParse(APIView):
    """Parse the two lines of a passport's machine-readable zone (ICAO 9303 TD3) into roster fields."""

    @extend_schema(request=MrzSerializer, responses={200: MrzResultSerializer})
    def post(self, request: Request) -> Response:
        serializer = MrzSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields, errors = person_fields_from_mrz(serializer.validated_data["line1"], serializer.validated_data["line2"])
        body = {**{k: fields.get(k) for k in MrzResultSerializer().fields if k != "errors"}, "errors": errors}
        for key in (
            "surname",
            "given_names",
            "sex",
            "nationality",
            "passport_number",
            "passport_issuing_state",
        ):
            body[key] = body[key] or ""
        return Response(MrzResultSerializer(body).data)
