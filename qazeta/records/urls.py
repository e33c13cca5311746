"""HTML routes of the visa records (included at the site root by qazeta/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("persons/<int:pk>/visas/declare/", views.visa_record_declare, name="visa-record-declare"),
    path("visa-records/<int:pk>/scan/", views.visa_record_scan, name="visa-record-scan"),
    path("officer/visa-records/<int:pk>/confirm/", views.visa_record_confirm, name="visa-record-confirm"),
    path("officer/visa-records/<int:pk>/reject/", views.visa_record_reject, name="visa-record-reject"),
]
