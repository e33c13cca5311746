from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    label = "applications"
    verbose_name = "Applications"
