"""Errors to Sentry when SENTRY_DSN is set; nothing is sent when it is not.

No personal data leaves: sentry-sdk's own defaults keep users, cookies and addresses out
(`send_default_pii=False`), request bodies are never read (`max_request_body_size`), stack
frames carry no local variables (they hold narratives and passwords), and `scrub_event`
drops what remains of the request (headers, cookies, query string, body) and the user
but for the id, before anything is sent.
"""

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

# What of the request an event keeps: enough to find the view, nothing the caller sent.
REQUEST_KEPT = ("method", "url")


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    """`event` with the request reduced to its method and URL (without query string) and
    the user to its id."""
    request = event.get("request")
    if isinstance(request, dict):
        event["request"] = {key: request[key] for key in REQUEST_KEPT if key in request}
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    return event


def sentry_init(*, dsn: str, environment: str = "", transport=None) -> bool:
    """Start reporting errors (of requests and of Celery tasks) to `dsn`; False, and
    nothing started, when `dsn` is empty."""
    if not dsn:
        return False
    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        before_send=scrub_event,
        transport=transport,
    )
    return True
