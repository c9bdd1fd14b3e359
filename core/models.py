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

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    key = models.CharField(max_length=255, verbose_name=_("key"))
    fingerprint = models.CharField(max_length=64, verbose_name=_("fingerprint"))
    method = models.CharField(max_length=8, verbose_name=_("method"))
    path = models.CharField(max_length=500, verbose_name=_("path"))
    status_code = models.PositiveSmallIntegerField(verbose_name=_("status code"))
    response = models.JSONField(verbose_name=_("response"))
    location = models.CharField(max_length=500, blank=True, verbose_name=_("location"))
    created_at = models.DateTimeField(
        auto_now_add=True, db_index=True, verbose_name=_("created at")
    )

    class Meta:
        # Created by the api app's first migration; the table keeps its name and rows.
        db_table = "api_idempotencykey"
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_per_user"),
        ]
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")

    def __str__(self):
        return f"{self.user_id}:{self.key}"


class JobRun(models.Model):
    """The last completed run of a named background job (core.runs): the worker's
    heartbeat, the deadline sweep. One row per job, overwritten at each run."""

    name = models.CharField(max_length=64, primary_key=True, verbose_name=_("name"))
    finished_at = models.DateTimeField(verbose_name=_("finished at"))
    duration = models.DurationField(verbose_name=_("duration"))

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")

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
    id = models.UUIDField(
        primary_key=True, default=uuid.uuid4, editable=False, verbose_name=_("id")
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("requester"),
    )
    kind = models.CharField(max_length=60, verbose_name=_("kind"))
    # The request's query parameters, each a list of values, as the export was asked for.
    parameters = models.JSONField(default=dict, verbose_name=_("parameters"))
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, verbose_name=_("status")
    )
    progress_done = models.PositiveIntegerField(default=0, verbose_name=_("progress done"))
    progress_total = models.PositiveIntegerField(default=0, verbose_name=_("progress total"))
    file = models.FileField(
        upload_to=export_path,
        storage=export_storage,
        max_length=200,
        blank=True,
        verbose_name=_("file"),
    )
    filename = models.CharField(max_length=200, verbose_name=_("filename"))
    content_type = models.CharField(max_length=100, verbose_name=_("content type"))
    error_code = models.CharField(max_length=60, blank=True, verbose_name=_("error code"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("started at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))
    # After this the file is refused (EXPORT_EXPIRED) and the purge deletes the job.
    expires_at = models.DateTimeField(db_index=True, verbose_name=_("expires at"))

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
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")

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

    mode = models.CharField(
        max_length=16, choices=Mode.choices, default=Mode.NORMAL, verbose_name=_("mode")
    )
    since = models.DateTimeField(verbose_name=_("since"))
    frozen_since = models.DateTimeField(null=True, blank=True, verbose_name=_("frozen since"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.CharField(max_length=500, blank=True, verbose_name=_("reason"))

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="site_mode_single_row"),
            models.CheckConstraint(
                condition=models.Q(mode="normal", frozen_since__isnull=True)
                | (~models.Q(mode="normal") & models.Q(frozen_since__isnull=False)),
                name="site_mode_frozen_outside_normal",
            ),
        ]
        verbose_name = _("site mode")
        verbose_name_plural = _("site modes")

    def __str__(self):
        return f"{self.get_mode_display()} since {self.since:%Y-%m-%d %H:%M}"


class SiteModeSwitch(models.Model):
    """Every switch of the mode, kept: from, to, when, by whom and why."""

    from_mode = models.CharField(max_length=16, choices=Mode.choices, verbose_name=_("from mode"))
    to_mode = models.CharField(max_length=16, choices=Mode.choices, verbose_name=_("to mode"))
    at = models.DateTimeField(db_index=True, verbose_name=_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.CharField(max_length=500, blank=True, verbose_name=_("reason"))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("site mode switch")
        verbose_name_plural = _("site mode switches")

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

    id = models.UUIDField(
        primary_key=True, default=uuid.uuid4, editable=False, verbose_name=_("id")
    )
    digest = models.CharField(
        max_length=CONSTANTS.DIGEST_LENGTH, unique=True, verbose_name=_("digest")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(max_length=100, verbose_name=_("name"))
    scope = models.CharField(
        max_length=5, choices=TokenScope.choices, default=TokenScope.WRITE, verbose_name=_("scope")
    )
    # Written at most once a minute per token (core.api.authentication), not on every call.
    last_used_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last used at"))

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
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_scope_display()})"
