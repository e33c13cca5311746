"""Public API of the working-day calendar: due dates and visa extension windows."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from qazeta.workcalendar.calendar import WorkingCalendar

from .serializers import (
    DueDateQuerySerializer,
    DueDateSerializer,
    ExtensionWindowQuerySerializer,
    ExtensionWindowSerializer,
)

_BAD_QUERY = OpenApiResponse(description='A missing or invalid query parameter: {"<parameter>": ["message"]}.')


class DueDateView(APIView):
    """The due date of a term of N working days (start day not counted), on the Kazakhstan calendar."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="calendar_due_date",
        summary="Due date of a term in working days",
        parameters=[DueDateQuerySerializer],
        responses={200: DueDateSerializer, 400: _BAD_QUERY},
        tags=["calendar"],
    )
    def get(self, request: Request) -> Response:
        query = DueDateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start = query.validated_data["start"]
        working_days = query.validated_data["working_days"]
        due_date = WorkingCalendar.from_db().add_working_days(start, working_days)
        return Response(DueDateSerializer({"start": start, "working_days": working_days, "due_date": due_date}).data)


class ExtensionWindowView(APIView):
    """When a visa may be extended: 30 to 5 working days before it expires (guide 2025, Work visa §3)."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="calendar_extension_window",
        summary="Visa extension window",
        parameters=[ExtensionWindowQuerySerializer],
        responses={200: ExtensionWindowSerializer, 400: _BAD_QUERY},
        tags=["calendar"],
    )
    def get(self, request: Request) -> Response:
        query = ExtensionWindowQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        expires = query.validated_data["expires"]
        opens, closes = WorkingCalendar.from_db().extension_window(expires)
        return Response(ExtensionWindowSerializer({"expires": expires, "opens": opens, "closes": closes}).data)
