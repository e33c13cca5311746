from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "qazeta.documents"
    label = "documents"
    verbose_name = "Issued documents"
