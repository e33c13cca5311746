"""REST API of the case engine: the catalogue, applications, uploads, submission and the officer actions.

Views are thin: they validate input, call one service or selector and render. A service's error becomes
``{"detail", "code"}`` with its HTTP status (400, 403, 409); a refused submission adds ``errors``, one per rule.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from applications import search, selectors, services
from applications.catalogue import CatalogueError, all_services, get_service
from applications.constants import State
from applications.exceptions import ApplicationError, SubmissionRefused, UploadsRejected
from applications.models import Application
from applications.registry import ServiceDefinition, get_registry
from qazeta.accounts.constants import Role
from qazeta.accounts.models import Organisation, User
from qazeta.accounts.selectors import persons_visible_to
from qazeta.accounts.validators import appointment_day_plausible
from qazeta.parsers import FormParser, JSONParser, MultiPartParser

from . import serializers as s
from .pagination import ApplicationCursorPagination, QueueCursorPagination


def _error_response(exc: ApplicationError) -> Response:
    body: dict[str, Any] = {"detail": exc.message, "code": exc.code}
    if isinstance(exc, SubmissionRefused):
        body["errors"] = [f.as_dict() for f in exc.failures]
    if isinstance(exc, UploadsRejected):
        body["errors"] = [r.as_dict() for r in exc.rejected]
    return Response(body, status=exc.http_status)


def _named_parts(data: Any, prefix: str) -> dict[str, Any]:
    """``{name: value}`` of the parts of a request body named ``<prefix><name>`` (``attachments.<kind>``,
    ``issuing_state.<item>``); the last value of a repeated name. ``{}`` for a body that is not a mapping."""
    if not hasattr(data, "items"):
        return {}
    return {key.removeprefix(prefix): value for key, value in data.items() if key.startswith(prefix)}


def _run(fn: Callable[..., Any], **kwargs: Any) -> Any | Response:
    try:
        return fn(**kwargs)
    except ApplicationError as exc:
        return _error_response(exc)


class ServiceViewSet(viewsets.ViewSet):
    """The service catalogue of the Expat Centre guide (public)."""

    permission_classes = [AllowAny]
    lookup_field = "code"
    lookup_value_regex = "[a-z0-9-]+"

    @extend_schema(responses=s.ServiceSerializer(many=True))
    def list(self, request: Request) -> Response:
        return Response(s.ServiceSerializer(all_services(), many=True).data)

    @extend_schema(responses=s.ServiceSerializer)
    def retrieve(self, request: Request, code: str) -> Response:
        try:
            service = get_service(code)
        except CatalogueError:
            raise NotFound(f"No service with code “{code}”.") from None
        return Response(s.ServiceSerializer(service).data)


_SEARCH_HELP = (
    "Search: a reference (EC-2026-000012, any case), a passport number (spaces and case ignored) or words of the "
    "person's name (case and accents ignored, Latin or Cyrillic)."
)


class ApplicationFilter(filters.FilterSet):
    service = filters.CharFilter(field_name="service_code")
    state = filters.ChoiceFilter(choices=State.choices)
    q = filters.CharFilter(method="search", max_length=100, help_text=_SEARCH_HELP)

    def search(self, queryset, name: str, value: str):  # noqa: ANN001, ANN201
        return search.filter_applications(queryset, value)

    class Meta:
        model = Application
        fields = ["service", "state"]


_ERRORS = {400: s.ErrorSerializer, 403: s.ErrorSerializer, 404: s.ErrorSerializer, 409: s.ErrorSerializer}


def _service_fields(
    definition: ServiceDefinition, data: dict[str, Any], *, partial: bool = False, family_member: bool = False
) -> dict[str, Any]:
    """Validate ``data`` with the service model's own fields (a family member's: without the principal's own
    fields, ``ServiceDefinition.principal_fields``); raises ValidationError as ``{"service_fields": …}``."""
    from rest_framework.exceptions import ValidationError

    ser = s.service_fields_serializer(definition, family_member=family_member)(data=data, partial=partial)
    if not ser.is_valid():
        raise ValidationError({"service_fields": ser.errors})
    unknown = sorted(set(data) - set(ser.fields))
    if unknown:
        if family_member and unknown[0] in definition.principal_fields:
            problem = "Asked of the principal only, not of a family member."
        else:
            problem = "This service has no such field."
        raise ValidationError({"service_fields": {unknown[0]: [problem]}})
    return dict(ser.validated_data)


#: Who may call each detail action (qazeta/permissions.py), checked before the request body is read; reading
#: (retrieve, downloads, slots) follows the visible queryset.
_ACTION_PERMISSIONS = {
    "partial_update": "applications.act_as_filer",
    "documents": "applications.act_as_filer",
    "documents_batch": "applications.act_as_filer",
    "consent": "applications.act_as_filer",
    "submit": "applications.act_as_filer",
    "answer": "applications.act_as_filer",
    "appointment": "applications.act_as_filer",
    "withdraw": "applications.act_as_filer",
    "cancel_appointment": "cancel_appointment",
    "assign": "applications.claim",
    "review": "applications.decide",
    "request_information": "applications.decide",
    "approve_documents": "applications.decide",
    "receive_originals": "applications.decide",
    "forward_to_authority": "applications.decide",
    "issue": "applications.decide",
    "refuse": "applications.decide",
    "extend_term": "applications.decide",
    "cancel": "applications.cancel",
}
_PERMISSION_MESSAGES = {
    "applications.act_as_filer": "Only the filing side can do this.",
    "applications.decide": "Only the officer who holds this application, or a supervisor, can do this.",
    "applications.claim": "Only Expat Centre officers can do this.",
    "applications.cancel": "Only a supervisor can do this.",
    "cancel_appointment": "Only the filing side or the officer can cancel the appointment.",
}


class ApplicationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Applications you may see (404 for any other). Filers create drafts, upload, submit; officers review.

    ``GET /applications/{id}/`` lists in ``actions`` what the requesting user may do now, with each call's
    method, URL and fields, and in ``outputs`` the documents the outcome produced.
    """

    filterset_class = ApplicationFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    pagination_class = ApplicationCursorPagination

    def get_queryset(self):  # noqa: ANN201
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        if self.action == "list":
            return selectors.visible_applications(self.request.user).select_related("person")
        if self.action == "retrieve":
            return selectors.application_detail_queryset(self.request.user)
        # An action finds the application and its parties only; its answer (``_detail``) reads the whole detail
        # once, after the change.
        return selectors.visible_applications(self.request.user, probe_own=False).select_related(
            "person", "organisation", "principal_application"
        )

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        """Find the application before reading the request's body: one the user may not see is a 404 whatever
        was sent (no validation error reveals that it exists)."""
        super().initial(request, *args, **kwargs)
        if "pk" in kwargs and not getattr(self, "swagger_fake_view", False):
            self._application = super().get_object()
            perm = _ACTION_PERMISSIONS.get(self.action)
            user = request.user
            if perm == "cancel_appointment":
                allowed = user.has_perm("applications.act_as_filer", self._application) or user.has_perm(
                    "applications.decide", self._application
                )
            else:
                allowed = perm is None or user.has_perm(perm, self._application)
            if not allowed:
                message = _PERMISSION_MESSAGES.get(perm, "You may not do this.")
                raise PermissionDenied({"detail": message, "code": "not_allowed"})

    def get_object(self):  # noqa: ANN201
        cached = getattr(self, "_application", None)
        return cached if cached is not None else super().get_object()

    def get_serializer_class(self):  # noqa: ANN201
        if self.action == "list":
            return s.ApplicationListSerializer
        if self.action == "create":
            return s.ApplicationCreateSerializer
        return s.ApplicationDetailSerializer

    def _detail(self, application: Application, code: int = status.HTTP_200_OK) -> Response:
        fresh = selectors.application_detail_queryset(self.request.user).get(pk=application.pk)
        return Response(s.ApplicationDetailSerializer(fresh, context={"request": self.request}).data, status=code)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The applications you may see, a page at a time; for staff the page is logged as a bulk read of personal
        data (one access row naming every person listed)."""
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        where = "page after a cursor" if request.query_params.get("cursor") else "page 1"
        services.personal_data_viewed(user=request.user, applications=rows, what=f"application list (API) {where}")
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        application = self.get_object()
        if request.user.role in (Role.OFFICER, Role.SUPERVISOR):
            services.personal_data_viewed(user=request.user, application=application, what="application detail")
        return Response(s.ApplicationDetailSerializer(application, context={"request": request}).data)

    @extend_schema(request=s.DraftUpdateSerializer, responses={200: s.ApplicationDetailSerializer, **_ERRORS})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change a draft's filing details and service fields (only the filing side, only drafts)."""
        application = self.get_object()
        ser = s.DraftUpdateSerializer(data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        data.pop("service_fields", None)
        raw_fields = request.data.get("service_fields") or {}
        if not isinstance(raw_fields, dict):
            return Response({"detail": "service_fields must be an object.", "code": "invalid"}, status=400)
        data.update(
            _service_fields(
                application.definition, raw_fields, partial=True, family_member=application.is_family_member
            )
        )
        return self._act(services.application_update_draft, **data)

    @extend_schema(request=s.ApplicationCreateSerializer, responses={201: s.ApplicationDetailSerializer, **_ERRORS})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        ser = s.ApplicationCreateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        person = get_object_or_404(persons_visible_to(request.user), pk=data.pop("person"))
        principal = None
        if data.get("principal_application"):
            principal = get_object_or_404(
                selectors.visible_applications(request.user), pk=data["principal_application"]
            )
        consent = data.pop("consent")
        organisation: Organisation | None = person.organisation
        definition = get_registry().fileable(data["service"])
        if definition is None:
            return Response(
                {"detail": f"“{data['service']}” cannot be filed through the portal.", "code": "filing_not_available"},
                status=400,
            )
        refusal = selectors.filer_refusal(request.user, definition, for_self=organisation is None)
        if refusal:
            return Response({"detail": refusal, "code": "not_allowed"}, status=403)
        family_member = principal is not None or person.principal_id is not None
        service_fields = _service_fields(definition, data.get("service_fields") or {}, family_member=family_member)
        try:
            application = services.application_create(
                user=request.user,
                service_code=data["service"],
                person=person,
                channel=data["channel"],
                validity_years=data.get("validity_years"),
                variant=data.get("variant", ""),
                passport_blank_pages=data.get("passport_blank_pages"),
                principal_application=principal,
                filed_by_representative=data["filed_by_representative"],
                organisation=organisation,
                **service_fields,
            )
            if consent:
                services.consent_record(user=request.user, person=person)
        except ApplicationError as exc:
            return _error_response(exc)
        return self._detail(application, status.HTTP_201_CREATED)

    # ------------------------------------------------------------------ filing side
    @extend_schema(request=s.UploadCreateSerializer, responses={201: s.UploadSerializer, **_ERRORS})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def documents(self, request: Request, pk: str | None = None) -> Response:
        application = self.get_object()
        ser = s.UploadCreateSerializer(data=request.data)
        if not ser.is_valid():
            return Response(
                {"detail": "Give the checklist item and a file.", "code": "invalid", "errors": ser.errors},
                status=400,
            )
        result = _run(
            services.document_upload,
            user=request.user,
            application=application,
            item_code=ser.validated_data["item"],
            file=ser.validated_data["file"],
            issuing_state=ser.validated_data["issuing_state"],
        )
        if isinstance(result, Response):
            return result
        return Response(s.UploadSerializer(result).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "description": "One part per checklist item, named by its code (e.g. `passport-copy`), whose value "
                "is the file (PDF, JPEG or PNG, at most 10 MB each, 21 MB for the whole request); for a foreign "
                "public document an optional text part `issuing_state.<item code>` (ISO alpha-2 or alpha-3).",
                "additionalProperties": {"type": "string", "format": "binary"},
            }
        },
        responses={201: s.UploadSerializer(many=True), **_ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="documents/batch",
        parser_classes=[MultiPartParser, FormParser],
        # One application's answer, not a list: no pages, no list filters.
        pagination_class=None,
        filter_backends=[],
    )
    def documents_batch(self, request: Request, pk: str | None = None) -> Response:
        """Upload several checklist items' files in one request: all of them are stored, or none.

        Every file is checked first; if any is refused, nothing is stored and the 400 answer's ``errors`` lists
        each refused file (``item``, ``code``, ``message``). The queries do not grow with the number of files
        (``services.documents_upload``).
        """
        application = self.get_object()
        states = {code: str(value) for code, value in _named_parts(request.data, "issuing_state.").items()}
        # Every part, a repeated name included: the service refuses a second file for one item rather than
        # keeping only the last.
        files = [
            services.FileForItem(item_code=code, file=upload, issuing_state=states.get(code, ""))
            for code, uploads in request.FILES.lists()
            for upload in uploads
        ]
        for code in request.FILES:
            states.pop(code, None)
        if states:
            unmatched = ", ".join(sorted(states))
            return Response(
                {
                    "detail": f"issuing_state given for items without a file: {unmatched}.",
                    "code": "invalid",
                },
                status=400,
            )
        result = _run(services.documents_upload, user=request.user, application=application, files=files)
        if isinstance(result, Response):
            return result
        return Response(s.UploadSerializer(result, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: s.ApplicationDetailSerializer, **_ERRORS})
    @action(detail=True, methods=["post"])
    def consent(self, request: Request, pk: str | None = None) -> Response:
        """Record consent to personal data processing for the application's person."""
        application = self.get_object()
        if not selectors.actable_by_filer(request.user, application):
            raise PermissionDenied("Only the filer can record consent.")
        services.consent_record(user=request.user, person=application.person)
        return self._detail(application)

    def _act(self, fn: Callable[..., Any], **kwargs: Any) -> Response:
        application = self.get_object()
        result = _run(fn, user=self.request.user, application=application, **kwargs)
        if isinstance(result, Response):
            return result
        return self._detail(application)

    @extend_schema(request=None, responses={200: s.ApplicationDetailSerializer, **_ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        return self._act(services.application_submit)

    @extend_schema(request=None, responses={200: s.ApplicationDetailSerializer, **_ERRORS})
    @action(detail=True, methods=["post"])
    def watch(self, request: Request, pk: str | None = None) -> Response:
        """E-mail me when this waiting draft can be submitted (a rule failure with ``waits``: e.g. a dependant waits
        for the principal's valid visa). 400 ``not_waiting`` when nothing outside the filer's hands holds it."""
        from applications.services.watch import submission_watch

        return self._act(submission_watch)

    @extend_schema(request=s.AnswerSerializer, responses={200: s.ApplicationDetailSerializer, **_ERRORS})
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str | None = None) -> Response:
        ser = s.AnswerSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        return self._act(services.information_answer, answer=ser.validated_data["answer"])

    @extend_schema(
        parameters=[OpenApiParameter("date", OpenApiTypes.DATE, required=False, description="Default: today")],
        responses={200: serializers.ListSerializer(child=serializers.DictField())},
    )
    @action(detail=True, methods=["get"], url_path="appointment-slots")
    def appointment_slots(self, request: Request, pk: str | None = None) -> Response:
        """Free office slots on a day (Astana time) with the places left in each."""
        self.get_object()
        raw = request.query_params.get("date", "")
        if not raw:
            day = timezone.localdate()
        else:
            try:
                day = serializers.DateField(validators=[appointment_day_plausible]).run_validation(raw)
            except serializers.ValidationError as exc:
                raise serializers.ValidationError({"date": exc.detail}) from None
        return Response([{"starts_at": slot.isoformat(), "free": free} for slot, free in selectors.free_slots(day)])

    @extend_schema(request=s.AppointmentSerializer, responses={200: s.ApplicationDetailSerializer, **_ERRORS})
    @action(detail=True, methods=["post"])
    def appointment(self, request: Request, pk: str | None = None) -> Response:
        ser = s.AppointmentSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        return self._act(
            services.appointment_book, starts_at=ser.validated_data["starts_at"], family=ser.validated_data["family"]
        )

    @extend_schema(request=s.ReasonSerializer, responses={200: s.ApplicationDetailSerializer, **_ERRORS})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        ser = s.ReasonSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        return self._act(services.application_withdraw, reason=ser.validated_data["reason"])

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: s.ErrorSerializer})
    @action(detail=True, methods=["get"], url_path=r"issued/(?P<document_id>\d+)", url_name="issued")
    def issued(self, request: Request, pk: str | None = None, document_id: str | None = None) -> FileResponse:
        """Download an issued document (e.g. the invitation letter PDF) of an application you may see."""
        application = self.get_object()
        document = get_object_or_404(application.issued_documents.all(), pk=document_id)
        if request.user.role in (Role.OFFICER, Role.SUPERVISOR):
            services.personal_data_viewed(user=request.user, application=application, what=f"issued {document.kind}")
        return FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.download_name,
            content_type=document.content_type,
        )

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: s.ErrorSerializer})
    @action(detail=True, methods=["get"], url_path=r"uploads/(?P<upload_id>\d+)/file", url_name="upload-file")
    def upload_file(self, request: Request, pk: str | None = None, upload_id: str | None = None) -> FileResponse:
        """Download an uploaded document version of an application you may see."""
        application = self.get_object()
        upload = get_object_or_404(application.uploads.all(), pk=upload_id)
        if request.user.role in (Role.OFFICER, Role.SUPERVISOR):
            services.personal_data_viewed(user=request.user, application=application, what=f"upload {upload.item_code}")
        return FileResponse(
            upload.file.open("rb"), as_attachment=True, filename=upload.original_name, content_type=upload.content_type
        )

    # ------------------------------------------------------------------ officer side
    @extend_schema(request=s.AssignSerializer, responses={200: s.ApplicationDetailSerializer, **_ERRORS})
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str | None = None) -> Response:
        ser = s.AssignSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        officer_id = ser.validated_data.get("officer")
        officer = request.user if officer_id is None else User.objects.filter(pk=officer_id).first()
        if officer is None:
            return Response({"detail": "No such officer.", "code": "bad_assignee"}, status=400)
        return self._act(services.application_assign, officer=officer)

    @extend_schema(request=s.ReviewSerializer, responses={200: s.UploadSerializer, **_ERRORS})
    @action(detail=True, methods=["post"], url_path=r"uploads/(?P<upload_id>\d+)/review")
    def review(self, request: Request, pk: str | None = None, upload_id: str | None = None) -> Response:
        application = self.get_object()
        upload = get_object_or_404(application.uploads.all(), pk=upload_id)
        ser = s.ReviewSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        result = _run(services.document_review, user=request.user, upload=upload, **ser.validated_data)
        if isinstance(result, Response):
            return result
        return Response(s.UploadSerializer(result).data)

    @extend_schema(request=s.InformationRequestSerializer, responses={200: s.ApplicationDetailSerializer, **_ERRORS})
    @action(detail=True, methods=["post"], url_path="request-information")
    def request_information(self, request: Request, pk: str | None = None) -> Response:
        ser = s.InformationRequestSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        return self._act(
            services.information_request,
            message=ser.validated_data["message"],
            item_codes=ser.validated_data["items"],
        )

    @extend_schema(request=None, responses={200: s.ApplicationDetailSerializer, **_ERRORS})
    @action(detail=True, methods=["post"], url_path="approve-documents")
    def approve_documents(self, request: Request, pk: str | None = None) -> Response:
        return self._act(services.documents_approve)

    @extend_schema(request=s.ReceiveOriginalsSerializer, responses={200: s.ApplicationDetailSerializer, **_ERRORS})
    @action(detail=True, methods=["post"], url_path="receive-originals")
    def receive_originals(self, request: Request, pk: str | None = None) -> Response:
        ser = s.ReceiveOriginalsSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        return self._act(services.originals_receive, received=ser.validated_data["received"])

    @extend_schema(request=None, responses={200: s.ApplicationDetailSerializer, **_ERRORS})
    @action(detail=True, methods=["post"], url_path="forward-to-authority")
    def forward_to_authority(self, request: Request, pk: str | None = None) -> Response:
        return self._act(services.authority_forward)

    @staticmethod
    def _outcome_input(request: Request) -> tuple[dict[str, Any], dict[str, Any]]:
        """``fields`` and ``attachments`` of an outcome: a JSON object, or ``fields.<name>`` and
        ``attachments.<kind>`` parts of a multipart body."""
        fields = request.data.get("fields") if hasattr(request.data, "get") else None
        fields = dict(fields) if isinstance(fields, dict) else {}
        fields.update(_named_parts(request.data, "fields."))
        return fields, _named_parts(request.FILES, "attachments.")

    @extend_schema(request=s.IssueSerializer, responses={200: s.ApplicationDetailSerializer, **_ERRORS})
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def issue(self, request: Request, pk: str | None = None) -> Response:
        """Record "issued": the state body's number where it decides, the service's fields recorded at issue,
        and the scans of the documents a state body issued (multipart ``attachments.<kind>``)."""
        fields, attachments = self._outcome_input(request)
        number = request.data.get("number", "") if hasattr(request.data, "get") else ""
        # The number's length (the column's) and the fields' shape (single values) are checked here: a 400 naming
        # the field, before the service or the database sees them.
        ser = s.IssueSerializer(data={"number": "" if number is None else number, "fields": fields})
        ser.is_valid(raise_exception=True)
        return self._act(
            services.application_issue,
            decision_number=ser.validated_data["number"],
            fields=ser.validated_data["fields"],
            attachments=attachments,
        )

    @extend_schema(request=s.RefuseSerializer, responses={200: s.ApplicationDetailSerializer, **_ERRORS})
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def refuse(self, request: Request, pk: str | None = None) -> Response:
        """Refuse: on the service's grounds (``grounds``, codes) where it declares them, else with a ``reason``."""
        ser = s.RefuseSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        _, attachments = self._outcome_input(request)
        return self._act(
            services.application_refuse,
            reason=ser.validated_data["reason"],
            grounds=ser.validated_data["grounds"],
            attachments=attachments,
        )

    @extend_schema(request=s.ReasonSerializer, responses={200: s.ApplicationDetailSerializer, **_ERRORS})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """A supervisor cancels an open application (e.g. a duplicate), with the reason."""
        ser = s.ReasonSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        return self._act(services.application_cancel, reason=ser.validated_data["reason"])

    @extend_schema(request=None, responses={200: s.ApplicationDetailSerializer, **_ERRORS})
    @action(detail=True, methods=["post"], url_path="cancel-appointment")
    def cancel_appointment(self, request: Request, pk: str | None = None) -> Response:
        """Cancel the booked appointment so another can be booked."""
        return self._act(services.appointment_cancel)

    @extend_schema(request=s.ExtendTermSerializer, responses={200: s.ApplicationDetailSerializer, **_ERRORS})
    @action(detail=True, methods=["post"], url_path="extend-term")
    def extend_term(self, request: Request, pk: str | None = None) -> Response:
        ser = s.ExtendTermSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        return self._act(services.application_extend_term, **ser.validated_data)


class QueueFilter(filters.FilterSet):
    """Validates and documents the queue's query parameters; ``selectors.officer_queue`` applies them."""

    service = filters.CharFilter()
    state = filters.ChoiceFilter(choices=State.choices)
    assignee = filters.CharFilter(help_text="A user id, or 'none' for unassigned")
    q = filters.CharFilter(max_length=100, help_text=_SEARCH_HELP)

    class Meta:
        model = Application
        fields: list[str] = []

    def filter_queryset(self, queryset):  # noqa: ANN001, ANN201
        user = getattr(self.request, "user", None)
        if user is None or user.role not in (Role.OFFICER, Role.SUPERVISOR):
            return queryset.none()
        data = self.form.cleaned_data
        queue = selectors.officer_queue(
            service=data.get("service") or "",
            state=data.get("state") or "",
            assignee=data.get("assignee") or "",
        )
        return search.filter_applications(queue, data.get("q"))


class QueueViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The officer queue: submitted applications by due date, with working days left (staff only)."""

    serializer_class = s.QueueItemSerializer
    filterset_class = QueueFilter
    pagination_class = QueueCursorPagination

    def get_queryset(self):  # noqa: ANN201
        if getattr(self, "swagger_fake_view", False) or self.request.user.role not in (
            Role.OFFICER,
            Role.SUPERVISOR,
        ):
            return Application.objects.none()
        return Application.objects.all()  # QueueFilter turns it into the officer queue

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = selectors.with_working_days_left(list(page), today=timezone.localdate())
        services.personal_data_viewed(
            user=request.user,
            applications=[row.application for row in rows],
            what="queue (API) page 1" if self.paginator.page.first else "queue (API) page after a cursor",
        )
        for row in rows:
            row.application.working_days_left = row.working_days_left
            row.application.next_step = row.next_step
        return self.get_paginated_response(s.QueueItemSerializer([r.application for r in rows], many=True).data)
