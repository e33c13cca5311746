from django.urls import path

from . import views

urlpatterns = [
    path("applications/<int:pk>/payment/invoice.pdf", views.invoice_download, name="payment-invoice"),
    path("applications/<int:pk>/payment/receipt/", views.receipt_download, name="payment-receipt"),
    path("applications/<int:pk>/payment/receipt/upload/", views.receipt_upload, name="payment-receipt-upload"),
    path("applications/<int:pk>/payment/confirm/", views.payment_confirm, name="payment-confirm"),
    path("applications/<int:pk>/payment/reject/", views.payment_reject, name="payment-reject"),
    path("applications/<int:pk>/payment/refund/", views.payment_refund, name="payment-refund"),
    path("organisations/<int:pk>/statement/", views.statement, name="payment-statement"),
]
