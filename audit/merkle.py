"""The Merkle tree hashing of RFC 9162 (Certificate Transparency v2), §2.1.

Pure functions over bytes, with no database: the tree, the audit path of a leaf and the
consistency proof between two sizes. The stored tree (audit.tree) feeds them the leaf
hashes it keeps, so proofs never read an event's content.

Every function takes the leaf hashes and a memo of complete subtrees: a subtree whose
size is a power of two and which starts at a multiple of its size never changes once
its leaves exist (the log only appends), so one memo serves every size and proof asked
of the same leaves. With the memo, the root of n leaves costs n - 1 node hashes the
first time and O(log n) for any later size or proof over the same leaves.
"""

import hashlib

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


class Tree:
    """The leaf hashes of a log, in order, and the memo of its complete subtrees."""

    def __init__(self, leaves: list[bytes]):
        self.leaves = leaves
        self._memo: dict[tuple[int, int], bytes] = {}

    def __len__(self) -> int:
        return len(self.leaves)

    def subtree(self, start: int, end: int) -> bytes:
        """MTH(D[start:end]), RFC 9162 §2.1.1."""
        n = end - start
        if n == 0:
            return EMPTY_ROOT
        if n == 1:
            return self.leaves[start]
        complete = n & (n - 1) == 0 and start % n == 0
        if complete and (start, n) in self._memo:
            return self._memo[(start, n)]
        k = split(n)
        digest = node_hash(self.subtree(start, start + k), self.subtree(start + k, end))
        if complete:
            self._memo[(start, n)] = digest
        return digest

    def root(self, size: int) -> bytes:
        self._check_size(size)
        return self.subtree(0, size)

    def inclusion_path(self, index: int, size: int) -> list[bytes]:
        """PATH(m, D[n]), RFC 9162 §2.1.3.1: the audit path of leaf `index` (0-based)."""
        self._check_size(size)
        if not 0 <= index < size:
            raise ValueError("leaf index outside the tree")
        return self._path(index, 0, size)

    def _path(self, m: int, start: int, end: int) -> list[bytes]:
        n = end - start
        if n == 1:
            return []
        k = split(n)
        if m < k:
            return [*self._path(m, start, start + k), self.subtree(start + k, end)]
        return [*self._path(m - k, start + k, end), self.subtree(start, start + k)]

    def consistency_proof(self, first: int, second: int) -> list[bytes]:
        """PROOF(m, D[n]), RFC 9162 §2.1.4.1, for 0 < first <= second."""
        self._check_size(second)
        if not 0 < first <= second:
            raise ValueError("consistency needs 0 < first <= second")
        return self._subproof(first, 0, second, True)

    def _subproof(self, m: int, start: int, end: int, whole: bool) -> list[bytes]:
        n = end - start
        if m == n:
            return [] if whole else [self.subtree(start, end)]
        k = split(n)
        if m <= k:
            return [*self._subproof(m, start, start + k, whole), self.subtree(start + k, end)]
        return [*self._subproof(m - k, start + k, end, False), self.subtree(start, start + k)]

    def _check_size(self, size: int) -> None:
        if not 0 <= size <= len(self.leaves):
            raise ValueError("tree size beyond the log")


# --- the compact frontier ----------------------------------------------------------------
#
# The right edge of the tree of n leaves: the roots of its complete subtrees, one per set
# bit of n, largest (leftmost) first. It is all an append needs: the new leaves fold into
# it as a binary counter carries, and the root is the frontier folded from the right
# (RFC 9162 §2.1.1 splits at the largest power of two, so MTH is exactly that fold).
# O(log n) hashes to keep, O(log n) node hashes per append, no read of earlier leaves.


def frontier_append(frontier: list[bytes], size: int, leaves: list[bytes]) -> list[bytes]:
    """The frontier of `size + len(leaves)` leaves, from that of `size` leaves."""
    if len(frontier) != size.bit_count():
        raise ValueError("the frontier does not match the tree size")
    frontier = list(frontier)
    for leaf in leaves:
        node, carry = leaf, size
        while carry & 1:
            node = node_hash(frontier.pop(), node)
            carry >>= 1
        frontier.append(node)
        size += 1
    return frontier


def frontier_root(frontier: list[bytes]) -> bytes:
    """MTH of the tree whose frontier this is."""
    if not frontier:
        return EMPTY_ROOT
    root = frontier[-1]
    for node in reversed(frontier[:-1]):
        root = node_hash(node, root)
    return root


def frontier_of(tree: "Tree", size: int) -> list[bytes]:
    """The frontier of the first `size` leaves of `tree`, from its memo of subtrees."""
    frontier, start = [], 0
    for bit in reversed(range(size.bit_length())):
        if size >> bit & 1:
            frontier.append(tree.subtree(start, start + (1 << bit)))
            start += 1 << bit
    return frontier
