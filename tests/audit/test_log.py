"""The transparency log: RFC 9162 proofs from the API, checked by RFC 9162's algorithms
written out here (not imported from the code under test); signed heads, key rotation and
the refusals of the proof endpoints."""

import base64
import hashlib
import json
from io import StringIO

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from audit.heads import log_publish_tree_head
from audit.models import AuditEvent, SignedTreeHead
from audit.services import audit_record
from notifications.models import Notification
from tests.api.support import assert_error
from tests.audit.conftest import append_only_bypassed

pytestmark = pytest.mark.django_db

# --- RFC 9162 §2.1, written from the RFC --------------------------------------------------


def leaf(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def k_of(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(leaves: list[bytes]) -> bytes:
    """§2.1.1, over leaf hashes."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = k_of(len(leaves))
    return node(mth(leaves[:k]), mth(leaves[k:]))


def root_from_path(m: int, n: int, leaf_hash: bytes, path: list[bytes]) -> bytes:
    """The root an audit path (§2.1.3.1, PATH(m, D[n])) leads to, read back from the end."""
    if n == 1:
        assert not path, "a one-leaf tree has an empty path"
        return leaf_hash
    assert path, "path too short"
    k = k_of(n)
    if m < k:
        return node(root_from_path(m, k, leaf_hash, path[:-1]), path[-1])
    return node(path[-1], root_from_path(m - k, n - k, leaf_hash, path[:-1]))


def verify_inclusion(m, n, leaf_hash, path, root) -> bool:
    try:
        return root_from_path(m, n, leaf_hash, list(path)) == root
    except AssertionError:
        return False


def roots_from_proof(m, n, proof, first_root, whole=True):
    """(old root, new root) from SUBPROOF(m, D[n], whole) (§2.1.4.1), read back from the end."""
    if m == n:
        if whole:
            assert not proof, "proof too long"
            return first_root, first_root
        assert len(proof) == 1, "proof length"
        return proof[0], proof[0]
    assert proof, "proof too short"
    k = k_of(n)
    if m <= k:
        old, new = roots_from_proof(m, k, proof[:-1], first_root, whole)
        return old, node(new, proof[-1])
    old, new = roots_from_proof(m - k, n - k, proof[:-1], first_root, False)
    return node(proof[-1], old), node(proof[-1], new)


def verify_consistency(m, n, first_root, second_root, proof) -> bool:
    try:
        old, new = roots_from_proof(m, n, list(proof), first_root)
    except AssertionError:
        return False
    return old == first_root and new == second_root


def canonical(content: dict) -> bytes:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


# --- a log the whole cast may read ---------------------------------------------------------


def append(count: int) -> None:
    """Events of a subject everyone signed in may see (the published chain heads)."""
    with transaction.atomic():
        for n in range(count):
            audit_record(
                actor=None,
                action="test",
                subject_type="audit_chain",
                subject_id=n + 1,
                subject_ref=f"T-{n}",
                payload={"n": n, "text": "Türkiye"},
            )


def stored_leaves() -> list[bytes]:
    """Leaf hashes recomputed here from each event's content as the API gives it."""
    return [bytes.fromhex(e.leaf_hash) for e in AuditEvent.objects.order_by("sequence")]


def sign_at(size: int) -> SignedTreeHead:
    """A head at `size` without appending an event (publication appends one)."""
    from audit.heads import head_timestamp
    from audit.signing import sign_head

    root = mth(stored_leaves()[:size]).hex()
    head = SignedTreeHead(tree_size=size, root_hash=root, timestamp=timezone.now(), reason="manual")
    head.timestamp = head.timestamp.replace(microsecond=0)
    head.key_id, head.signature = sign_head(size, root, head_timestamp(head))
    head.save()
    return head


@pytest.fixture
def api(observer):
    client = APIClient()
    client.force_authenticate(observer)
    return client


def test_proofs_from_the_api_verify_for_every_size_up_to_40(api):
    for size in range(1, 41):
        append(1)
        sign_at(size)
        leaves = stored_leaves()
        root = mth(leaves)
        for index in range(size):
            body = api.get(f"/api/v1/log/events/{index + 1}/proof/?tree_size={size}").json()
            assert body["root_hash"] == root.hex()
            assert leaf(canonical(body["content"])) == leaves[index]
            assert body["leaf_hash"] == leaves[index].hex()
            path = [bytes.fromhex(h) for h in body["audit_path"]]
            assert verify_inclusion(index, size, leaves[index], path, root), (index, size)
            assert not verify_inclusion(index, size, leaves[index], path, node(root, root))
        for first in range(1, size + 1):
            body = api.get(f"/api/v1/log/consistency/?from={first}&to={size}").json()
            proof = [bytes.fromhex(h) for h in body["proof"]]
            old = mth(leaves[:first])
            assert body["first_root"] == old.hex() and body["second_root"] == root.hex()
            assert verify_consistency(first, size, old, root, proof), (first, size)
            if first < size:
                assert not verify_consistency(first, size, node(old, old), root, proof)


def test_leaf_data_is_the_canonical_content_with_its_salt(api):
    append(3)
    body = api.get("/api/v1/log/events/2/proof/").json()
    assert len(bytes.fromhex(body["content"]["salt"])) == 32
    assert body["content"]["payload"] == {"n": 1, "text": "Türkiye"}
    event = AuditEvent.objects.get(sequence=2)
    assert body["content"]["salt"] == event.salt
    assert leaf(canonical(body["content"])).hex() == event.leaf_hash


# --- signed heads -----------------------------------------------------------------------


def head_message(head: dict) -> bytes:
    return (
        b"ceasefire-log-v1\n"
        + f"{head['tree_size']}\n{head['root_hash']}\n{head['timestamp']}".encode()
    )


def public_key_of(api, key_id):
    keys = {k["key_id"]: k for k in api.get("/api/v1/log/key/").json()["keys"]}
    raw = base64.b64decode(keys[key_id]["raw"])
    pem = serialization.load_pem_public_key(keys[key_id]["pem"].encode())
    assert pem.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw) == raw
    assert hashlib.sha256(raw).hexdigest()[:16] == key_id
    return pem


def test_a_published_head_is_signed_sent_and_on_the_chain(api, cast):
    append(4)
    stored = log_publish_tree_head()

    assert stored.tree_size == 4 and stored.root_hash == mth(stored_leaves()[:4]).hex()
    (head,) = api.get("/api/v1/log/heads/").json()["results"]
    public_key_of(api, head["key_id"]).verify(
        base64.b64decode(head["signature"]), head_message(head)
    )
    recipients = set(
        Notification.objects.filter(kind="audit_tree_head").values_list("user__username", flat=True)
    )
    assert recipients == {
        "pak_officer",
        "afg_officer",
        "tur_reviewer",
        "qat_reviewer",
        "secretariat",
    }
    assert AuditEvent.objects.order_by("-sequence").first().action == "tree_head_signed"
    assert "Transparency log intact: 1 signed" in verify_output()


def test_heads_list_newest_first_with_cursor_pages(api):
    append(1)
    for size in (1, 1, 1):
        sign_at(size)
    page = api.get("/api/v1/log/heads/?page_size=2").json()
    assert len(page["results"]) == 2 and page["next"]
    stamps = [h["timestamp"] for h in page["results"]]
    assert stamps == sorted(stamps, reverse=True)
    assert len(api.get(page["next"]).json()["results"]) == 1


def verify_output():
    out = StringIO()
    call_command("verify_audit_chain", stdout=out)
    return out.getvalue()


def raw_b64(key) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def private_b64(key) -> str:
    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return base64.b64encode(raw).decode()


def test_a_head_signed_by_a_retired_key_still_verifies_an_unknown_one_fails(api):
    old, new = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    append(2)
    with override_settings(LOG_SIGNING_KEY=private_b64(old)):
        sign_at(2)
    with override_settings(
        LOG_SIGNING_KEY=private_b64(new), LOG_PUBLIC_KEYS_RETIRED=[raw_b64(old)]
    ):
        append(1)
        sign_at(3)
        keys = api.get("/api/v1/log/key/").json()["keys"]
        assert [k["current"] for k in keys] == [True, False]
        for head in api.get("/api/v1/log/heads/").json()["results"]:
            public_key_of(api, head["key_id"]).verify(
                base64.b64decode(head["signature"]), head_message(head)
            )
        assert "2 signed tree heads verified" in verify_output()
    with (
        override_settings(LOG_SIGNING_KEY=private_b64(new), LOG_PUBLIC_KEYS_RETIRED=[]),
        pytest.raises(CommandError, match="signed by an unknown key"),
    ):
        verify_output()


def test_a_forged_signature_or_root_is_named_by_verify_audit_chain(api):
    append(3)
    head = sign_at(3)
    SignedTreeHead.objects.filter(pk=head.pk).update(root_hash="ab" * 32)
    with pytest.raises(CommandError, match=rf"signed head #{head.pk}: head of size 3: signature"):
        verify_output()
    SignedTreeHead.objects.filter(pk=head.pk).delete()
    good = sign_at(3)
    with append_only_bypassed() as cursor:
        cursor.execute("UPDATE audit_auditevent SET leaf_hash = %s WHERE sequence = 2", ["cd" * 32])
    with pytest.raises(CommandError, match="log leaf hash"):
        verify_output()
    assert good.pk


# --- refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?tree_size=0", "tree_size"),
        ("?tree_size=-1", "tree_size"),
        ("?tree_size=abc", "tree_size"),
        ("?tree_size=99999999999999999999999", "tree_size"),
        ("?tree_size=3", "tree_size"),  # neither a signed head's size nor the current one
        ("?tree_size=1", "tree_size"),  # signed, but the event came after it
    ],
)
def test_inclusion_proof_refuses_a_size_that_is_not_a_signed_head(api, query, field):
    append(5)
    sign_at(1)
    assert_error(
        api.get(f"/api/v1/log/events/2/proof/{query}"), 400, "VALIDATION_ERROR", field=field
    )


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?from=0", "from"),
        ("?from=x&to=5", "from"),
        ("?from=2&to=5", "from"),
        ("?from=1&to=4", "to"),
        ("?from=5&to=1", "from"),
    ],
)
def test_consistency_proof_refusals(api, query, field):
    append(5)
    sign_at(1)
    assert_error(api.get(f"/api/v1/log/consistency/{query}"), 400, "VALIDATION_ERROR", field=field)


def test_inclusion_proof_of_an_event_the_caller_may_not_see_is_404(api, secretariat):
    with transaction.atomic():
        audit_record(
            actor=None, action="x", subject_type="unregistered", subject_id=1, subject_ref="U"
        )
    missing = api.get("/api/v1/log/events/99/proof/")
    assert_error(missing, 404, "NOT_FOUND")
    assert api.get("/api/v1/log/events/1/proof/").json() == missing.json()
    client = APIClient()
    client.force_authenticate(secretariat)
    assert client.get("/api/v1/log/events/1/proof/").status_code == 200


def test_every_reviewed_record_type_says_who_sees_its_events():
    # The log's proofs ask each reviewed record type for the records a caller may see.
    from verification.review import REVIEWABLES

    assert REVIEWABLES and all(r.visible_to is not None for r in REVIEWABLES.values())


def test_inclusion_proof_of_an_action_report_event_follows_the_report(api, secretariat):
    with transaction.atomic():
        audit_record(
            actor=None,
            action="evidence_added",
            subject_type="action_report",
            subject_id=999,
            subject_ref="ACT-AFG-2026-0999",
        )
    client = APIClient()
    client.force_authenticate(secretariat)
    # No such report: no one may see its events (never a server error).
    assert_error(client.get("/api/v1/log/events/1/proof/"), 404, "NOT_FOUND")


def test_a_log_with_a_missing_leaf_answers_log_incomplete(api):
    append(4)
    sign_at(4)
    with append_only_bypassed() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE sequence = 2")
    assert_error(api.get("/api/v1/log/consistency/?from=4&to=4"), 409, "LOG_INCOMPLETE")
