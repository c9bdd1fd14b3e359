"""The background jobs: Celery's broker and habits, what beat sends and when, the one-beat
lock, and the exports that run as jobs. Read into config.settings.base."""

from pathlib import Path

from celery.schedules import crontab

from .environment import RUN_DIR, env

# Celery. The default broker is kombu's filesystem transport under .run/: nothing to
# install for a local run. Production sets CELERY_BROKER_URL=redis://...
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = Path(env("CELERY_FILESYSTEM_BROKER_DIR", default=str(RUN_DIR / "broker")))
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
# A task is acknowledged only after it ran: a worker that dies mid-task leaves it queued.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "flag-overdue": {
        "task": "verification.flag_overdue",
        "schedule": env.int("SWEEP_INTERVAL_SECONDS", default=300),
    },
    "send-pending-emails": {
        "task": "notifications.send_pending_emails",
        "schedule": 60.0,
    },
    # Whichever worker runs it records the time: /healthz's "worker" check.
    "worker-heartbeat": {
        "task": "core.worker_heartbeat",
        "schedule": 60.0,
    },
    "purge-idempotency-keys": {
        "task": "api.purge_idempotency_keys",
        "schedule": 3600.0,
    },
    # Once a day both parties and the secretariat receive the audit chain's head, so a
    # history rewritten later no longer matches what they were sent.
    "publish-audit-chain-head": {
        "task": "audit.publish_chain_head",
        "schedule": crontab(
            hour=env.int("AUDIT_HEAD_PUBLISH_HOUR", default=0),
            minute=env.int("AUDIT_HEAD_PUBLISH_MINUTE", default=5),
        ),
    },
}

# --- Long exports (core.exports) -------------------------------------------------------
# Over this many rows an export runs as a Celery task: the API answers 202 with a status
# URL, the browser shows the job's progress; at or under it the file streams at once.
EXPORT_ASYNC_THRESHOLD = env.int("EXPORT_ASYNC_THRESHOLD", default=5000)
# A finished export can be downloaded this long; then exports.purge deletes it.
EXPORT_RETENTION_HOURS = 24
CELERY_BEAT_SCHEDULE["purge-export-jobs"] = {"task": "exports.purge", "schedule": 3600.0}

# --- One beat (config.beat) ------------------------------------------------------------
# Beat dispatches only while it holds a lock (Redis from CELERY_BROKER_URL or CACHE_URL,
# else a file beside the schedule): a second beat waits and takes over when the first dies.
CELERY_BEAT_SCHEDULER = "config.beat:LockedScheduler"
