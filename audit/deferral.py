"""Appends held back to the end of a block: the chain head is the last lock a transaction
takes.

Any transaction that changes rows and appends their events takes the head last, so that
it holds the head only from its append to its commit, and never waits on a row lock while
holding it. A transaction that changes rows in several steps, each with its own events
(the deadline sweep), runs its steps inside `audit_appends_last()`: each step's append is
queued, and the queue is appended in order when the block ends. Otherwise a step's append
would take the head, and a later step could wait on a row held by a service that is itself
waiting for the head: a deadlock, one of the two aborted.
"""

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar

_queue: ContextVar[list[Callable[[], object]] | None] = ContextVar("audit_deferred", default=None)


@contextmanager
def audit_appends_last():
    """Hold back every append made in this block, then append them all, in the order they
    were asked for, when it ends (inside the caller's transaction, which must stay open
    around it). If the block raises, nothing is appended. Nested, the outermost block
    appends."""
    if _queue.get() is not None:
        yield
        return
    queue: list[Callable[[], object]] = []
    token = _queue.set(queue)
    try:
        yield
    finally:
        _queue.reset(token)
    for append in queue:
        append()


def deferred(append: Callable[[], object]) -> bool:
    """Queue `append` if an `audit_appends_last()` block is open (True), else leave it to
    the caller to run now (False)."""
    queue = _queue.get()
    if queue is None:
        return False
    queue.append(append)
    return True
