"""Signed tree heads: publishing them, and checking the stored log against every one.

A head says "the log had this many events and this root at this time", signed with the
key kept outside the database (audit.signing). Each is sent to both parties' officers,
both co-chairs' reviewers and the secretariat; whoever keeps them can later check that
the log still extends them (`python -m ceasefire_verify`), and so can the operators
(`manage.py verify_audit_chain`).
"""

from dataclasses import dataclass
from datetime import UTC

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from notifications.services import notify

from .models import SignedTreeHead
from .services import _lock_head, audit_record
from .signing import sign_head, verify_head
from .tree import log_tree

SUBJECT_TYPE = "audit_log"
KIND = "audit_tree_head"


def head_timestamp(head: SignedTreeHead) -> str:
    """The timestamp as signed: UTC, whole seconds, ISO 8601 with Z."""
    return head.timestamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _recipients() -> list[int]:
    roles = [Role.OFFICER, Role.REVIEWER, Role.SECRETARIAT]
    return list(User.objects.filter(role__in=roles, is_active=True).values_list("pk", flat=True))


def log_publish_tree_head(*, reason: str = SignedTreeHead.Reason.MANUAL) -> SignedTreeHead:
    """Sign the log as it stands and send the head to every active officer, reviewer
    and secretariat member; append a `tree_head_signed` event naming it.

    Holds the chain head lock from reading the size to the commit, so no event is
    appended between the size and the root that are signed. Reads every leaf hash once
    (audit.tree). Raises LogGap if the stored log has lost a leaf: nothing is signed.
    """
    with transaction.atomic():
        size = _lock_head().sequence
        root = log_tree(size).root(size).hex()
        now = timezone.now().replace(microsecond=0)
        head = SignedTreeHead(tree_size=size, root_hash=root, timestamp=now, reason=reason)
        head.key_id, head.signature = sign_head(size, root, head_timestamp(head))
        head.save()
        notify(
            _recipients(),
            kind=KIND,
            title=f"Signed log head: {size} events",
            body=(
                f"The audit log was signed at {head_timestamp(head)} ({head.get_reason_display()}).\n"
                f"tree size: {size}\n"
                f"root hash: {root}\n"
                f"key id: {head.key_id}\n"
                f"signature: {head.signature}\n\n"
                "Keep this message (or run ceasefire_verify with --save-heads). Every later "
                "head must extend this one; the verifier checks that it does."
            ),
            subject_type=SUBJECT_TYPE,
            subject_ref=str(size),
        )
        audit_record(
            actor=None,
            action="tree_head_signed",
            subject_type=SUBJECT_TYPE,
            subject_id=head.pk,
            subject_ref=str(size),
            payload={"tree_size": size, "root_hash": root, "key_id": head.key_id},
        )
    return head


@dataclass
class HeadsReport:
    ok: bool
    checked: int
    head_id: int | None = None
    problem: str = ""


def log_verify_heads() -> HeadsReport:
    """Check every signed head ever stored, oldest first: its signature under a known key
    and the stored log's root at its size. Names the first that fails. One read of the
    leaf hashes; each head then costs O(log n) over the memo of complete subtrees."""
    heads = list(SignedTreeHead.objects.order_by("timestamp", "id"))
    if not heads:
        return HeadsReport(True, 0)
    tree = log_tree(max(h.tree_size for h in heads), strict=False)
    for checked, head in enumerate(heads):
        why = verify_head(
            head.tree_size, head.root_hash, head_timestamp(head), head.key_id, head.signature
        )
        if why:
            return HeadsReport(False, checked, head.pk, f"head of size {head.tree_size}: {why}")
        if head.tree_size > len(tree):
            return HeadsReport(
                False,
                checked,
                head.pk,
                f"head of size {head.tree_size}: the stored log has only {len(tree)} "
                "leaves without a gap",
            )
        if tree.root(head.tree_size).hex() != head.root_hash:
            return HeadsReport(
                False,
                checked,
                head.pk,
                f"head of size {head.tree_size}: the stored log's root differs from the signed root",
            )
    return HeadsReport(True, len(heads))
