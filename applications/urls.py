from .views import catalogue, filer, officer, officer_actions

urlpatterns = [*catalogue.urlpatterns, *filer.urlpatterns, *officer.urlpatterns, *officer_actions.urlpatterns]
