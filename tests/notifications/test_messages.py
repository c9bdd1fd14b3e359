"""Every kind of notification the mechanism writes has its sentence in
notifications.messages, and every sentence composes in every language."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from compliance.penalties.workflow import MEETING_OUTCOMES
from incidents.appeals.services import DECISIONS
from incidents.links.models import LinkKind
from notifications.messages import MESSAGES, message_render
from verification.review import REVIEWABLES
from verification.statuses import DECIDED_STATUSES, Status
from verification.sweep import deadline_kinds

ROOT = Path(settings.BASE_DIR)
APPS = [
    "accounts",
    "api",
    "audit",
    "compliance",
    "config",
    "core",
    "evidence",
    "incidents",
    "mediators",
    "notifications",
    "operations",
    "translations",
    "verification",
]
# A literal kind handed to notify/notify_many (or a module's KIND constant), and a sweep
# kind's own notification kind.
LITERAL = re.compile(
    r'\bkind="([a-z_]+)"|\bnotification="([a-z_]+)"|^(?:KIND|SWITCHED) = "([a-z_]+)"', re.M
)


def _literal_kinds() -> dict[str, str]:
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            text = path.read_text()
            if "notif" not in text:
                continue
            for match in LITERAL.finditer(text):
                found[next(g for g in match.groups() if g)] = str(path.relative_to(ROOT))
    return found


def test_every_literal_kind_a_service_writes_has_a_sentence():
    kinds = _literal_kinds()
    assert {"assigned", "referral_received", "site_mode_switched", "audit_chain_head"} <= set(kinds)
    missing = {kind: path for kind, path in kinds.items() if kind not in MESSAGES}
    # Link kinds are not notification kinds: they choose the sentence of `claims_linked`.
    missing = {k: p for k, p in missing.items() if k not in LinkKind.values}
    assert missing == {}


def test_every_composed_kind_has_a_sentence():
    composed = {f"{spec.noun.replace(' ', '_')}_submitted" for spec in REVIEWABLES.values()}
    composed |= {str(status) for status in DECIDED_STATUSES} | {Status.DISPUTED}
    composed |= {f"appeal_{status}" for status in DECISIONS.values()}
    composed |= {f"penalty_{action}" for action in ("approved", "rejected", "split")}
    composed |= {
        f"penalty_{status}"
        for _, outcomes in MEETING_OUTCOMES.values()
        for status in outcomes.values()
    }
    composed |= {kind.notification or f"overdue_{kind.name}" for kind in deadline_kinds()}
    assert sorted(kind for kind in composed if kind not in MESSAGES) == []


def test_every_record_type_under_review_has_its_variant():
    for kind in ("assigned", "overdue_assignment", "overdue_reply", "overdue_findings"):
        variants = MESSAGES[kind].title
        assert set(variants) >= {spec.subject_type for spec in REVIEWABLES.values()}, kind
    assert set(MESSAGES["claims_linked"].title) == set(LinkKind.values)


class _Anything(dict):
    """Params that answer every placeholder (a number, which every one accepts)."""

    def __missing__(self, key):
        return 2


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES])
def test_every_sentence_composes_in_every_language(language):
    for kind, message in MESSAGES.items():
        params = _Anything(record="incident", link="related", mode="normal", refs=["X-1"])
        variants = message.title if isinstance(message.title, dict) else {"": message.title}
        for value in variants:
            params[message.variant or "variant"] = value
            with translation.override(language):
                title, body = message_render(kind, _Anything(params))
            assert title, (kind, value)
            assert "%(" not in title + body, (kind, value)
