"""audit.merkle's compact frontier: what each append keeps on the chain head row, and
signs, must be the RFC 9162 root of the whole tree, for every size and however the
leaves arrive (one at a time, or in bulk)."""

import hashlib

import pytest

from audit.merkle import (
    EMPTY_ROOT,
    Tree,
    frontier_append,
    frontier_of,
    frontier_root,
    leaf_hash,
)

LEAVES = [leaf_hash(f"event {n}".encode()) for n in range(64)]


def test_one_leaf_at_a_time_gives_the_full_tree_root_for_sizes_1_to_64():
    tree, frontier = Tree(LEAVES), []
    assert frontier_root(frontier) == EMPTY_ROOT
    for size in range(1, 65):
        frontier = frontier_append(frontier, size - 1, [LEAVES[size - 1]])
        assert len(frontier) == size.bit_count()
        assert frontier_root(frontier) == tree.root(size), size
        assert frontier == frontier_of(tree, size)


@pytest.mark.parametrize("step", [2, 3, 5, 7, 16, 64])
def test_bulk_appends_give_the_same_root(step):
    tree, frontier, size = Tree(LEAVES), [], 0
    while size < 64:
        batch = LEAVES[size : size + step]
        frontier = frontier_append(frontier, size, batch)
        size += len(batch)
        assert frontier_root(frontier) == tree.root(size)


def test_a_frontier_of_the_wrong_length_for_its_size_is_refused():
    with pytest.raises(ValueError, match="does not match"):
        frontier_append([hashlib.sha256(b"x").digest()], 3, [LEAVES[0]])
