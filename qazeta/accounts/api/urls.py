from django.urls import path

from . import auth, views, views_host_party

urlpatterns = [
    path("auth/token/", auth.TokenObtainView.as_view(), name="api-token"),
    path("auth/logout/", auth.TokenLogoutView.as_view(), name="api-logout"),
    path("auth/logout-all/", auth.TokenLogoutAllView.as_view(), name="api-logout-all"),
    path("organisations/", views.OrganisationListCreate.as_view(), name="api-organisations"),
    path(
        "organisations/<int:pk>/members/",
        views_host_party.MemberListCreate.as_view(),
        name="api-organisation-members",
    ),
    path(
        "organisations/<int:pk>/members/<int:member_pk>/",
        views_host_party.MemberDetail.as_view(),
        name="api-organisation-member",
    ),
    path(
        "organisations/<int:pk>/verify/", views_host_party.OrganisationVerify.as_view(), name="api-organisation-verify"
    ),
    path("persons/", views.PersonListCreate.as_view(), name="api-persons"),
    path("persons/<int:pk>/", views.PersonDetail.as_view(), name="api-person"),
    path("persons/mrz/", views.MrzParse.as_view(), name="api-mrz"),
]
