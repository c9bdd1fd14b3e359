"""Signed tree heads: publishing them, and checking the stored log against every one.

A head says "the log had this many events and this root at this time", signed with the
key kept outside the database (audit.signing). Each is sent to both parties' officers,
both co-chairs' reviewers and the secretariat; whoever keeps them can later check that
the log still extends them (`python -m ceasefire_verify`), and so can the operators
(`manage.py verify_audit_chain`).
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from notifications.services import notify

from .merkle import EMPTY_ROOT
from .models import ChainHead, SignedTreeHead
from .services import _lock_head, _refuse_if_tampered, audit_record, log_head_problem
from .signing import sign_head, signed_time, verify_head
from .tree import log_tree

SUBJECT_TYPE = "audit_log"
KIND = "audit_tree_head"


def head_timestamp(head: SignedTreeHead) -> str:
    """The timestamp as signed: UTC, whole seconds, ISO 8601 with Z."""
    return signed_time(head.timestamp)


def _recipients() -> list[int]:
    roles = [Role.OFFICER, Role.REVIEWER, Role.SECRETARIAT]
    return list(User.objects.filter(role__in=roles, is_active=True).values_list("pk", flat=True))


def log_publish_tree_head(*, reason: str = SignedTreeHead.Reason.MANUAL) -> SignedTreeHead:
    """Sign the log as it stands and send the head to every active officer, reviewer
    and secretariat member; append a `tree_head_signed` event naming it.

    Holds the chain head lock from reading the size to the commit, so no event is
    appended between the size and the root that are signed. Signs the root the
    application itself appended and signed (the chain head's frontier), never one
    recomputed from the table, and refuses (LOG_TAMPERED) if the head is not as the
    last append signed it: the mechanism signs only over rows it wrote.
    """
    with transaction.atomic():
        chain_head = _lock_head()
        _refuse_if_tampered(chain_head)
        size = chain_head.sequence
        root = chain_head.log_root or EMPTY_ROOT.hex()
        now = timezone.now().replace(microsecond=0)
        head = SignedTreeHead(tree_size=size, root_hash=root, timestamp=now, reason=reason)
        head.key_id, head.signature = sign_head(size, root, head_timestamp(head))
        head.save()
        notify(
            _recipients(),
            kind=KIND,
            params={
                "n": size,
                "at": head_timestamp(head),
                "reason": head.reason,
                "root": root,
                "key_id": head.key_id,
                "signature": head.signature,
            },
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
    and the stored log's root at its size; then the chain head's signed root (the one
    each append signs: audit.services) against the stored log's root at the chain
    head's size. Names the first that fails (head_id None: the chain head). One read of
    the leaf hashes; each head then costs O(log n) over the memo of complete subtrees."""
    heads = list(SignedTreeHead.objects.order_by("timestamp", "id"))
    chain_head = ChainHead.objects.filter(pk=1).first()
    size = chain_head.sequence if chain_head else 0
    if not heads and not size:
        return HeadsReport(True, 0)
    tree = log_tree(max([size, *(h.tree_size for h in heads)]), strict=False)
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
    if chain_head is not None:
        problem = log_head_problem(chain_head)
        if not problem and size > len(tree):
            problem = f"the stored log has only {len(tree)} leaves without a gap, not {size}"
        if not problem and (tree.root(size).hex() if size else "") != chain_head.log_root:
            problem = (
                f"the stored log's root at size {size} differs from the root signed at "
                "the last append"
            )
        if problem:
            return HeadsReport(False, len(heads), None, f"chain head: {problem}")
    return HeadsReport(True, len(heads))
