from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "qazeta.records"
    label = "records"
    verbose_name = "Visa records"
