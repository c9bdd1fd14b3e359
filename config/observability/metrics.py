"""GET /metrics: Prometheus metrics for the operators, behind a bearer token.

Two parts. django-prometheus's: requests, responses and latency by view and method (its
middlewares), database queries, errors and connections (its backend wrappers, selected in
config/settings/base.py). Under gunicorn they are summed over the workers
(PROMETHEUS_MULTIPROC_DIR, which gunicorn.conf.py sets). And the mechanism's own,
computed at each scrape with one aggregate query each: open claims by status, claims
overdue by deadline, claims waiting for each co-chair's finding, the last sweep's time
and duration, the worker's last heartbeat, and the audit chain's length.

METRICS_TOKEN is the credential (`Authorization: Bearer <token>`, compared in constant
time); without one set, /metrics answers 404 to everyone.
"""

import hmac
import logging
import os

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from audit.tree import log_size
from core.runs import SWEEP, WORKER_HEARTBEAT, job_runs_last
from incidents.models import Incident
from verification.review import REVIEWABLES
from verification.selectors import open_counts_by_status, overdue_counts, queue_lengths

log = logging.getLogger(__name__)


def _gauge(name: str, documentation: str, values: dict | None = None, *, label: str = ""):
    family = GaugeMetricFamily(name, documentation, labels=[label] if label else None)
    for key, value in (values or {}).items():
        family.add_metric([key] if label else [], value)
    return family


class MechanismCollector:
    """The mechanism's gauges, read from the database when Prometheus scrapes."""

    def collect(self):
        """Every gauge, and `ceasefire_gauges_up` 1; only the latter, at 0, when the
        database cannot answer (the request metrics are still served)."""
        try:
            families = list(self._families())
        except DatabaseError:
            log.exception("The mechanism's gauges could not be read")
            families = []
        yield from families
        yield _gauge("ceasefire_gauges_up", "1 when the gauges were read.", {"": len(families) > 0})

    def _families(self):
        claims = REVIEWABLES[Incident]
        runs = job_runs_last()
        yield _gauge(
            "ceasefire_claims_open",
            "Open claims (submitted, under review, disputed) by status.",
            open_counts_by_status(reviewable=claims),
            label="status",
        )
        yield _gauge(
            "ceasefire_claims_overdue",
            "Claims flagged overdue by the sweep that still wait, by deadline.",
            overdue_counts(reviewable=claims),
            label="deadline",
        )
        yield _gauge(
            "ceasefire_review_queue_claims",
            "Claims under review waiting for a co-chair's finding, by co-chair.",
            queue_lengths(reviewable=claims),
            label="cochair",
        )
        sweep, heartbeat = runs.get(SWEEP), runs.get(WORKER_HEARTBEAT)
        yield _gauge(
            "ceasefire_sweep_last_finished_timestamp_seconds",
            "When the last deadline sweep finished (Unix time).",
            {"": sweep.finished_at.timestamp()} if sweep else None,
        )
        yield _gauge(
            "ceasefire_sweep_last_duration_seconds",
            "How long the last deadline sweep took.",
            {"": sweep.duration.total_seconds()} if sweep else None,
        )
        yield _gauge(
            "ceasefire_worker_last_heartbeat_timestamp_seconds",
            "When a Celery worker last ran the heartbeat task (Unix time).",
            {"": heartbeat.finished_at.timestamp()} if heartbeat else None,
        )
        yield _gauge(
            "ceasefire_audit_chain_length",
            "Events in the audit chain (the transparency log's size).",
            {"": log_size()},
        )


_mechanism = CollectorRegistry()
_mechanism.register(MechanismCollector())


def _django_registry():
    """django-prometheus's metrics: this process's, or every gunicorn worker's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        return registry
    return REGISTRY


def _plain(text: str, status: int) -> HttpResponse:
    return HttpResponse(text + "\n", status=status, content_type="text/plain; charset=utf-8")


def _bearer(request) -> str:
    scheme, _, credential = request.headers.get("Authorization", "").partition(" ")
    return credential.strip() if scheme.lower() == "bearer" else ""


@never_cache
@require_GET
def metrics(request):
    token = settings.METRICS_TOKEN
    if not token:
        return _plain("Not found.", 404)
    given = _bearer(request)
    if not given:
        response = _plain("Authorization: Bearer <METRICS_TOKEN> required.", 401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    if not hmac.compare_digest(given.encode(), token.encode()):
        return _plain("Forbidden.", 403)
    body = generate_latest(_django_registry()) + generate_latest(_mechanism)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
