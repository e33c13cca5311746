from django.urls import path

from . import auth, views

urlpatterns = [
    path("auth/token/", auth.TokenObtainView.as_view(), name="api-token"),
    path("auth/logout/", auth.TokenLogoutView.as_view(), name="api-logout"),
    path("auth/logout-all/", auth.TokenLogoutAllView.as_view(), name="api-logout-all"),
    path("organisations/", views.OrganisationListCreate.as_view(), name="api-organisations"),
    path("persons/", views.PersonListCreate.as_view(), name="api-persons"),
    path("persons/<int:pk>/", views.PersonDetail.as_view(), name="api-person"),
    path("persons/mrz/", views.MrzParse.as_view(), name="api-mrz"),
]
