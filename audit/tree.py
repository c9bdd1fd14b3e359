"""The transparency log as stored: every audit event is a leaf, at index sequence - 1.

Proofs and roots read only the stored leaf hashes (`AuditEvent.leaf_hash`), never an
event's content. Cost: one ranged read of the first n leaf hashes (32 bytes each, one
index-ordered scan: about 32 MB at a million events) and, over them, n - 1 node hashes
for the first root; every further root, audit path or consistency proof over the same
read reuses the memo of complete subtrees (audit.merkle.Tree) and costs O(log n).
"""

from .merkle import Tree
from .models import AuditEvent, ChainHead


class LogGap(Exception):
    """The stored leaves do not run 1..n without a gap: the log was tampered with."""


def log_size() -> int:
    """The log's current size: the chain head's sequence, which every append moves."""
    head = ChainHead.objects.filter(pk=1).values_list("sequence", flat=True).first()
    return head or 0


def log_tree(size: int, *, strict: bool = True) -> Tree:
    """The first `size` leaves of the log. Raises LogGap if any is missing; with
    strict=False, the leaves up to the first gap instead."""
    rows = (
        AuditEvent.objects.filter(sequence__lte=size)
        .order_by("sequence")
        .values_list("sequence", "leaf_hash")
    )
    leaves = []
    for sequence, leaf in rows.iterator(chunk_size=10000):
        if sequence != len(leaves) + 1 or len(leaf) != 64:
            if not strict:
                break
            raise LogGap(f"leaf {len(leaves) + 1} is missing or malformed")
        leaves.append(bytes.fromhex(leaf))
    if strict and len(leaves) != size:
        raise LogGap(f"the log has {len(leaves)} leaves, not {size}")
    return Tree(leaves)
