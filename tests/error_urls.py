"""A URL conf for tests/test_error_pages.py: one view that fails, to see the 500 page the handler renders."""

from django.http import HttpRequest, HttpResponse
from django.urls import path


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a failure for the 500 page test")


urlpatterns = [path("boom/", boom)]
