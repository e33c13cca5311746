"""API routes of the fees app; included under /api/v1/ by qazeta/urls.py."""

from django.urls import path

from fees.api.views import QuoteView

urlpatterns = [
    path("fees/quote", QuoteView.as_view(), name="fees-quote"),
]
