"""Public verification pages, included by ``qazeta/urls.py`` under ``verify/``."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.verify_form, name="verify_form"),
    path("<str:code>/", views.verify_document, name="verify"),
]
