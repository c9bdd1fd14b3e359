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
    sequence = models.PositiveBigIntegerField(unique=True, verbose_name=_("sequence"))
    occurred_at = models.DateTimeField(verbose_name=_("occurred at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the system (the deadline sweep)."),
        verbose_name=_("actor"),
    )
    action = models.CharField(max_length=64, verbose_name=_("action"))
    subject_type = models.CharField(max_length=32, verbose_name=_("subject type"))
    subject_id = models.PositiveBigIntegerField(verbose_name=_("subject id"))
    subject_ref = models.CharField(max_length=40, verbose_name=_("subject ref"))
    from_status = models.CharField(max_length=32, blank=True, verbose_name=_("from status"))
    to_status = models.CharField(max_length=32, blank=True, verbose_name=_("to status"))
    payload = models.JSONField(default=dict, verbose_name=_("payload"))
    prev_hash = models.CharField(max_length=64, unique=True, verbose_name=_("prev hash"))
    hash = models.CharField(max_length=64, unique=True, verbose_name=_("hash"))
    # 32 random bytes (hex) that both hashes commit to, so that an event's hashes say
    # nothing about content that can be guessed; shown only to whoever may see the event.
    # Empty on events written before the transparency log.
    salt = models.CharField(max_length=64, blank=True, default="", verbose_name=_("salt"))
    # RFC 9162 leaf hash (hex) of the event's canonical content, salt included: the
    # transparency log's proofs are computed from these alone.
    leaf_hash = models.CharField(max_length=64, verbose_name=_("leaf hash"))

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
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

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

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, verbose_name=_("id"))
    sequence = models.PositiveBigIntegerField(default=0, verbose_name=_("sequence"))
    hash = models.CharField(max_length=64, verbose_name=_("hash"))
    log_root = models.CharField(max_length=64, blank=True, default="", verbose_name=_("log root"))
    log_frontier = models.JSONField(
        default=list,
        blank=True,
        help_text=_("hex roots of the right-edge complete subtrees"),
        verbose_name=_("log frontier"),
    )
    log_signed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("log signed at"))
    log_key_id = models.CharField(
        max_length=16, blank=True, default="", verbose_name=_("log key id")
    )
    log_signature = models.CharField(
        max_length=88, blank=True, default="", verbose_name=_("log signature")
    )

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="chain_head_single")]
        verbose_name = _("chain head")
        verbose_name_plural = _("chain heads")

    def __str__(self):
        return f"head #{self.sequence} {self.hash}"


class ChainHeadPublication(models.Model):
    """The chain head as it was sent, once a day, to both parties and the secretariat.

    Kept so that the head sent on any day can be compared with the chain as it is now:
    a history rewritten after that day no longer leads to the published hash.
    """

    day = models.DateField(unique=True, verbose_name=_("day"))
    sequence = models.PositiveBigIntegerField(verbose_name=_("sequence"))
    hash = models.CharField(max_length=64, verbose_name=_("hash"))
    published_at = models.DateTimeField(verbose_name=_("published at"))
    chain_intact = models.BooleanField(verbose_name=_("chain intact"))
    recipients = models.PositiveIntegerField(verbose_name=_("recipients"))

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hash__regex=r"^[0-9a-f]{64}$"), name="published_head_hash_hex"
            ),
        ]
        verbose_name = _("chain head publication")
        verbose_name_plural = _("chain head publications")

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

    tree_size = models.PositiveBigIntegerField(verbose_name=_("tree size"))
    root_hash = models.CharField(max_length=64, verbose_name=_("root hash"))
    timestamp = models.DateTimeField(verbose_name=_("timestamp"))
    key_id = models.CharField(max_length=16, verbose_name=_("key id"))
    signature = models.CharField(
        max_length=88, help_text=_("Ed25519 signature, base64"), verbose_name=_("signature")
    )
    reason = models.CharField(max_length=16, choices=Reason.choices, verbose_name=_("reason"))

    class Meta:
        ordering = ["-timestamp", "-id"]
        indexes = [models.Index(fields=["tree_size"], name="sth_tree_size")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(root_hash__regex=r"^[0-9a-f]{64}$"), name="sth_root_hex"
            ),
        ]
        verbose_name = _("signed tree head")
        verbose_name_plural = _("signed tree heads")

    def __str__(self):
        return f"tree head {self.tree_size} {self.root_hash[:16]}…"
