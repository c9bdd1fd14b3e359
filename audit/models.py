"""The append-only, hash-chained audit trail shared by every domain app.

Events name their subject by kind and id (not a foreign key) so that claims, and later
commitments, referrals and penalties, all write to one chain.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(TypeError):
    pass


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events are append-only.")

    def delete(self):
        raise AppendOnlyError("Audit events are append-only.")

    def for_subject(self, subject_type, subject_id):
        return self.filter(subject_type=subject_type, subject_id=subject_id).order_by("sequence")


class AuditEvent(models.Model):
    sequence = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for the system (the deadline sweep).",
    )
    action = models.CharField(max_length=64)
    subject_type = models.CharField(max_length=32)
    subject_id = models.PositiveBigIntegerField()
    subject_ref = models.CharField(max_length=40)
    from_status = models.CharField(max_length=32, blank=True)
    to_status = models.CharField(max_length=32, blank=True)
    payload = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64, unique=True)
    hash = models.CharField(max_length=64, unique=True)
    # 32 random bytes (hex) that both hashes commit to, so that an event's hashes say
    # nothing about content that can be guessed; shown only to whoever may see the event.
    # Empty on events written before the transparency log.
    salt = models.CharField(max_length=64, blank=True, default="")
    # RFC 9162 leaf hash (hex) of the event's canonical content, salt included: the
    # transparency log's proofs are computed from these alone.
    leaf_hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["sequence"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "sequence"], name="audit_subject"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hash__regex=r"^[0-9a-f]{64}$"), name="audit_hash_hex"
            ),
        ]

    def __str__(self):
        return f"#{self.sequence} {self.action} {self.subject_ref}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events are append-only.")


class ChainHead(models.Model):
    """The single row every writer locks to append: keeps the chain linear under concurrency.

    Writers take this lock as the last step of their transaction, so it is held only
    for the append and the commit, never for the work that came before.

    It also carries the transparency log's right edge as the application last left it:
    the compact Merkle frontier (audit.merkle), its root, and an Ed25519 signature over
    (sequence, root, signed_at) made at that append with the key kept outside the
    database. Whoever owns the database can move `sequence` and `hash` over an event
    they wrote, but cannot sign for it: the next append refuses (LOG_TAMPERED), and
    `verify_audit_chain` and the parties' verifier see the log outgrow its signature.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)
    log_root = models.CharField(max_length=64, blank=True, default="")
    log_frontier = models.JSONField(
        default=list, blank=True, help_text="hex roots of the right-edge complete subtrees"
    )
    log_signed_at = models.DateTimeField(null=True, blank=True)
    log_key_id = models.CharField(max_length=16, blank=True, default="")
    log_signature = models.CharField(max_length=88, blank=True, default="")

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="chain_head_single")]

    def __str__(self):
        return f"head #{self.sequence} {self.hash}"


class ChainHeadPublication(models.Model):
    """The chain head as it was sent, once a day, to both parties and the secretariat.

    Kept so that the head sent on any day can be compared with the chain as it is now:
    a history rewritten after that day no longer leads to the published hash.
    """

    day = models.DateField(unique=True)
    sequence = models.PositiveBigIntegerField()
    hash = models.CharField(max_length=64)
    published_at = models.DateTimeField()
    chain_intact = models.BooleanField()
    recipients = models.PositiveIntegerField()

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hash__regex=r"^[0-9a-f]{64}$"), name="published_head_hash_hex"
            ),
        ]

    def __str__(self):
        return f"{self.day}: #{self.sequence} {self.hash}"


class SignedTreeHead(models.Model):
    """A signed statement of the transparency log's size and root at one moment.

    Signed with the Ed25519 key kept outside the database (audit.signing), so whoever
    owns the database cannot make a new one; the parties keep the ones they were sent
    and check later heads against them (`python -m ceasefire_verify`).
    """

    class Reason(models.TextChoices):
        DAILY = "daily", _("daily publication")
        MEETING = "meeting", _("review meeting closed")
        MANUAL = "manual", _("on request")

    tree_size = models.PositiveBigIntegerField()
    root_hash = models.CharField(max_length=64)
    timestamp = models.DateTimeField()
    key_id = models.CharField(max_length=16)
    signature = models.CharField(max_length=88, help_text="Ed25519 signature, base64")
    reason = models.CharField(max_length=16, choices=Reason.choices)

    class Meta:
        ordering = ["-timestamp", "-id"]
        indexes = [models.Index(fields=["tree_size"], name="sth_tree_size")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(root_hash__regex=r"^[0-9a-f]{64}$"), name="sth_root_hex"
            ),
        ]

    def __str__(self):
        return f"tree head {self.tree_size} {self.root_hash[:16]}…"
