"""QazETA: the one-stop-shop portal of the AIFC Expat Centre."""

from .celery import app as celery_app

__all__ = ("celery_app",)
