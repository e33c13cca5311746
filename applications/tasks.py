"""Celery tasks of the case engine. ``autodiscover_tasks`` imports this module in every worker, so the
e-mail task is registered there whatever else the worker happens to import."""

from applications.notifications import send_application_email

__all__ = ["send_application_email"]
