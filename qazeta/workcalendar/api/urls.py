"""Routes of the working-day calendar API, included under /api/v1/ by qazeta/urls.py."""

from django.urls import path

from .views import DueDateView, ExtensionWindowView

urlpatterns = [
    path("calendar/due-date", DueDateView.as_view(), name="calendar-due-date"),
    path("calendar/extension-window", ExtensionWindowView.as_view(), name="calendar-extension-window"),
]
