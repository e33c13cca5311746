from .views import catalogue, dashboard, filer, officer, officer_actions, track

urlpatterns = [
    *catalogue.urlpatterns,
    *filer.urlpatterns,
    *officer.urlpatterns,
    *officer_actions.urlpatterns,
    *track.urlpatterns,
    *dashboard.urlpatterns,
]
