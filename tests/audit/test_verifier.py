"""Finding 3: a history rewritten by whoever owns the database (append-only triggers
dropped, every hash recomputed, the chain head moved) still passes the linear chain's
check, but the parties' verifier (ceasefire_verify), run against the live server with a
party's token, catches it against the heads it kept before the rewrite."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from audit.heads import log_publish_tree_head
from audit.models import AuditEvent, ChainHead, SignedTreeHead
from audit.services import (
    audit_record,
    audit_verify_chain,
    event_content,
    event_hash,
    event_leaf_hash,
    new_salt,
)
from audit.signing import public_keys, public_pem
from ceasefire_verify.__main__ import main
from ceasefire_verify.check import Client, load_public_keys, verify
from core.errors import ServiceError
from tests.audit.conftest import TABLE, append_only_bypassed
from tests.factories import api_token

pytestmark = pytest.mark.django_db(transaction=True)


def append(count, start=0):
    with transaction.atomic():
        for n in range(start, start + count):
            audit_record(
                actor=None,
                action="test",
                subject_type="audit_chain",
                subject_id=n + 1,
                subject_ref=f"T-{n}",
                payload={"n": n},
            )


def rehash_from(cursor, sequence):
    """What a forger does after a change: every chain and leaf hash from `sequence` on
    recomputed, and the chain head moved to the new end."""
    prev = AuditEvent.objects.get(sequence=sequence - 1).hash if sequence > 1 else "0" * 64
    events = AuditEvent.objects.filter(sequence__gte=sequence)
    for n in events.values_list("sequence", flat=True):
        # Out of the way first: the links are unique, and are rewritten one row at a time.
        cursor.execute(
            f"UPDATE {TABLE} SET prev_hash = %s, hash = %s WHERE sequence = %s",  # noqa: S608
            ["e" * 48 + f"{n:016x}", "d" * 48 + f"{n:016x}", n],
        )
    for event in AuditEvent.objects.filter(sequence__gte=sequence).order_by("sequence"):
        content = event_content(event)
        digest = event_hash(prev, content)
        cursor.execute(
            f"UPDATE {TABLE} SET prev_hash = %s, hash = %s, leaf_hash = %s WHERE sequence = %s",  # noqa: S608
            [prev, digest, event_leaf_hash(content), event.sequence],
        )
        prev = digest
    last = AuditEvent.objects.order_by("-sequence").first()
    ChainHead.objects.filter(pk=1).update(sequence=last.sequence, hash=prev)


def forged_append(cursor):
    """A forged event written into the history the heads cover (as #3), everything after
    it moved up one, re-linked and re-hashed, the head moved."""
    cursor.execute(f"UPDATE {TABLE} SET sequence = sequence + 1000000 WHERE sequence >= 3")  # noqa: S608
    cursor.execute(f"UPDATE {TABLE} SET sequence = sequence - 999999 WHERE sequence >= 1000000")  # noqa: S608
    forged = AuditEvent.objects.get(sequence=2)
    forged.pk, forged.sequence, forged.subject_ref = None, 3, "FORGED"
    forged.prev_hash, forged.hash, forged.payload = "1" * 64, "2" * 64, {"forged": True}
    forged._state.adding = True
    forged.save()
    rehash_from(cursor, 3)


def delete_last_and_rewind(cursor):
    """The last events deleted, the chain head rewound, and the heads that covered them
    deleted too, so that the server's own heads and log agree."""
    cut = AuditEvent.objects.order_by("-sequence").first().sequence - 3
    cursor.execute(f"DELETE FROM {TABLE} WHERE sequence > %s", [cut])  # noqa: S608
    last = AuditEvent.objects.get(sequence=cut)
    ChainHead.objects.filter(pk=1).update(sequence=cut, hash=last.hash)
    SignedTreeHead.objects.filter(tree_size__gt=cut).delete()


def edit_and_rehash(cursor):
    """An event's content edited, then every hash from it to the end recomputed."""
    cursor.execute(f"UPDATE {TABLE} SET payload = %s WHERE sequence = 2", ['{"n": 99}'])  # noqa: S608
    rehash_from(cursor, 2)


REWRITES = [
    pytest.param(forged_append, "consistency proof from head of size", id="forged-append"),
    pytest.param(delete_last_and_rewind, "the log shrank", id="deleted-and-rewound"),
    pytest.param(edit_and_rehash, "the proof does not verify", id="edit-rehashed"),
]


@pytest.mark.parametrize(("rewrite", "named"), REWRITES)
def test_a_rewrite_is_caught_against_the_heads_kept_before_it(
    live_server, cast, rewrite, named, tmp_path
):
    token = api_token(cast["pak_officer"])
    append(5)
    log_publish_tree_head()  # size 5
    append(3, start=5)
    log_publish_tree_head()  # size 9 (#6 is the first head's own event)
    client = Client(live_server.url, token)
    keys = load_public_keys([public_pem(k.key) for k in public_keys()])

    before = verify(client, keys, [])
    assert before.ok, before.message
    # Every event is public, and every one is in the head the last append signed
    # (size 10: #10 is the second published head's own event).
    assert before.events_checked == 10
    kept = before.heads

    with append_only_bypassed() as cursor:
        rewrite(cursor)
    assert audit_verify_chain().ok  # the linear chain alone cannot tell

    after = verify(client, keys, kept)
    assert not after.ok
    assert named in after.message
    assert "head of size" in after.message

    # The command line, as a party runs it: exit 1 naming the inconsistency.
    key_file, heads_file = tmp_path / "key.pem", tmp_path / "heads.json"
    key_file.write_text(public_pem(public_keys()[0].key))
    heads_file.write_text(json.dumps(kept))
    argv = ["--url", live_server.url, "--token", token, "--public-key", str(key_file)]
    assert main([*argv, "--heads", str(heads_file)]) == 1


def test_the_command_line_saves_heads_and_says_consistent(live_server, cast, tmp_path, capsys):
    token = api_token(cast["afg_officer"])
    append(3)
    log_publish_tree_head()
    key_file, heads_file = tmp_path / "key.pem", tmp_path / "heads.json"
    key_file.write_text(public_pem(public_keys()[0].key))
    argv = ["--url", live_server.url, "--token", token, "--public-key", str(key_file)]

    assert main([*argv, "--heads", str(heads_file), "--save-heads", str(heads_file)]) == 0
    assert "consistent" in capsys.readouterr().out
    assert [h["tree_size"] for h in json.loads(heads_file.read_text())] == [3]
    append(2, start=3)
    log_publish_tree_head()
    assert main([*argv, "--heads", str(heads_file), "--events", "1,2"]) == 0
    assert connection.vendor in ("sqlite", "postgresql")


def append_forged_at_the_end(cursor, *, sign_root=False):
    """An event forged after the last one, with a fresh salt and every hash right, and
    the chain head moved onto it as an append would (with sign_root, its log root and
    frontier moved too, to the table's): only the signature cannot be made."""
    last = AuditEvent.objects.order_by("-sequence").first()
    forged = AuditEvent.objects.get(sequence=last.sequence)
    forged.pk, forged.sequence, forged.subject_ref = None, last.sequence + 1, "FORGED"
    forged.payload, forged.salt = {"forged": True}, new_salt()
    content = event_content(forged)
    forged.prev_hash, forged.hash = last.hash, event_hash(last.hash, content)
    forged.leaf_hash = event_leaf_hash(content)
    forged._state.adding = True
    forged.save()
    changes = {"sequence": forged.sequence, "hash": forged.hash}
    if sign_root:
        from audit.merkle import frontier_of, frontier_root
        from audit.tree import log_tree

        frontier = frontier_of(log_tree(forged.sequence), forged.sequence)
        changes["log_root"] = frontier_root(frontier).hex()
        changes["log_frontier"] = [node.hex() for node in frontier]
    ChainHead.objects.filter(pk=1).update(**changes)


@pytest.mark.parametrize("sign_root", [False, True], ids=["head-moved", "root-moved-too"])
def test_an_event_forged_at_the_end_is_caught(live_server, cast, sign_root):
    """What a signed past alone cannot catch: a correctly hashed event appended after
    the last one and the chain head moved onto it. The chain still verifies, and no
    published head is contradicted; but the head each append signs no longer covers the
    log, so the mechanism refuses to append (and to sign over it), verify_audit_chain
    names the chain head, and a party's verifier names an event no signed head covers."""
    token = api_token(cast["pak_officer"])
    append(5)
    log_publish_tree_head()  # size 5
    append(3, start=5)
    log_publish_tree_head()  # size 9; #10 is its own event, signed at its append
    client = Client(live_server.url, token)
    keys = load_public_keys([public_pem(k.key) for k in public_keys()])
    before = verify(client, keys, [])
    assert before.ok, before.message
    call_command("verify_audit_chain")

    with append_only_bypassed() as cursor:
        append_forged_at_the_end(cursor, sign_root=sign_root)
    assert audit_verify_chain().ok  # the linear chain alone cannot tell

    after = verify(client, keys, before.heads)
    assert not after.ok
    assert "is not covered by a signed head" in after.message
    assert "does not verify" in after.message

    with pytest.raises(CommandError, match="BROKEN at the chain head"):
        call_command("verify_audit_chain")

    with pytest.raises(ServiceError) as refused:
        append(1, start=100)
    assert refused.value.code == "LOG_TAMPERED"
    with pytest.raises(ServiceError) as refused:
        log_publish_tree_head()
    assert refused.value.code == "LOG_TAMPERED"
    assert AuditEvent.objects.count() == 11  # nothing appended, nothing signed
    assert SignedTreeHead.objects.count() == 2


def test_the_head_signed_at_each_append_covers_the_log(live_server, cast):
    token = api_token(cast["afg_officer"])
    append(4)  # no head published: the appends' own head covers them
    client = Client(live_server.url, token)
    keys = load_public_keys([public_pem(k.key) for k in public_keys()])
    status, head = client.get("head/")
    assert status == 200
    assert (head["tree_size"], head["reason"]) == (4, "append")
    result = verify(client, keys, [])
    assert result.ok, result.message
    assert result.events_checked == 4
    call_command("verify_audit_chain")
