from django.urls import path

from . import views

urlpatterns = [path("applications/<int:pk>/payment/", views.payment_detail, name="api-payment")]
