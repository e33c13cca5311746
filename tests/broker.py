"""Point the Celery app's broker somewhere else for a test: at a closed port (a broker outage) or at a real one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from qazeta.celery import app as celery_app

#: Nothing listens on port 1 of the loopback: every connection is refused at once, as when Redis is down.
UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"


def _forget_connections() -> None:
    # The app keeps a producer pool for the broker URL it first used; drop it so the next publish connects to the
    # URL now set. (Not closed: kombu's pool registry hands the same pool back when that URL comes back.)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def broker_at(url: str, *, eager: bool = False) -> Iterator[None]:
    """Publish to ``url`` (eager tasks off unless ``eager``) inside the block; the app's settings come back after."""
    conf = celery_app.conf
    saved = (conf.broker_url, conf.task_always_eager)
    conf.broker_url, conf.task_always_eager = url, eager
    _forget_connections()
    try:
        yield
    finally:
        conf.broker_url, conf.task_always_eager = saved
        _forget_connections()
