from django.urls import path

from . import views

urlpatterns = [
    path("applications/<int:pk>/payment/", views.payment_detail, name="api-payment"),
    path("applications/<int:pk>/payment/receipt/", views.receipt_upload, name="api-payment-receipt"),
    path("applications/<int:pk>/payment/confirm/", views.payment_confirm, name="api-payment-confirm"),
    path("applications/<int:pk>/payment/reject/", views.payment_reject, name="api-payment-reject"),
    path("applications/<int:pk>/payment/refund/", views.payment_refund, name="api-payment-refund"),
]
