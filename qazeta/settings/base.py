"""Settings shared by every environment; values come from the environment (12-factor).

Environment variables:
    SECRET_KEY, DEBUG, ALLOWED_HOSTS, DATABASE_URL (default: SQLite in ./var),
    REDIS_URL (Celery broker; unset means tasks run eagerly in-process),
    EMAIL_URL (default: console), MEDIA_ROOT, DEFAULT_FROM_EMAIL, SITE_URL,
    CLAMAV_URL (unix:///run/clamav/clamd.ctl or tcp://host:3310: scan uploads with ClamAV; unset means no scan),
    CLAMAV_TIMEOUT (seconds, default 30).
    CACHE_URL (default: in-process memory; the API sign-in throttle counts there),
    TRUSTED_PROXY_COUNT (reverse proxies in front of the app; 0 means the client address is REMOTE_ADDR),
    SESSION_STORE (db, cached_db or cache; default db), DATABASE_REPLICA_URL (optional read replica),
    CELERY_WORKER_MAX_TASKS_PER_CHILD, CELERY_WORKER_MAX_MEMORY_PER_CHILD (KiB): worker recycling.
"""

import datetime as dt
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # OpClass in index expressions (the persons' name trigram index, accounts migration 0010). Harmless on SQLite:
    # its type handlers are registered for PostgreSQL connections only.
    "django.contrib.postgres",
    # Accounts and sign-in (docs/decisions/0009-accounts-security.md). axes comes before qazeta.accounts so its
    # user_login_failed receiver marks a lockout before the sign-in log's receiver reads it.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "simple_history",
    "rules",
    "csp",
    # QazETA kernel
    "qazeta.accounts",
    "qazeta.workcalendar",
    "qazeta.documents",
    "qazeta.records",
    "qazeta.countries",
    # domain apps
    "fees",
    "payments",
    "applications",
    "visas",
    # visa service plug-ins beyond the work visa (C3, in "visas"), one app (and migrations) each
    "visas.investor",
    "visas.business",
    "visas.cancellation",
    "residency",
    # service plug-ins of the residency family, one app (and migrations) each
    "residency.iin",
    "residency.arrival_notification",
    "residency.tax_residency",
    "residency.temporary_residence",
    "residency.permanent_residence",
    "residency.fingerprinting",
    "residency.eds",
    "residency.qualification_exemption",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.user.is_verified(): the session passed the second factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    # Idle and absolute session limits, then the second factor staff must pass (qazeta/accounts/signin).
    "qazeta.accounts.signin.middleware.SessionTimeoutMiddleware",
    "qazeta.accounts.signin.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Turns a lockout on any sign-in path into the lockout page or JSON answer; last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp; docs/decisions/0010-input-hardening.md): scripts, styles, fonts and requests
# only from the portal itself, no inline script or style (templates keep none: tests/test_csp.py), images also as
# data: URIs (QR codes), no plug-ins, no framing, forms post only here. The API docs page is the project's own
# template (templates/drf_spectacular/swagger_ui.html) with its start-up script in static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

ROOT_URLCONF = "qazeta.urls"
WSGI_APPLICATION = "qazeta.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
            "libraries": {"qazeta_formats": "qazeta.formats.filters"},
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(exist_ok=True)  # the embedded default keeps its database in ./var
    # SQLite serialises writers; wait rather than fail when the eager worker and a request overlap.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
else:
    # Reuse connections across requests (issue 10: connecting cost 3.6 ms a request); a broken connection is
    # detected before reuse. Seconds; 0 closes after each request as before.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# OWASP ASVS 2.1.1 asks for 12 characters at least; the similarity check gets the user on every path that sets
# a password (qazeta.accounts.forms, services, Django's change and reset forms).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Accounts and sign-in (docs/security.md "Accounts and sign-in", docs/decisions/0009) ----------------------
# django-axes checks every password sign-in (login page, /admin/, the API token endpoint) before the password.
# Axes first (it refuses a locked-out sign-in before a password is checked); object permissions come from the
# rules in qazeta/permissions.py (django-rules); model permissions (the admin's) from the database as usual.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failures counted over the last 30 minutes; each new failure restarts the 30 minutes. Three limits
# (qazeta.accounts.signin.lockout.SignInLockoutHandler): one username from one address 5, one username from any
# address 10, one address for any usernames 20.
AXES_FAILURE_LIMIT = 5
SIGN_IN_FAILURE_LIMIT_PER_ACCOUNT = 10
SIGN_IN_FAILURE_LIMIT_PER_ADDRESS = 20
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_COOLOFF_TIME = dt.timedelta(minutes=30)
AXES_HANDLER = "qazeta.accounts.signin.lockout.SignInLockoutHandler"
AXES_LOCKOUT_CALLABLE = "qazeta.accounts.signin.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "qazeta.accounts.signin.lockout.client_ip"
# The portal's own sign-in log (accounts.SignInEvent) records successes; axes keeps only the live counters.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Reverse proxies in front of the app (nginx, a load balancer): the client address is then the n-th address
# from the right of X-Forwarded-For; 0 means REMOTE_ADDR (a client cannot forge it to dodge the limits).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Second factor (django-otp): TOTP (RFC 6238) apps, plus ten one-time recovery codes.
OTP_TOTP_ISSUER = "QazETA AIFC Expat Centre"
SECOND_FACTOR_RECOVERY_CODES = 10

# Sessions: 2 hours idle for filers, 30 minutes for staff, 12 hours at most (SessionTimeoutMiddleware).
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_ABSOLUTE_TIMEOUT = dt.timedelta(hours=12)
SESSION_IDLE_TIMEOUT = dt.timedelta(hours=2)
SESSION_IDLE_TIMEOUT_STAFF = dt.timedelta(minutes=30)
SESSION_COOKIE_HTTPONLY = True

# --- Scale-out: sessions, read replica (docs/decisions/0019-scale-out-queues-replica-stateless-web.md) -------
# Web processes keep no state of their own. SESSION_STORE: "db" (default: the database every web process shares),
# "cached_db" (read through CACHE_URL, e.g. Redis, written to the database too) or "cache" (Redis only: a Redis
# flush signs everyone out). The cache stores need a shared CACHE_URL, not the per-process default.
SESSION_STORE = env("SESSION_STORE", default="db")
_SESSION_ENGINES = {
    "db": "django.contrib.sessions.backends.db",
    "cached_db": "django.contrib.sessions.backends.cached_db",
    "cache": "django.contrib.sessions.backends.cache",
}
if SESSION_STORE not in _SESSION_ENGINES:
    raise ImproperlyConfigured(f"SESSION_STORE must be one of {', '.join(_SESSION_ENGINES)}, not {SESSION_STORE!r}.")
if SESSION_STORE != "db" and not env("CACHE_URL", default=""):
    raise ImproperlyConfigured(f"SESSION_STORE={SESSION_STORE} needs CACHE_URL (a cache every web process shares).")
SESSION_ENGINE = _SESSION_ENGINES[SESSION_STORE]

# Optional read replica (qazeta/db_router.py): set DATABASE_REPLICA_URL and the officer queue, lists, dashboard and
# exports read from it; everything else, and every write, uses "default". Tests use the test database through a
# second connection (TEST MIRROR), as a replica would show the same rows.
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    for _key in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS"):
        if _key in DATABASES["default"]:
            DATABASES["replica"].setdefault(_key, DATABASES["default"][_key])
DATABASE_ROUTERS = ["qazeta.db_router.ReplicaRouter"]
MIDDLEWARE = [*MIDDLEWARE, "qazeta.db_router.ReplicaReadsMiddleware"]
#: URL names whose GET/HEAD requests read from the replica: officer lists, the dashboard (with its CSV exports), the
#: access log (with its CSV export) and the queue API's list.
DATABASE_REPLICA_VIEWS = (
    "officer-queue",
    "officer-appointments",
    "officer-appointments-week",
    "officer-access-log",
    "officer-dashboard",
    "queue-list",
)

# Password reset links are valid for one hour (Django's default is three days).
PASSWORD_RESET_TIMEOUT = 60 * 60

# API tokens (django-rest-knox): hashed, one per device, valid 10 hours after their last use and never more
# than 24 hours after they were issued; logout revokes them.
# knox's own token model (the default, named because accounts' migrations refer to it through this setting).
KNOX_TOKEN_MODEL = "knox.AuthToken"  # noqa: S105 - a model name, not a secret
REST_KNOX = {
    "TOKEN_TTL": dt.timedelta(hours=10),
    "AUTO_REFRESH": True,
    "AUTO_REFRESH_MAX_TTL": dt.timedelta(hours=24),
    "TOKEN_LIMIT_PER_USER": 20,
}

# Sign-in log retention (manage.py signin_events_prune).
SIGN_IN_EVENT_RETENTION_DAYS = 365
# Registration: attempts with a username already in use, per address per hour, before registration pauses.
REGISTRATION_USERNAME_CLASH_LIMIT = 5

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский"), ("kk", "Қазақша")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates, numbers and money per language: Django has no Kazakh format module (qazeta/formats/__init__.py).
FORMAT_MODULE_PATH = ["qazeta.formats"]
# Instants are stored in UTC and shown in Astana time (UTC+5 since 1 March 2024).
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploads (docs/decisions/0010-input-hardening.md). The guide asks for PDF/JPEG/PNG scans; 10 MB is the portal's
# limit per file. A multipart body over UPLOAD_MAX_REQUEST_BYTES is refused before it is read, a file part as soon as
# it passes UPLOAD_MAX_BYTES (qazeta.uploads.CappedUploadHandler, first of the handlers); the API answers 413.
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
# Two scans (an outcome may attach more than one state-body document) plus the form fields.
UPLOAD_MAX_REQUEST_BYTES = 2 * UPLOAD_MAX_BYTES + 1024 * 1024
# Images are decoded with at most this many pixels (a 600 dpi A4 scan has 35 million); a header declaring more is a
# decompression bomb.
UPLOAD_MAX_IMAGE_PIXELS = 50_000_000
FILE_UPLOAD_HANDLERS = [
    "qazeta.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# A file up to the limit is kept in memory (the checks read it whole anyway); the cap handler stops larger ones.
FILE_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES
# Form fields and JSON bodies, without the files: the longest text the portal takes is a few thousand characters.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# Virus scanning of uploads: a dotted path to a callable ``(content: bytes) -> str | None`` (the name of what was
# found). Off unless CLAMAV_URL is set, then ClamAV's daemon through ``clamd`` (qazeta.uploads.clamav_scan).
CLAMAV_URL = env("CLAMAV_URL", default="")
CLAMAV_TIMEOUT = env.float("CLAMAV_TIMEOUT", default=30.0)
UPLOAD_SCANNER = "qazeta.uploads.clamav_scan" if CLAMAV_URL else ""

# The embedded default prints e-mails to the console; production requires SMTP (qazeta/settings/production.py).
EMAIL_CONFIG = env.email_url_config(env("EMAIL_URL", default="") or "consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="QazETA Expat Centre <noreply@expatcentre.aifc.kz>")

# --- Celery ---------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
CELERY_TIMEZONE = TIME_ZONE
# Keep Django's LOGGING (and its personal-data filter) in worker processes instead of Celery's own root handler.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Queues (docs/decisions/0019-scale-out-queues-replica-stateless-web.md): PDF renders, e-mails and the beat's sweepers
# each have their own, so each kind of worker scales on its own (docker-compose: worker-documents, worker-email,
# worker-sweepers; ``celery worker -Q documents``). A worker started without -Q consumes every queue listed here
# (the embedded default, the tests' worker). Tasks not routed below go to "celery".
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = {name: {"routing_key": name} for name in ("celery", "documents", "email", "sweepers")}
CELERY_TASK_ROUTES = {
    "applications.tasks.render_output": {"queue": "documents"},
    "applications.notifications.send_outbox_email": {"queue": "email"},
    "applications.notifications.send_application_email": {"queue": "email"},
    "payments.tasks.send_payment_email": {"queue": "email"},
    "applications.tasks.dispatch_outbox": {"queue": "sweepers"},
    "applications.tasks.requeue_pending_outputs": {"queue": "sweepers"},
    "applications.tasks.sweep_appointments": {"queue": "sweepers"},
    "qazeta.records.tasks.send_visa_reminders": {"queue": "sweepers"},
    "qazeta.accounts.tasks.prune_signin_events": {"queue": "sweepers"},
}
# A prefork child is replaced after this many tasks or once its resident memory passes this many KiB (checked after
# each task), so a documents worker's memory stays flat (WeasyPrint and pango keep caches that only grow; issue 10
# measured 0.27 MiB per letter). benchmarks/documents.py measures both. The solo pool ignores them.
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=200)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=300 * 1024)
CELERY_BEAT_SCHEDULE = {
    # The outbox sweeper: e-mails and tasks a broker outage kept back (applications.outbox).
    "dispatch-outbox": {
        "task": "applications.tasks.dispatch_outbox",
        "schedule": 60.0,
    },
    "requeue-lost-documents": {
        "task": "applications.tasks.requeue_pending_outputs",
        "schedule": 300.0,
    },
    # Visa extension-window reminders to host parties' admins (qazeta.records.reminders; each sent once).
    "send-visa-reminders": {
        "task": "qazeta.records.tasks.send_visa_reminders",
        "schedule": 60 * 60.0,
    },
    # Appointment reminders and the cancellation of visits not confirmed in time (each done once).
    "sweep-appointments": {
        "task": "applications.tasks.sweep_appointments",
        "schedule": 15 * 60.0,
    },
    # The sign-in log keeps SIGN_IN_EVENT_RETENTION_DAYS (docs/security.md, "Accounts and sign-in").
    "prune-sign-in-log": {
        "task": "qazeta.accounts.tasks.prune_signin_events",
        "schedule": 24 * 60 * 60.0,
    },
}

# --- DRF / OpenAPI ----------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # The token endpoint allows 10 requests a minute per address (ScopedRateThrottle), besides the lockout.
    "DEFAULT_THROTTLE_RATES": {"sign-in": "10/minute"},
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # DRF's parsers with size and nesting limits (a 413 or a 400, never a 500).
    "DEFAULT_PARSER_CLASSES": [
        "qazeta.parsers.JSONParser",
        "qazeta.parsers.FormParser",
        "qazeta.parsers.MultiPartParser",
    ],
    # Django's refusal of a body over DATA_UPLOAD_MAX_MEMORY_SIZE answered as JSON (413), not as an HTML page.
    "EXCEPTION_HANDLER": "qazeta.parsers.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "QazETA API",
    "DESCRIPTION": "AIFC Expat Centre one-stop-shop: services, fees, working-day calendar, applications.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the installed package, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

# --- Domain settings ------------------------------------------------------------------------
# Version of the consent-to-personal-data-processing text the filer accepts (templates/consent/).
CONSENT_TEXT_VERSION = "2025-01"
# Appointment slots: length in minutes and how many people one slot takes.
APPOINTMENT_SLOT_MINUTES = 30
APPOINTMENT_SLOT_CAPACITY = env.int("APPOINTMENT_SLOT_CAPACITY", default=3)
#: Dotted paths of ``gate(application) -> str`` callables: a non-empty answer says why booking the visit must wait
#: (applications/hooks.py). Independent of any ServiceDefinition.
APPOINTMENT_BOOKING_GATES: list[str] = ["payments.gates.booking_gate"]

# ------------------------------------------------------------------------------------------------ payments
# docs/decisions/0016-payments.md. The provider new payments use (payments.providers.PROVIDERS).
PAYMENT_PROVIDER = env("PAYMENT_PROVIDER", default="receipt")
#: The Expat Centre's account for bank transfers, printed on every invoice.
#: PLACEHOLDERS — TO BE FILLED BY THE EXPAT CENTRE (its accounts department) before payments go live; each value
#: can be set from the environment. Nothing here is a real account.
EXPAT_CENTRE_BANK = {
    "beneficiary": env("EXPAT_CENTRE_BANK_BENEFICIARY", default="[TO BE FILLED BY THE EXPAT CENTRE: beneficiary]"),
    "bin": env("EXPAT_CENTRE_BANK_BIN", default="[TO BE FILLED: BIN]"),
    "bank_name": env("EXPAT_CENTRE_BANK_NAME", default="[TO BE FILLED: bank]"),
    "bic": env("EXPAT_CENTRE_BANK_BIC", default="[TO BE FILLED: BIC]"),
    "iban": env("EXPAT_CENTRE_BANK_IBAN", default="[TO BE FILLED: IBAN KZ..]"),
    "kbe": env("EXPAT_CENTRE_BANK_KBE", default="[TO BE FILLED: KBe]"),
    "knp": env("EXPAT_CENTRE_BANK_KNP", default="[TO BE FILLED: KNP]"),
}
#: The budget classification code (КБК) of the state duty printed on the duty line.
#: PLACEHOLDER — TO BE CONFIRMED BY THE EXPAT CENTRE (the code differs by duty: visas, permits, registration).
STATE_DUTY_BUDGET_CODE = env("STATE_DUTY_BUDGET_CODE", default="[TO BE FILLED: KBK]")

# The visit's confirmation (the Expat Centre's rule): a reminder with a link to confirm goes
# APPOINTMENT_REMINDER_HOURS before the slot; an appointment not confirmed APPOINTMENT_CONFIRM_HOURS before it is
# cancelled and its place freed (applications.services.appointments_sweep, beat "sweep-appointments").
APPOINTMENT_REMINDER_HOURS = 48
APPOINTMENT_CONFIRM_HOURS = 24
# Where the visits take place (the guide 2025), shown on the booking page, in e-mails and in the .ics file.
EXPAT_CENTRE_ADDRESS = "Mangilik El Ave 55/18, pavilion C3.3, Astana"

# Every handler masks personal data (e-mail addresses, IIN/BIN, passport numbers, MRZ lines) in messages and
# tracebacks: qazeta.accounts.logfilters, docs/security.md "Privacy: what is logged". Django's own loggers are routed
# to these handlers too (their default handlers would print unfiltered).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "qazeta.accounts.logfilters.PersonalDataFilter"}},
    "formatters": {
        "plain": {"format": "[{asctime}] {levelname} {name}: {message}", "style": "{"},
        "server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["personal_data"], "formatter": "plain"},
        "server": {"class": "logging.StreamHandler", "filters": ["personal_data"], "formatter": "server"},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
        # WeasyPrint's font subsetting logs every glyph table at INFO.
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
    },
}
