"""Celery beat that dispatches only while it holds a lock, so that a second beat started
by mistake (two `beat` processes, a `worker -B` beside a `beat`) sends nothing twice.

The lock lives in Redis when the broker or the cache is Redis (production): a key with a
TTL, refreshed on every tick, so a second beat on any machine waits and takes over within
BEAT_LOCK_TTL seconds of the first one dying. With the filesystem broker of `make run` it
is an flock on a file beside the schedule: one machine, one beat. A beat that loses the
lock (Redis unreachable, its key expired and taken) stops dispatching at once.
"""

import contextlib
import fcntl
import logging
from pathlib import Path

import redis
from celery.beat import PersistentScheduler
from django.conf import settings
from redis.exceptions import LockError, RedisError

logger = logging.getLogger(__name__)

BEAT_LOCK_KEY = "ceasefire:beat-lock"
BEAT_LOCK_TTL = 30  # seconds; the holder refreshes it at least every third of that


class RedisBeatLock:
    """A Redis key only one beat holds; it expires unless refreshed."""

    def __init__(self, url: str, *, key: str = BEAT_LOCK_KEY, ttl: float = BEAT_LOCK_TTL):
        self.client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        self.lock = self.client.lock(key, timeout=ttl, thread_local=False)

    def hold(self) -> bool:
        """True while this beat holds the lock: refreshed when held, taken when free."""
        try:
            if self.lock.local.token is not None:
                try:
                    self.lock.reacquire()
                    return True
                except LockError:  # expired and maybe taken: try again like a newcomer
                    self.lock.local.token = None
            return self.lock.acquire(blocking=False)
        except RedisError as error:
            logger.warning("beat lock: Redis unreachable (%s); not dispatching", error)
            self.lock.local.token = None
            return False

    def release(self) -> None:
        with contextlib.suppress(LockError, RedisError):
            self.lock.release()


class FileBeatLock:
    """An flock on a file: held until released or until the process ends."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.handle = None

    def hold(self) -> bool:
        if self.handle is not None:
            return True
        handle = self.path.open("a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self.handle = handle
        return True

    def release(self) -> None:
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None


def _redis_url() -> str | None:
    """The broker when it is Redis, else the cache when it is Redis, else None."""
    broker = settings.CELERY_BROKER_URL or ""
    if broker.startswith(("redis://", "rediss://")):
        return broker
    cache = settings.CACHES.get("default", {})
    location = cache.get("LOCATION")
    if "redis" in cache.get("BACKEND", "").lower() and location:
        return location[0] if isinstance(location, list | tuple) else location
    return None


def beat_lock(schedule_filename: str, *, key: str = BEAT_LOCK_KEY, ttl: float = BEAT_LOCK_TTL):
    url = _redis_url()
    if url:
        return RedisBeatLock(url, key=key, ttl=ttl)
    return FileBeatLock(Path(f"{schedule_filename}.lock"))


class LockedScheduler(PersistentScheduler):
    """celery beat's own scheduler, dispatching only while it holds the beat lock."""

    lock_key = BEAT_LOCK_KEY
    lock_ttl = BEAT_LOCK_TTL

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.beat_lock = beat_lock(self.schedule_filename, key=self.lock_key, ttl=self.lock_ttl)
        self.leading: bool | None = None  # unknown until the first tick

    def tick(self, *args, **kwargs):
        if not self.beat_lock.hold():
            if self.leading:
                logger.warning("beat lock lost: another beat dispatches now")
            elif self.leading is None:
                logger.info("beat lock held by another beat: waiting")
            self.leading = False
            return self.lock_ttl / 3
        if not self.leading:
            logger.info("beat lock taken: this beat dispatches")
            self.leading = True
        return min(super().tick(*args, **kwargs), self.lock_ttl / 3)

    def close(self):
        super().close()
        self.beat_lock.release()
