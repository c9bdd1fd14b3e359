"""Finding 1: while one co-chair's finding is withheld, nothing a party is shown lets it
recover that finding's event by trying every guess.

The guesses are few: which co-chair, which reviewer (a small id), and at most an outcome
and a grade; the rest (sequence, time, claim, statuses) the party reads off its timeline.
Before each event carried a random salt inside both of its hashes, every channel below
gave the answer: the withheld event's `hash` was sha256(prev_hash + canonical content),
so a guess reproducing the next commitment event's visible `prev_hash`, the next claim
event's visible `hash`, or the chain head published to the parties identified the
co-chair and reviewer in a few hundred tries. With the salt (32 bytes, never shown to
whoever may not see the event) none of them match.
"""

import hashlib
import json
from datetime import datetime

import pytest

from accounts.models import User
from audit.models import AuditEvent, ChainHeadPublication, SignedTreeHead
from audit.publication import audit_publish_chain_head
from audit.services import event_content
from compliance.commitments.services import commitment_create
from compliance.models import CommitmentKind
from incidents.services import evidence_add
from tests.api.support import build_cast, client_for, file_claim_as, record_finding, upload
from tests.compliance.conftest import commitment_data

pytestmark = pytest.mark.django_db

OUTCOMES = ("verified", "not_verified", "inconclusive")
GRADES = ("confirmed", "probable", "possible")


def canonical(data) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def seen(world, reference, action):
    """The withheld event as the party's timeline shows it."""
    events = client_for(world, "pak_officer").get(f"/api/v1/incidents/{reference}/events/").json()
    (event,) = [e for e in events if e["action"] == action]
    assert event["withheld"] and event["hash"] is None and event["actor"] is None
    return event


def guesses(event, *, subject_id, reference):
    """Every content the withheld event could have: co-chair × reviewer id up to 50 (or
    none) × payload with or without an outcome and grade."""
    occurred = datetime.fromisoformat(event["occurred_at"].replace("Z", "+00:00")).isoformat()
    for cochair in ("TUR", "QAT"):
        payloads = [{"cochair": cochair}] + [
            {"cochair": cochair, "outcome": o, "grade": g} for o in OUTCOMES for g in GRADES
        ]
        # Ids up to 50, and every user id there is (ids are not reset between tests on
        # PostgreSQL): generous to the party guessing.
        for actor in [None, *sorted({*range(1, 51), *User.objects.values_list("pk", flat=True)})]:
            for payload in payloads:
                yield {
                    "sequence": event["sequence"],
                    "occurred_at": occurred,
                    "actor": actor,
                    "action": event["action"],
                    "subject_type": "incident",
                    "subject_id": subject_id,
                    "subject_ref": reference,
                    "from_status": event["from_status"],
                    "to_status": event["to_status"],
                    "payload": payload,
                }


def chain_hash(prev: str, content: dict) -> str:
    return hashlib.sha256(prev.encode() + canonical(content)).hexdigest()


def leaf(content: dict) -> bytes:
    return hashlib.sha256(b"\x00" + canonical(content)).digest()


def node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def log_knowledge(world) -> set[bytes]:
    """Every hash the party can get from the log: each signed root, and the audit paths
    and consistency proofs it may fetch."""
    client = client_for(world, "pak_officer")
    known = set()
    heads = client.get("/api/v1/log/heads/").json()["results"]
    for head in heads:
        size = head["tree_size"]
        known.add(bytes.fromhex(head["root_hash"]))
        for sequence in range(1, size + 1):
            proof = client.get(f"/api/v1/log/events/{sequence}/proof/?tree_size={size}")
            if proof.status_code == 200:
                known.update(bytes.fromhex(h) for h in proof.json()["audit_path"])
                known.add(bytes.fromhex(proof.json()["leaf_hash"]))
        for other in heads:
            if other["tree_size"] < size:
                body = client.get(
                    f"/api/v1/log/consistency/?from={other['tree_size']}&to={size}"
                ).json()
                known.update(bytes.fromhex(h) for h in body["proof"])
    return known


def test_no_guess_of_a_withheld_finding_matches_anything_a_party_sees(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    world = build_cast()
    party = client_for(world, "pak_officer")
    targets = {}

    # 1. The next event is the claim's own (evidence): its hash is shown, its content and
    #    salt are in its inclusion proof.
    first, _ = file_claim_as(world, "replied")
    record_finding(world["users"]["tur_reviewer"], first, "verified")
    evidence_add(user=world["users"]["pak_officer"], incident=first, upload=upload())
    withheld_1 = seen(world, first.reference, "finding_recorded")
    events = party.get(f"/api/v1/incidents/{first.reference}/events/").json()
    (after,) = [e for e in events if e["sequence"] == withheld_1["sequence"] + 1]
    assert after["prev_hash"] is None and after["hash"]
    after_content = party.get(f"/api/v1/log/events/{after['sequence']}/proof/").json()["content"]

    # 2. The next event is another record's (a commitment, which hides nothing): its
    #    prev_hash is the withheld event's hash.
    second, _ = file_claim_as(world, "replied")
    record_finding(world["users"]["qat_reviewer"], second, "not_verified")
    commitment = commitment_create(
        actor=world["users"]["secretariat"],
        data=commitment_data(world["parties"]["AFG"], CommitmentKind.objects.get(code="raid")),
    )
    withheld_2 = seen(world, second.reference, "finding_recorded")
    (created,) = party.get(f"/api/v1/commitments/{commitment.reference}/events/").json()
    assert created["sequence"] == withheld_2["sequence"] + 1
    targets["commitment prev_hash"] = created["prev_hash"]

    # 3. The withheld event is the chain head when it is published (and the day's signed
    #    tree head covers it).
    third, _ = file_claim_as(world, "replied")
    record_finding(world["users"]["tur_reviewer"], third, "inconclusive")
    withheld_3 = seen(world, third.reference, "finding_recorded")
    audit_publish_chain_head()
    published = ChainHeadPublication.objects.get()
    assert published.sequence == withheld_3["sequence"]
    targets["published chain head"] = published.hash
    assert SignedTreeHead.objects.get().tree_size > withheld_3["sequence"]
    known = log_knowledge(world)

    found = []
    for withheld, claim in ((withheld_1, first), (withheld_2, second), (withheld_3, third)):
        for guess in guesses(withheld, subject_id=claim.pk, reference=claim.reference):
            digest = chain_hash(withheld["prev_hash"], guess)
            if digest in targets.values():
                found.append(("chain", withheld["sequence"], guess))
            if withheld is withheld_1 and chain_hash(digest, after_content) == after["hash"]:
                found.append(("next claim event", guess))
            guessed_leaf = leaf(guess)
            if guessed_leaf in known or any(
                node(guessed_leaf, x) in known or node(x, guessed_leaf) in known for x in known
            ):
                found.append(("signed tree head", withheld["sequence"], guess))
    assert found == []

    # The guess space does hold the truth: only the salt stands between it and the party.
    for withheld in (withheld_1, withheld_2, withheld_3):
        event = AuditEvent.objects.get(sequence=withheld["sequence"])
        truth = {k: v for k, v in event_content(event).items() if k != "salt"}
        claim = next(c for c in (first, second, third) if c.pk == event.subject_id)
        assert truth in list(guesses(withheld, subject_id=claim.pk, reference=claim.reference))
