"""API of a host party's members (admins manage them) and of its verification (Expat Centre officers)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from qazeta.accounts import services
from qazeta.accounts.constants import MembershipRole
from qazeta.accounts.models import Membership, Organisation
from qazeta.accounts.selectors import organisations_of

from .serializers import OrganisationSerializer


class MemberSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "username", "email", "role", "created_at"]
        read_only_fields = ["created_at"]


class MemberCreateSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    email = serializers.EmailField()
    password = serializers.CharField(write_only=True, min_length=12, max_length=128)
    role = serializers.ChoiceField(choices=MembershipRole.choices)


class MemberRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=MembershipRole.choices)


class VerificationSerializer(serializers.Serializer):
    verified = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


def _organisation(request: Request, pk: int, perm: str) -> Organisation:
    organisation = get_object_or_404(organisations_of(request.user), pk=pk)
    if not request.user.has_perm(perm, organisation):
        raise PermissionDenied("Only an admin of this host party can do this.")
    return organisation


def _error(exc: services.AccountError) -> DRFValidationError:
    return DRFValidationError({exc.field or "non_field_errors": [exc.message]})


class MemberListCreate(APIView):
    """A host party's members; admins add one (with a new login)."""

    @extend_schema(responses=MemberSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        organisation = get_object_or_404(organisations_of(request.user), pk=pk)
        return Response(MemberSerializer(organisation.memberships.select_related("user"), many=True).data)

    @extend_schema(request=MemberCreateSerializer, responses={201: MemberSerializer})
    def post(self, request: Request, pk: int) -> Response:
        organisation = _organisation(request, pk, "accounts.manage_members")
        ser = MemberCreateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        try:
            membership = services.member_add(
                user=request.user,
                organisation=organisation,
                username=data["username"],
                email=data["email"],
                password=data["password"],
                role=data["role"],
            )
        except services.AccountError as exc:
            raise _error(exc) from None
        return Response(MemberSerializer(membership).data, status=status.HTTP_201_CREATED)


class MemberDetail(APIView):
    """An admin changes a member's role (PATCH) or removes the member, whose access ends at once (DELETE)."""

    def _membership(self, request: Request, pk: int, member_pk: int) -> Membership:
        organisation = _organisation(request, pk, "accounts.manage_members")
        membership = organisation.memberships.select_related("user", "organisation").filter(pk=member_pk).first()
        if membership is None:
            raise NotFound("No such member.")
        return membership

    @extend_schema(request=MemberRoleSerializer, responses={200: MemberSerializer})
    def patch(self, request: Request, pk: int, member_pk: int) -> Response:
        membership = self._membership(request, pk, member_pk)
        ser = MemberRoleSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            services.member_role_change(user=request.user, membership=membership, role=ser.validated_data["role"])
        except services.AccountError as exc:
            raise _error(exc) from None
        return Response(MemberSerializer(membership).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, pk: int, member_pk: int) -> Response:
        membership = self._membership(request, pk, member_pk)
        try:
            services.member_remove(user=request.user, membership=membership)
        except services.AccountError as exc:
            raise _error(exc) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class OrganisationVerify(APIView):
    """An Expat Centre officer verifies a host party's registration, or refuses it with the reason."""

    @extend_schema(request=VerificationSerializer, responses={200: OrganisationSerializer})
    def post(self, request: Request, pk: int) -> Response:
        if not request.user.has_perm("accounts.verify_organisation"):
            raise NotFound
        organisation = get_object_or_404(Organisation, pk=pk)
        ser = VerificationSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            organisation = services.organisation_verify(
                user=request.user, organisation=organisation, **ser.validated_data
            )
        except services.AccountError as exc:
            raise _error(exc) from None
        return Response(OrganisationSerializer(organisation).data)
