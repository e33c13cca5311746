"""A real Celery worker process for the tests that need one (tests/test_worker.py, tests/test_broker_down.py).

The worker is our own interpreter running ``celery -A qazeta worker`` (solo pool, one process), on the test
database and the real broker (REDIS_URL); its output goes to a log file the test can read.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection


def database_url_for_worker() -> str:
    """The URL of the test database the test process uses, for the worker to use the same one."""
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def celery_worker(*, settings_module: str, log_path: Path, env: Mapping[str, str] | None = None) -> Iterator:
    """Start a worker with ``settings_module`` (plus ``env``), writing to ``log_path``; stop it on exit."""
    full_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": database_url_for_worker(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **(env or {}),
    }
    with log_path.open("w") as log:
        proc = subprocess.Popen(  # noqa: S603 - fixed argv, our own interpreter
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "qazeta",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=settings.BASE_DIR,
        )
        proc.log_path = log_path
        try:
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
