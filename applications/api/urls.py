from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("services", views.ServiceViewSet, basename="service")
router.register("applications", views.ApplicationViewSet, basename="application")
router.register("queue", views.QueueViewSet, basename="queue")

urlpatterns = router.urls
