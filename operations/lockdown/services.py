"""Lockdown for a suspected compromise: the secretariat switches the mechanism's mode
(normal, read-only, no-access), and signs out every session and revokes every API token
at once. Each is an event on the audit trail; each switch is notified to both parties'
officers, both co-chairs' reviewers and the secretariat."""

from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import Role, User
from audit.services import audit_record
from core import site_mode
from core.api.tokens import tokens_revoke_everyone
from core.errors import CommonError, ServiceError, validation_error
from core.models import Mode, SiteMode, SiteModeSwitch
from notifications.services import notify_many
from verification.sweep import extend_open_deadlines

from .permissions import can_lock_down

SUBJECT = "site_mode"
SWITCHED = "site_mode_switched"
EXTENDED = "deadlines_extended"
SESSIONS_ENDED = "sessions_ended_everyone"


def _require_secretariat(actor) -> None:
    if not can_lock_down(actor):
        raise ServiceError(
            CommonError.PERMISSION_DENIED, gettext("Only the secretariat may do this.")
        )


def _recipients() -> list[int]:
    """Both parties' officers, both co-chairs' reviewers and the secretariat (active)."""
    return list(
        User.objects.filter(
            is_active=True, role__in=[Role.OFFICER, Role.REVIEWER, Role.SECRETARIAT]
        ).values_list("pk", flat=True)
    )


def site_mode_switch(*, actor, mode: str, reason: str) -> SiteModeSwitch:
    """Put the mechanism into `mode`, for `reason` (required).

    Guards: the actor is the secretariat (PERMISSION_DENIED), the mode is one of Mode and
    not the current one (VALIDATION_ERROR). Locks the SiteMode row, records the switch
    (its history row and an audit event), and notifies everyone concerned. Leaving
    lockdown for normal moves every open deadline on by the time spent frozen, as one
    set-based UPDATE per deadline column and one more audit event carrying the duration.
    Every process sees the new mode at its next request (the cached mode is forgotten
    now and after commit)."""
    _require_secretariat(actor)
    reason = (reason or "").strip()
    if mode not in Mode.values:
        raise validation_error({"mode": f"Choose one of: {', '.join(Mode.values)}."})
    if not reason:
        raise validation_error({"reason": "Say why: it goes on the audit trail."})
    if len(reason) > 500:
        raise validation_error({"reason": "At most 500 characters."})
    with transaction.atomic(), site_mode.exempt():
        now = timezone.now()
        SiteMode.objects.get_or_create(pk=1, defaults={"mode": Mode.NORMAL, "since": now})
        row = SiteMode.objects.select_for_update().get(pk=1)
        previous = row.mode
        if previous == mode:
            raise validation_error({"mode": f"The mechanism is already {Mode(mode).label}."})
        frozen_since = row.frozen_since
        row.mode, row.since, row.by, row.reason = mode, now, actor, reason
        row.frozen_since = None if mode == Mode.NORMAL else (frozen_since or now)
        row.save()
        switch = SiteModeSwitch.objects.create(
            from_mode=previous, to_mode=mode, at=now, by=actor, reason=reason
        )
        audit_record(
            actor=actor,
            action=SWITCHED,
            subject_type=SUBJECT,
            subject_id=switch.pk,
            subject_ref=f"mode-switch-{switch.pk}",
            from_status=previous,
            to_status=mode,
            payload={"reason": reason},
        )
        if mode == Mode.NORMAL and frozen_since is not None:
            _extend_deadlines(actor=actor, switch=switch, since=frozen_since, until=now)
        notify_many(
            [
                dict(
                    user_id=uid,
                    kind=SWITCHED,
                    params={
                        "mode": mode,
                        "previous": previous,
                        "actor": actor.username,
                        "reason": reason,
                    },
                    subject_type=SUBJECT,
                )
                for uid in _recipients()
            ]
        )
        site_mode.forget()
        transaction.on_commit(site_mode.forget)
    return switch


def _extend_deadlines(*, actor, switch, since, until) -> None:
    frozen = until - since
    moved = extend_open_deadlines(since=since, by=frozen)
    audit_record(
        actor=actor,
        action=EXTENDED,
        subject_type=SUBJECT,
        subject_id=switch.pk,
        subject_ref=f"mode-switch-{switch.pk}",
        payload={
            "seconds": int(frozen.total_seconds()),
            "frozen_since": since.isoformat(),
            "moved": moved,
        },
    )


def sessions_end_everyone(*, actor, keep_session_key: str | None = None) -> dict[str, int]:
    """Sign out every session but `keep_session_key` (the caller's own) and revoke every
    API token, in one transaction, with one audit event of what was ended. Allowed in
    any mode: it is how a compromise is contained."""
    _require_secretariat(actor)
    with transaction.atomic(), site_mode.exempt():
        sessions, _ = Session.objects.exclude(session_key=keep_session_key or "").delete()
        listed = 0
        if apps.is_installed("allauth.usersessions"):
            UserSession = apps.get_model("usersessions", "UserSession")
            listed, _ = UserSession.objects.exclude(session_key=keep_session_key or "").delete()
        tokens = tokens_revoke_everyone()
        ended = {"sessions": sessions, "listed_sessions": listed, "tokens": tokens}
        audit_record(
            actor=actor,
            action=SESSIONS_ENDED,
            subject_type=SUBJECT,
            subject_id=0,
            subject_ref="everyone",
            payload=ended,
        )
    return ended
