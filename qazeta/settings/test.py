"""Settings for the test suite: SQLite unless DATABASE_URL is set; eager tasks unless a test opts in."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, VAR_DIR, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests run tasks in-process unless they explicitly talk to a real worker (tests/test_worker.py).
CELERY_TASK_ALWAYS_EAGER = True
MEDIA_ROOT = env("MEDIA_ROOT", default=str(VAR_DIR / "test-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = None

# A service model that exists only in the tests (tests/throwaway): the engine must build forms, serializers,
# pages and PDFs from any filing model's fields.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.throwaway"]

# The payment booking gate (payments.gates) is ON, as in production (base.APPOINTMENT_BOOKING_GATES): a journey that
# books the visit after approval uploads the payment receipt first (tests.factories.settle_booking_gates, which
# factories.advance calls; the ``receipt_on_approval`` fixture of tests/conftest.py for step-by-step journeys).
