from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("services", views.ServiceViewSet, basename="service")
# "api-" keeps these route names apart from the HTML pages' ("application-detail" is the page).
router.register("applications", views.ApplicationViewSet, basename="api-application")
router.register("queue", views.QueueViewSet, basename="queue")

urlpatterns = router.urls
