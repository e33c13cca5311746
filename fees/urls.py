"""HTML routes of the fees app; included at the site root by qazeta/urls.py."""

from django.urls import path

from fees import views

urlpatterns = [
    path("fees/", views.calculator, name="fees-calculator"),
]
