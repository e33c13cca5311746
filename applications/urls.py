from .views import catalogue, filer, officer

urlpatterns = [*catalogue.urlpatterns, *filer.urlpatterns, *officer.urlpatterns]
