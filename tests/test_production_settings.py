"""Production sends e-mail by SMTP only and refuses to start without it; the compose file no longer defaults to the
console backend; S3 server-side encryption is set from the environment (issue 6, §5)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PRINT_SETTINGS = (
    "import json, django.conf as c; s = c.settings; "
    "print(json.dumps({'backend': s.EMAIL_BACKEND, 'host': s.EMAIL_HOST, 'storage': s.STORAGES['default']}))"
)


def _production(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "AWS_", "DJANGO_"))}
    clean.update(DJANGO_SETTINGS_MODULE="qazeta.settings.production", SECRET_KEY="x" * 50, **env)
    return subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code], env=clean, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.parametrize("email_url", [None, "", "consolemail://", "filemail:///tmp/mail", "dummymail://"])
def test_production_refuses_to_start_without_an_smtp_email_url(email_url):
    env = {} if email_url is None else {"EMAIL_URL": email_url}
    result = _production(PRINT_SETTINGS, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "Set EMAIL_URL to the SMTP server" in result.stderr


def test_production_sends_by_smtp_with_the_given_server():
    result = _production(PRINT_SETTINGS, EMAIL_URL="smtp+tls://portal:secret@mail.example.kz:587")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["backend"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["host"] == "mail.example.kz"


def test_s3_server_side_encryption_comes_from_the_environment():
    result = _production(
        PRINT_SETTINGS,
        EMAIL_URL="smtp://mail.example.kz:25",
        AWS_STORAGE_BUCKET_NAME="qazeta-media",
        AWS_S3_SERVER_SIDE_ENCRYPTION="aws:kms",
        AWS_S3_SSE_KMS_KEY_ID="alias/qazeta",
    )
    assert result.returncode == 0, result.stderr
    options = json.loads(result.stdout)["storage"]["OPTIONS"]
    assert options["object_parameters"] == {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": "alias/qazeta"}


def test_compose_requires_the_email_url_and_never_defaults_to_the_console():
    text = (ROOT / "docker-compose.yml").read_text()
    assert "consolemail" not in text
    environment = yaml.safe_load(text)["x-app"]["environment"]
    assert environment["EMAIL_URL"].startswith("${EMAIL_URL:?")
