"""Top-level URLs: HTML pages, the REST API under /api/v1/, OpenAPI, admin, public verification."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from qazeta.accounts.language import set_language

from .views import favicon, healthz

#: Branded error pages (templates/404.html extends base.html; templates/500.html needs no context, no database).
handler404 = "django.views.defaults.page_not_found"
handler500 = "django.views.defaults.server_error"

api_v1 = [
    path("", include("qazeta.accounts.api.urls")),
    path("", include("qazeta.workcalendar.api.urls")),
    path("", include("fees.api.urls")),
    path("", include("payments.api.urls")),
    path("", include("applications.api.urls")),
]

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("verify/", include("qazeta.documents.urls")),
    path("", include("qazeta.accounts.urls")),
    path("", include("qazeta.records.urls")),
    path("", include("fees.urls")),
    path("", include("payments.urls")),
    path("", include("applications.urls")),
    # Plug-in pages (issue 8): the qualification exemption opened on the AIFC Administration's own initiative.
    path("", include("residency.qualification_exemption.urls")),
]
