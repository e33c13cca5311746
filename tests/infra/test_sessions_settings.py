"""Sessions of stateless web workers: the database by default, a shared cache on request, never a per-process one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PRINT_ENGINE = "import django.conf as c; print(c.settings.SESSION_ENGINE)"


def _settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("SESSION_STORE", "CACHE_URL", "DJANGO_SETTINGS_MODULE")}
    clean.update(DJANGO_SETTINGS_MODULE="qazeta.settings.local", **env)
    return subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", PRINT_ENGINE],
        env=clean,
        cwd=Path(settings.BASE_DIR),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_sessions_are_in_the_database_by_default():
    result = _settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.contrib.sessions.backends.db"


@pytest.mark.parametrize(
    ("store", "engine"),
    [("cached_db", "django.contrib.sessions.backends.cached_db"), ("cache", "django.contrib.sessions.backends.cache")],
)
def test_sessions_in_a_shared_redis_cache(store, engine):
    result = _settings(SESSION_STORE=store, CACHE_URL="redis://127.0.0.1:6379/1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == engine


@pytest.mark.parametrize("store", ["cache", "cached_db"])
def test_cache_sessions_without_a_shared_cache_refuse_to_start(store):
    result = _settings(SESSION_STORE=store)
    assert result.returncode != 0
    assert "needs CACHE_URL" in result.stderr


def test_an_unknown_session_store_refuses_to_start():
    result = _settings(SESSION_STORE="file")
    assert result.returncode != 0
    assert "SESSION_STORE must be one of" in result.stderr
