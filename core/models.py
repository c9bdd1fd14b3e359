from django.conf import settings
from django.db import models


class IdempotencyKey(models.Model):
    """The first successful answer to a write sent with an Idempotency-Key header.

    A retry with the same key and the same request gets this answer back instead of a
    second claim, reply or finding. Keys are per user and expire (see IDEMPOTENCY_TTL).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=500)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    location = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        # Created by the api app's first migration; the table keeps its name and rows.
        db_table = "api_idempotencykey"
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_per_user"),
        ]

    def __str__(self):
        return f"{self.user_id}:{self.key}"


class JobRun(models.Model):
    """The last completed run of a named background job (core.runs): the worker's
    heartbeat, the deadline sweep. One row per job, overwritten at each run."""

    name = models.CharField(max_length=64, primary_key=True)
    finished_at = models.DateTimeField()
    duration = models.DurationField()

    def __str__(self):
        return f"{self.name} at {self.finished_at:%Y-%m-%d %H:%M:%S}"
