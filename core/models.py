import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken
from knox.settings import CONSTANTS


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


def export_storage():
    """Where finished exports are kept: the evidence's private storage when one is
    configured under its own name, else the default storage (local disk or S3 alike)."""
    from django.core.files.storage import storages

    return storages["evidence"] if "evidence" in settings.STORAGES else storages["default"]


def export_path(job, filename):
    return f"exports/{job.pk}/{filename}"


class ExportJob(models.Model):
    """An export built in the background for its requester (core.exports)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    # Not a sequence: a job's address says nothing about how many others exist.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=60)
    # The request's query parameters, each a list of values, as the export was asked for.
    parameters = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    file = models.FileField(
        upload_to=export_path, storage=export_storage, max_length=200, blank=True
    )
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    error_code = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # After this the file is refused (EXPORT_EXPIRED) and the purge deletes the job.
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["requester", "-created_at"], name="export_job_requester")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | ~models.Q(file=""),
                name="export_job_done_has_file",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="failed") | ~models.Q(error_code=""),
                name="export_job_failed_has_code",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.pk} ({self.status})"


class Mode(models.TextChoices):
    NORMAL = "normal", _("Normal")
    READ_ONLY = "read_only", _("Read-only")
    NO_ACCESS = "no_access", _("No access")


class SiteMode(models.Model):
    """The mechanism's one lockdown switch: a single row (id 1); no row means normal.

    `frozen_since` is when the mechanism last left normal mode: read-only and no-access
    both freeze every write and every deadline until it comes back."""

    mode = models.CharField(max_length=16, choices=Mode.choices, default=Mode.NORMAL)
    since = models.DateTimeField()
    frozen_since = models.DateTimeField(null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="site_mode_single_row"),
            models.CheckConstraint(
                condition=models.Q(mode="normal", frozen_since__isnull=True)
                | (~models.Q(mode="normal") & models.Q(frozen_since__isnull=False)),
                name="site_mode_frozen_outside_normal",
            ),
        ]

    def __str__(self):
        return f"{self.get_mode_display()} since {self.since:%Y-%m-%d %H:%M}"


class SiteModeSwitch(models.Model):
    """Every switch of the mode, kept: from, to, when, by whom and why."""

    from_mode = models.CharField(max_length=16, choices=Mode.choices)
    to_mode = models.CharField(max_length=16, choices=Mode.choices)
    at = models.DateTimeField(db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.from_mode} → {self.to_mode} at {self.at:%Y-%m-%d %H:%M}"


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class ApiToken(AbstractAuthToken):
    """One named API client of a person (django-rest-knox's token, KNOX_TOKEN_MODEL).

    Only the SHA-512 digest of the secret is stored, with its first characters
    (`token_key`) as an indexed lookup key: a copy of this table cannot be replayed.
    The secret itself is shown once, when the token is created (core.api.tokens).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    digest = models.CharField(max_length=CONSTANTS.DIGEST_LENGTH, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    scope = models.CharField(max_length=5, choices=TokenScope.choices, default=TokenScope.WRITE)
    # Written at most once a minute per token (core.api.authentication), not on every call.
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope__in=TokenScope.values), name="api_token_scope_known"
            ),
            models.CheckConstraint(condition=~models.Q(name=""), name="api_token_named"),
            models.CheckConstraint(
                condition=models.Q(expiry__isnull=False), name="api_token_expires"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_scope_display()})"
