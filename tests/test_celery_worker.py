"""A real Celery worker process runs the project's ping task through the configured broker.

The broker and result backend are the environment's (CELERY_BROKER_URL and
CELERY_RESULT_BACKEND: Redis in CI) or, when unset, the default filesystem broker and a
file result backend, both in a temporary directory. The worker listens on a queue of its
own, so that other workers on a shared broker never take the message.
"""

import contextlib
import os
import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from celery import Celery

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parent.parent
RESULT_TIMEOUT = 60  # seconds, worker start-up included
STOP_TIMEOUT = 15


@dataclass
class BrokerSetup:
    url: str
    result_backend: str
    transport_options: dict = field(default_factory=dict)
    worker_env: dict = field(default_factory=dict)
    workdir: Path | None = None


@dataclass
class Worker:
    process: subprocess.Popen
    queue: str
    stdout: Path
    stderr: Path

    def output(self) -> str:
        parts = []
        for name, path in (("stderr", self.stderr), ("stdout", self.stdout)):
            text = path.read_text(errors="replace") if path.exists() else ""
            parts.append(f"--- worker {name} ---\n{text[-8000:]}")
        return "\n".join(parts)


def _celery_executable() -> str:
    beside_python = Path(sys.executable).with_name("celery")
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("celery")
    assert found, "the celery command is not installed"
    return found


@pytest.fixture
def broker_setup(tmp_path) -> BrokerSetup:
    url = os.environ.get("CELERY_BROKER_URL") or "filesystem://"
    results = tmp_path / "results"
    results.mkdir()
    backend = os.environ.get("CELERY_RESULT_BACKEND") or f"file://{results}"
    if not url.startswith("filesystem://"):
        return BrokerSetup(url=url, result_backend=backend, workdir=tmp_path)

    broker_dir = tmp_path / "broker"
    for name in ("queue", "processed", "control"):
        (broker_dir / name).mkdir(parents=True)
    return BrokerSetup(
        url=url,
        result_backend=backend,
        # The folders config/settings/base.py derives from CELERY_FILESYSTEM_BROKER_DIR.
        transport_options={
            "data_folder_in": str(broker_dir / "queue"),
            "data_folder_out": str(broker_dir / "queue"),
            "processed_folder": str(broker_dir / "processed"),
            "store_processed": False,
            "control_folder": str(broker_dir / "control"),
        },
        worker_env={"CELERY_FILESYSTEM_BROKER_DIR": str(broker_dir)},
        # kombu's control_folder defaults to "control" relative to the working directory:
        # whatever the settings say, nothing the worker writes lands in the repository.
        workdir=broker_dir,
    )


@pytest.fixture
def worker(request, tmp_path, broker_setup) -> Worker:
    queue = f"test-ping-{uuid.uuid4().hex}"
    env = {
        **os.environ,
        **broker_setup.worker_env,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        # The ping task does not touch the database: a throwaway file is enough.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "CELERY_BROKER_URL": broker_setup.url,
        "CELERY_RESULT_BACKEND": broker_setup.result_backend,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        _celery_executable(),
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "-Q",
        queue,
        "--without-heartbeat",
        "--without-mingle",
        "--without-gossip",
        "--loglevel=INFO",
        f"--hostname={queue}@%h",
    ]
    stdout, stderr = tmp_path / "worker.stdout", tmp_path / "worker.stderr"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(
            command, cwd=broker_setup.workdir, env=env, stdout=out, stderr=err
        )

    def stop():
        if process.poll() is None:
            process.terminate()  # SIGTERM: warm shutdown
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=STOP_TIMEOUT)

    request.addfinalizer(stop)
    return Worker(process=process, queue=queue, stdout=stdout, stderr=stderr)


@contextlib.contextmanager
def client_app(setup: BrokerSetup):
    """A Celery client of its own on the worker's broker and backend.

    The project's app read the test settings at import (eager tasks, no result
    backend) and keeps its connection pools: sending through a separate client
    leaves those untouched for the rest of the session. send_task needs only the
    task's name, not its code.
    """
    app = Celery("ping-client", set_as_current=False)
    app.conf.update(
        broker_url=setup.url,
        broker_transport_options=setup.transport_options,
        result_backend=setup.result_backend,
        broker_connection_retry_on_startup=True,
    )
    try:
        yield app
    finally:
        app.close()


def _delete_queue(app, queue: str) -> None:
    """Leave nothing behind on a shared broker (the queue and its binding)."""
    with contextlib.suppress(Exception), app.connection_for_write() as connection:
        # Declared first: kombu deletes only the bindings this connection knows of.
        bound = app.amqp.queues[queue](connection.default_channel)
        bound.declare()
        bound.delete()
    app.amqp.queues.pop(queue, None)


def test_worker_runs_the_ping_task(worker, broker_setup):
    with client_app(broker_setup) as app:
        try:
            result = app.send_task("ceasefire.ping", queue=worker.queue)
            deadline = time.monotonic() + RESULT_TIMEOUT
            while not result.ready():
                if worker.process.poll() is not None:
                    pytest.fail(
                        f"the worker exited with status {worker.process.returncode} "
                        f"before answering\n{worker.output()}"
                    )
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"no result from the worker within {RESULT_TIMEOUT}s "
                        f"(broker {broker_setup.url}, backend {broker_setup.result_backend})"
                        f"\n{worker.output()}"
                    )
                time.sleep(0.2)
            try:
                value = result.get(timeout=RESULT_TIMEOUT)
            except Exception as exc:
                pytest.fail(f"ceasefire.ping failed in the worker: {exc!r}\n{worker.output()}")
            assert value == "pong", worker.output()
            result.forget()
        finally:
            _delete_queue(app, worker.queue)
