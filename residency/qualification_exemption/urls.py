from django.urls import path

from . import views

urlpatterns = [
    path(
        "officer/qualification-exemption/open/",
        views.open_on_own_initiative,
        name="qualification-exemption-open",
    ),
]
