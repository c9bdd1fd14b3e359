"""Safe retries for writes: the `Idempotency-Key` header.

The first request with a key runs and, when it succeeds, its answer is stored under
(user, key) with a fingerprint of the request. A retry with the same key and the same
request gets the stored answer (header `Idempotent-Replayed: true`); the same key
with a different request is refused with IDEMPOTENCY_KEY_REUSED. A refused request
stores nothing, so retrying it runs it again.

The key's row is written in the same transaction as the write it guards, so a failed
write leaves no key. Two requests with one key at once take turns on a transaction-scoped
lock of that key (PostgreSQL): the second waits for the first to commit, then finds its
answer and replays it.
"""

import hashlib
import json
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from core.models import IdempotencyKey

from .errors import ApiError

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


def _ttl() -> timedelta:
    return timedelta(hours=getattr(settings, "IDEMPOTENCY_TTL_HOURS", 24))


def _fingerprint(request, view_kwargs) -> str:
    """What makes two requests 'the same': method, route, and the parsed body (files by
    their SHA-256), independent of key order and multipart boundaries."""
    data = {}
    for name in sorted(request.data.keys()) if hasattr(request.data, "keys") else []:
        if hasattr(request.data, "getlist"):
            values = request.data.getlist(name)
        else:
            values = [request.data[name]]
        data[name] = values
    files = {}
    for name in sorted(request.FILES.keys()):
        digests = []
        uploads = request.FILES[name]  # one file, or a list when the field is repeated
        for upload in uploads if isinstance(uploads, list) else [uploads]:
            digest = hashlib.sha256()
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
            digests.append(digest.hexdigest())
        files[name] = digests
    if not hasattr(request.data, "keys"):
        data = {"_": request.data}
    canonical = json.dumps(
        {
            "method": request.method,
            "path": request.path,
            "kwargs": {k: str(v) for k, v in sorted(view_kwargs.items())},
            "data": {k: v for k, v in data.items() if k not in files},
            "files": files,
        },
        sort_keys=True,
        cls=JSONEncoder,
        default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _lock_key(user, key: str) -> None:
    """Hold (user, key) until the transaction ends. SQLite needs nothing: it runs one
    writing transaction at a time."""
    if connection.vendor != "postgresql":
        return
    digest = hashlib.sha256(f"{user.pk}:{key}".encode()).digest()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest[:8], "big", signed=True)]
        )


def _replay(record: IdempotencyKey) -> Response:
    response = Response(record.response, status=record.status_code)
    response["Idempotent-Replayed"] = "true"
    if record.location:
        response["Location"] = record.location
    return response


def idempotent(handler):
    """Decorate a DRF view method (post) so that it honours Idempotency-Key."""

    @wraps(handler)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return handler(view, request, *args, **kwargs)
        key = key.strip()
        if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
            raise ApiError(
                "VALIDATION_ERROR",
                _("Invalid Idempotency-Key header."),
                fields={HEADER: [f"Give 1 to {MAX_KEY_LENGTH} printable characters."]},
            )
        fingerprint = _fingerprint(request, kwargs)
        user = request.user
        now = timezone.now()
        with transaction.atomic():
            _lock_key(user, key)
            IdempotencyKey.objects.filter(user=user, key=key, created_at__lt=now - _ttl()).delete()
            existing = IdempotencyKey.objects.select_for_update().filter(user=user, key=key).first()
            if existing is not None:
                if existing.fingerprint != fingerprint:
                    raise ApiError(
                        "IDEMPOTENCY_KEY_REUSED",
                        _("This Idempotency-Key was used for a different request."),
                        fields={HEADER: [_("Use a new key for a new request.")]},
                    )
                return _replay(existing)
            response = handler(view, request, *args, **kwargs)
            if not 200 <= response.status_code < 300:
                return response
            try:
                with transaction.atomic():
                    IdempotencyKey.objects.create(
                        user=user,
                        key=key,
                        fingerprint=fingerprint,
                        method=request.method,
                        path=request.path[:500],
                        status_code=response.status_code,
                        response=json.loads(json.dumps(response.data, cls=JSONEncoder)),
                        location=response.get("Location", "")[:500],
                    )
            except IntegrityError as exc:
                # Where no key lock is taken, a concurrent request with the same key may
                # commit first: undo this one.
                raise ApiError(
                    "IDEMPOTENCY_KEY_IN_USE",
                    _("A request with this Idempotency-Key is already being processed; retry."),
                ) from exc
            return response

    return wrapper


def idempotency_keys_purge(*, older_than: timedelta | None = None) -> int:
    """Delete expired keys; returns how many. Run by the periodic cleanup task."""
    cutoff = timezone.now() - (older_than or _ttl())
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
