"""The lockdown mode, read cheaply on every request and guarded by every write.

`current()` answers from the cache (shared between processes when CACHE_URL names
Redis) and reads the one SiteMode row only when the cache has nothing, for at most
SITE_MODE_CACHE_SECONDS. The switch (operations.lockdown) forgets the cached value in its
transaction and again after commit, so every process sees a switch at its next request.

Read-only and no-access both freeze the mechanism: `require_writable()` refuses with
READ_ONLY_MODE, and the audit trail calls it before appending any event, so no workflow
change (page, API, Celery task or command) can be committed while frozen. The switch
itself records its events inside `exempt()`.
"""

import contextvars
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext

from .errors import ServiceError, SiteModeError
from .models import Mode, SiteMode

log = logging.getLogger(__name__)

CACHE_KEY = "core:site_mode"
FROZEN = (Mode.READ_ONLY, Mode.NO_ACCESS)

_exempt = contextvars.ContextVar("site_mode_exempt", default=False)


@dataclass(frozen=True)
class ModeState:
    mode: str = Mode.NORMAL
    since: datetime | None = None
    frozen_since: datetime | None = None
    reason: str = ""

    @property
    def is_frozen(self) -> bool:
        """No write is accepted: read-only, or no-access."""
        return self.mode in FROZEN

    @property
    def is_no_access(self) -> bool:
        return self.mode == Mode.NO_ACCESS

    @property
    def label(self) -> str:
        return Mode(self.mode).label


NORMAL = ModeState()


def _ttl() -> int:
    return getattr(settings, "SITE_MODE_CACHE_SECONDS", 10)


def read() -> ModeState:
    """The mode as the database has it now (one query)."""
    row = SiteMode.objects.filter(pk=1).first()
    if row is None:
        return NORMAL
    return ModeState(
        mode=row.mode, since=row.since, frozen_since=row.frozen_since, reason=row.reason
    )


def current() -> ModeState:
    """The mode, from the cache when it has it; a cache that fails falls back to the row."""
    try:
        state = cache.get(CACHE_KEY)
    except Exception:
        log.warning("Cache unavailable; reading the site mode from the database.")
        return read()
    if isinstance(state, ModeState):
        return state
    state = read()
    try:
        cache.set(CACHE_KEY, state, _ttl())
    except Exception:
        log.warning("Cache unavailable; the site mode is not cached.")
    return state


def forget() -> None:
    """Drop the cached mode: the next `current()` reads the row."""
    try:
        cache.delete(CACHE_KEY)
    except Exception:
        log.warning("Cache unavailable; other processes see the switch within %ss.", _ttl())


def remember(state: ModeState = NORMAL, *, seconds: int | None = None) -> None:
    """Cache `state` as the current mode for `seconds` (SITE_MODE_CACHE_SECONDS by
    default; tests start from a normal mode kept until a switch forgets it)."""
    cache.set(CACHE_KEY, state, _ttl() if seconds is None else seconds)


@contextmanager
def exempt():
    """Writes inside this block pass `require_writable()`: the switch's own events."""
    token = _exempt.set(True)
    try:
        yield
    finally:
        _exempt.reset(token)


def require_writable() -> None:
    """Raise READ_ONLY_MODE while the mechanism is frozen (outside `exempt()`)."""
    if _exempt.get():
        return
    state = current()
    if state.is_frozen:
        raise ServiceError(
            SiteModeError.READ_ONLY_MODE,
            gettext("The mechanism is %(mode)s for now: nothing can be changed.")
            % {"mode": str(state.label).lower()},
        )


def may_enter(user) -> bool:
    """Whether `user` may be signed in under the current mode: everyone, except during
    no-access, when only the secretariat may."""
    if not current().is_no_access:
        return True
    return bool(getattr(user, "is_secretariat", False))


def require_may_enter(user) -> None:
    if not may_enter(user):
        raise ServiceError(
            SiteModeError.NO_ACCESS_MODE,
            gettext("The mechanism is closed to everyone but the secretariat for now."),
        )
