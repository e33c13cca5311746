"""Keyset (cursor) pages for the API lists: their cost does not grow with the page number or the history.

``ApplicationCursorPagination`` pages the application lists newest first (DRF's ``CursorPagination`` on
``-created_at``, ``-id``, served by the ``app_*created_idx`` indexes); ``QueueCursorPagination`` pages the officer
queue by ``(due_date, submitted_at, id)`` (``applications.selectors.queue_page``, whose key may hold nulls, which
DRF's cursor cannot). Both answer ``{"count", "count_exact", "next", "previous", "results"}``: ``count`` is
``selectors.estimated_count`` (an estimate when ``count_exact`` is false).
"""

from __future__ import annotations

from typing import Any

from rest_framework.pagination import BasePagination, CursorPagination
from rest_framework.response import Response

from applications import selectors


def _schema(schema: dict[str, Any], *, previous: bool) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "count": {"type": "integer", "example": 123, "description": "Rows in the list (estimated above 10,000)."},
        "count_exact": {"type": "boolean", "description": "False when count is the planner's estimate."},
        "next": {"type": "string", "nullable": True, "format": "uri"},
    }
    if previous:
        properties["previous"] = {"type": "string", "nullable": True, "format": "uri"}
    properties["results"] = schema
    return {"type": "object", "required": ["count", "count_exact", "next", "results"], "properties": properties}


class ApplicationCursorPagination(CursorPagination):
    """Newest first, 25 a page, ``?cursor=`` to continue (``next``/``previous`` links)."""

    ordering = ("-created_at", "-id")
    page_size = 25

    def paginate_queryset(self, queryset, request, view=None):  # noqa: ANN001, ANN201
        self.count, self.count_exact = selectors.estimated_count(queryset)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "count": self.count,
                "count_exact": self.count_exact,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return _schema(schema, previous=True)


class QueueCursorPagination(BasePagination):
    """The officer queue by due date, 25 a page; ``?cursor=`` (from ``next``) continues after the last row."""

    page_size = 25
    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):  # noqa: ANN001, ANN201
        self.request = request
        self.page = selectors.queue_page(
            queryset,
            request.query_params.get(self.cursor_query_param, ""),
            size=self.page_size,
            # The queue API has no "closed" switch: without a closed state asked for, its rows are open work.
            open_only=selectors.queue_is_open_only(state=request.query_params.get("state", "")),
        )
        return self.page.rows

    def get_next_link(self) -> str | None:
        from rest_framework.utils.urls import replace_query_param

        if not self.page.has_next:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, self.page.next_cursor)

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "count": self.page.count,
                "count_exact": self.page.count_exact,
                "next": self.get_next_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return _schema(schema, previous=False)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "The pagination cursor value (from the previous page's next link).",
                "schema": {"type": "string"},
            }
        ]
