"""Celery queues: each task goes to its queue, every queue has a worker in docker-compose, workers recycle children."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.conf import settings

from qazeta.celery import app

QUEUES = {"celery", "documents", "email", "sweepers"}


def _our_tasks() -> set[str]:
    app.loader.import_default_modules()  # autodiscovery: every app's tasks module
    return {name for name in app.tasks if not name.startswith("celery.")}


def _queue_of(task_name: str) -> str:
    return app.amqp.router.route({}, task_name)["queue"].name


def test_the_four_queues_are_declared_and_a_worker_without_q_consumes_them_all():
    # A worker started without -Q (the embedded default, tests/worker_process.py) consumes app.amqp.queues.
    assert set(app.amqp.queues) == QUEUES
    assert app.conf.task_default_queue == "celery"


def test_the_pdf_render_goes_to_documents_and_e_mails_to_email():
    assert _queue_of("applications.tasks.render_output") == "documents"
    for name in (
        "applications.notifications.send_outbox_email",
        "applications.notifications.send_application_email",
        "payments.tasks.send_payment_email",
    ):
        assert _queue_of(name) == "email", name


def test_every_beat_task_goes_to_sweepers():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled, "the beat schedule is empty"
    assert {name: _queue_of(name) for name in scheduled} == dict.fromkeys(scheduled, "sweepers")


def test_every_task_of_the_project_is_routed_to_a_declared_queue_and_every_route_names_a_real_task():
    tasks = _our_tasks()
    assert "applications.tasks.render_output" in tasks
    assert {_queue_of(name) for name in tasks} <= QUEUES
    # A renamed task would silently fall back to "celery": each route must name a registered task.
    assert set(settings.CELERY_TASK_ROUTES) <= tasks


def test_compose_has_a_worker_service_per_queue_and_together_they_consume_every_queue():
    compose = yaml.safe_load((Path(settings.BASE_DIR) / "docker-compose.yml").read_text())
    consumed: dict[str, set[str]] = {}
    for name, service in compose["services"].items():
        command = service.get("command") or []
        if command[:4] == ["celery", "-A", "qazeta", "worker"]:
            assert "-Q" in command, f"{name} consumes no named queue"
            consumed[name] = set(command[command.index("-Q") + 1].split(","))
            assert "-n" in command, f"{name} needs a node name per queue for its health check"
    assert {"worker-documents", "worker-email", "worker-sweepers"} <= set(consumed)
    assert consumed["worker-documents"] == {"documents"}
    assert consumed["worker-email"] == {"email"}
    assert set().union(*consumed.values()) == QUEUES
    # --scale needs services without a fixed container name or published port.
    for name in consumed:
        assert "container_name" not in compose["services"][name]
        assert "ports" not in compose["services"][name]


def test_worker_children_are_recycled_by_task_count_and_memory():
    assert app.conf.worker_max_tasks_per_child == settings.CELERY_WORKER_MAX_TASKS_PER_CHILD > 0
    # KiB, as Celery reads it: a limit over the 107 MiB a fresh documents worker starts at and under 1 GiB.
    assert 107 * 1024 < app.conf.worker_max_memory_per_child < 1024 * 1024
