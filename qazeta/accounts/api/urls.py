from django.urls import path
from rest_framework.authtoken.views import ObtainAuthToken

from . import views

urlpatterns = [
    path("auth/token/", ObtainAuthToken.as_view(), name="api-token"),
    path("organisations/", views.OrganisationListCreate.as_view(), name="api-organisations"),
    path("persons/", views.PersonListCreate.as_view(), name="api-persons"),
    path("persons/<int:pk>/", views.PersonDetail.as_view(), name="api-person"),
    path("persons/mrz/", views.MrzParse.as_view(), name="api-mrz"),
]
