"""HTML routes of accounts (included at the site root by qazeta/urls.py)."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views, views_host_party

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(next_page="home"), name="logout"),
    path("accounts/", include("qazeta.accounts.signin.urls")),
    path("register/employer/", views.employer_register, name="employer-register"),
    path("register/applicant/", views.applicant_register, name="applicant-register"),
    path("organisation/", views.organisation_list, name="organisation-list"),
    path("organisation/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("organisation/<int:pk>/members/add/", views.member_add, name="member-add"),
    path(
        "organisation/<int:pk>/members/<int:member_pk>/remove/",
        views_host_party.member_remove,
        name="member-remove",
    ),
    path("organisation/<int:pk>/members/<int:member_pk>/role/", views_host_party.member_role, name="member-role"),
    path("organisation/<int:pk>/verify/", views_host_party.organisation_verify, name="organisation-verify"),
    path("officer/organisations/", views_host_party.organisations_to_verify, name="organisations-to-verify"),
    path("register/bin-dispute/", views_host_party.bin_dispute, name="bin-dispute"),
    path("organisation/<int:pk>/staff/add/", views.staff_add, name="staff-add"),
    path("organisation/<int:pk>/staff/mrz/", views.staff_mrz, name="staff-mrz"),
    path("persons/<int:pk>/", views.person_detail, name="person-detail"),
    path("persons/<int:pk>/family/add/", views.family_member_add, name="family-member-add"),
    path("persons/<int:pk>/login/", views.applicant_login_grant, name="applicant-login-grant"),
]
