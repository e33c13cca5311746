"""Settings of the Celery worker process that tests/test_broker_down.py starts: the test settings, with e-mails
written to files (``EMAIL_FILE_PATH``) so the test process can count what the worker sent."""

from qazeta.settings.test import *  # noqa: F403
from qazeta.settings.test import env

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
