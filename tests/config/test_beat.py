"""Two beats started by mistake: only the one holding the beat lock dispatches; the other
waits and takes over when the first dies (its lock expires).

In-process schedulers ticking against Redis at 127.0.0.1:6379, in a database index only
these tests use (BEAT_LOCK_TEST_REDIS_DB) and under a key of their own; skipped when Redis
is not reachable. The file lock of the filesystem broker is checked without Redis.
"""

import os
import time
import uuid

import pytest
import redis
from celery import Celery

from config.beat import FileBeatLock, LockedScheduler, RedisBeatLock

REDIS_URL = f"redis://127.0.0.1:6379/{int(os.environ.get('BEAT_LOCK_TEST_REDIS_DB', '9'))}"


def redis_reachable() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


needs_redis = pytest.mark.skipif(not redis_reachable(), reason=f"no Redis at {REDIS_URL}")


@pytest.fixture
def lock_key():
    key = f"beat-lock-test:{uuid.uuid4().hex}"
    yield key
    redis.Redis.from_url(REDIS_URL).delete(key)


@pytest.fixture
def make_beat(settings, tmp_path, lock_key):
    """make_beat(name, ttl) -> a LockedScheduler whose every due entry is recorded in
    `sent` as (beat name, task) instead of reaching a broker."""
    settings.CELERY_BROKER_URL = REDIS_URL
    sent = []
    beats = []

    def make(name, ttl=30.0):
        app = Celery(f"beat-test-{name}", broker="memory://", set_as_current=False)
        app.conf.beat_schedule = {
            "flag-overdue": {"task": "verification.flag_overdue", "schedule": 0.01},
        }
        scheduler_class = type("TestScheduler", (LockedScheduler,), {"lock_key": lock_key})
        scheduler_class.lock_ttl = ttl
        beat = scheduler_class(app=app, schedule_filename=str(tmp_path / f"schedule-{name}"))

        def apply_async(entry, producer=None, advance=True, **kwargs):
            sent.append((name, entry.task))

        beat.apply_async = apply_async
        beats.append(beat)
        return beat

    make.sent = sent
    yield make
    for beat in beats:
        beat.close()


def tick_both(first, second, times=10):
    for _ in range(times):
        first.tick()
        second.tick()
        time.sleep(0.02)


@needs_redis
def test_two_beats_only_the_lock_holder_dispatches(make_beat):
    first, second = make_beat("first"), make_beat("second")
    tick_both(first, second)
    senders = {name for name, _ in make_beat.sent}
    assert senders == {"first"}, make_beat.sent
    assert len(make_beat.sent) >= 3
    assert (first.leading, second.leading) == (True, False)


@needs_redis
def test_the_second_beat_takes_over_when_the_first_dies(make_beat):
    first, second = make_beat("first", ttl=1.0), make_beat("second", ttl=1.0)
    tick_both(first, second, times=3)
    assert {name for name, _ in make_beat.sent} == {"first"}

    # The first stops ticking without releasing (killed): its key expires after the TTL.
    time.sleep(1.3)
    make_beat.sent.clear()
    for _ in range(5):
        second.tick()
        time.sleep(0.02)
    assert {name for name, _ in make_beat.sent} == {"second"}

    # The first comes back: it finds the lock taken and sends nothing.
    make_beat.sent.clear()
    tick_both(first, second, times=5)
    assert {name for name, _ in make_beat.sent} == {"second"}
    assert first.leading is False


@needs_redis
def test_a_closed_beat_hands_over_at_once(make_beat):
    first, second = make_beat("first"), make_beat("second")
    tick_both(first, second, times=2)
    first.close()
    make_beat.sent.clear()
    second.tick()
    second.tick()
    assert {name for name, _ in make_beat.sent} == {"second"}


def test_an_unreachable_redis_holds_nothing():
    lock = RedisBeatLock("redis://127.0.0.1:1/0", key="nowhere")
    assert lock.hold() is False


def test_the_file_lock_admits_one_holder_until_it_lets_go(tmp_path):
    first, second = FileBeatLock(tmp_path / "beat.lock"), FileBeatLock(tmp_path / "beat.lock")
    assert first.hold() and first.hold()
    assert second.hold() is False
    first.release()
    assert second.hold() is True
    assert first.hold() is False
    second.release()


def test_without_redis_the_beats_share_a_file_lock(settings, tmp_path):
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    app = Celery("beat-test-file", broker="memory://", set_as_current=False)
    schedule = str(tmp_path / "schedule")
    first = LockedScheduler(app=app, schedule_filename=schedule)
    try:
        assert isinstance(first.beat_lock, FileBeatLock)
        assert first.beat_lock.path == tmp_path / "schedule.lock"
    finally:
        first.close()
