"""Production: secrets and hosts from the environment, HTTPS only, SMTP e-mail, S3-compatible media when configured."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import STORAGES, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# E-mail goes out by SMTP, nothing else: the console backend would print every e-mail (names, refusal reasons)
# into the worker's log. ``EMAIL_URL``: smtp://user:password@host:25, smtp+tls://…:587 or smtp+ssl://…:465.
SMTP_SCHEMES = ("smtp://", "smtps://", "smtp+tls://", "smtp+ssl://")
EMAIL_URL = env("EMAIL_URL", default="")
if not EMAIL_URL.startswith(SMTP_SCHEMES):
    raise ImproperlyConfigured(
        "Set EMAIL_URL to the SMTP server (smtp://, smtp+tls:// or smtp+ssl://): production sends e-mail by SMTP "
        f"only, never to the console. Got: {EMAIL_URL.split(':', 1)[0] + '://…' if EMAIL_URL else 'nothing'}."
    )
vars().update(env.email_url("EMAIL_URL"))

if env("AWS_STORAGE_BUCKET_NAME", default=""):
    # Uploaded scans and issued documents at rest: the bucket's server-side encryption, asked for on every object
    # when AWS_S3_SERVER_SIDE_ENCRYPTION is "AES256" (keys held by the store) or "aws:kms" (with
    # AWS_S3_SSE_KMS_KEY_ID, keys in a KMS); unset, the bucket's default applies (AWS S3 encrypts new objects with
    # SSE-S3 by default). See docs/decisions/0012-encryption-at-rest.md.
    object_parameters = {}
    sse = env("AWS_S3_SERVER_SIDE_ENCRYPTION", default="")
    if sse:
        object_parameters["ServerSideEncryption"] = sse
        if env("AWS_S3_SSE_KMS_KEY_ID", default=""):
            object_parameters["SSEKMSKeyId"] = env("AWS_S3_SSE_KMS_KEY_ID")
    STORAGES = {
        **STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
                "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
                "default_acl": None,
                "querystring_auth": True,
                "object_parameters": object_parameters,
            },
        },
    }
