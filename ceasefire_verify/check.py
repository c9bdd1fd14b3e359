"""Fetch the signed heads and proofs from the mechanism's API and check them.

A party keeps the heads it verified (`--save-heads`). Next time, every head it kept must
still be a prefix of the newest signed head (a consistency proof), the newest head must
be a prefix of the log as it stands now, every head must carry a good signature under a
public key the party holds, and every event the party can see must be in the newest
validly signed head (an inclusion proof over the content it is shown, salt included);
the mechanism signs one at every append, so an event beyond it was not appended by the
mechanism and is named as not covered by a signed head. A history
rewritten by whoever owns the database fails one of these, and the first to fail is
named.
"""

import base64
import binascii
import hashlib
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from . import rfc9162

HEAD_PREFIX = b"ceasefire-log-v1\n"


class Inconsistent(Exception):
    """The first thing that did not check out, in words."""


@dataclass
class Result:
    ok: bool
    message: str
    heads: list[dict] = field(default_factory=list)
    events_checked: int = 0


def load_public_keys(texts: list[str]) -> dict[str, Ed25519PublicKey]:
    """key id -> key, from PEM or raw base64 public keys."""
    keys = {}
    for text in texts:
        text = text.strip()
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(text.encode())
        else:
            key = Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("not an Ed25519 public key")
        raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        keys[hashlib.sha256(raw).hexdigest()[:16]] = key
    return keys


class Client:
    def __init__(self, url: str, token: str, timeout: float = 30):
        self.base = url.rstrip("/") + "/api/v1/log/"
        self.token = token
        self.timeout = timeout

    def get(self, path_or_url: str, **params) -> tuple[int, dict]:
        url = path_or_url if "://" in path_or_url else self.base + path_or_url
        if params:
            url += "?" + urllib.parse.urlencode(params)
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"not an http(s) URL: {url}")
        request = urllib.request.Request(  # noqa: S310  (scheme checked above)
            url, headers={"Authorization": f"Token {self.token}", "Accept": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310  # nosec B310
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            try:
                body = json.loads(error.read())
            except ValueError:
                body = {}
            return error.code, body

    def heads(self) -> list[dict]:
        heads, url = [], "heads/"
        while url:
            status, page = self.get(url)
            if status != 200:
                raise Inconsistent(f"the heads could not be fetched: HTTP {status} {page}")
            heads.extend(page["results"])
            url = page.get("next")
        return heads


def head_name(head: dict) -> str:
    return f"head of size {head['tree_size']} signed {head['timestamp']}"


def check_signature(head: dict, keys: dict[str, Ed25519PublicKey]) -> None:
    key = keys.get(head.get("key_id"))
    if key is None:
        raise Inconsistent(f"{head_name(head)}: signed by unknown key {head.get('key_id')!r}")
    message = (
        HEAD_PREFIX + f"{head['tree_size']}\n{head['root_hash']}\n{head['timestamp']}".encode()
    )
    try:
        key.verify(base64.b64decode(head["signature"], validate=True), message)
    except (InvalidSignature, ValueError, binascii.Error) as exc:
        raise Inconsistent(f"{head_name(head)}: bad signature") from exc


def check_consistency(client: Client, old: dict, new: dict) -> None:
    """`old` must be a prefix of `new` (new may be {"tree_size", "root_hash"} of the
    current log)."""
    m, n = old["tree_size"], new["tree_size"]
    where = f"consistency proof from {head_name(old)} to size {n}"
    if m > n:
        raise Inconsistent(f"{where}: the log shrank from {m} to {n} events")
    if m == n:
        if old["root_hash"] != new["root_hash"]:
            raise Inconsistent(f"{where}: same size, different root")
        return
    status, body = client.get("consistency/", **{"from": m, "to": n})
    if status != 200:
        raise Inconsistent(
            f"{where}: HTTP {status} {body.get('code', '')} {body.get('detail', '')}"
        )
    proof = [bytes.fromhex(h) for h in body["proof"]]
    old_root, new_root = bytes.fromhex(old["root_hash"]), bytes.fromhex(new["root_hash"])
    if not rfc9162.verify_consistency(m, n, old_root, new_root, proof):
        raise Inconsistent(f"{where}: the proof does not verify")


def check_inclusion(client: Client, sequence: int, head: dict) -> bool:
    """True if checked; False if the event is not visible to this party (404)."""
    where = f"inclusion proof of event #{sequence} in {head_name(head)}"
    status, body = client.get(f"events/{sequence}/proof/", tree_size=head["tree_size"])
    if status == 404:
        return False
    if status != 200:
        raise Inconsistent(
            f"{where}: HTTP {status} {body.get('code', '')} {body.get('detail', '')}"
        )
    leaf = rfc9162.event_leaf_hash(body["content"])
    if leaf.hex() != body["leaf_hash"]:
        raise Inconsistent(f"{where}: the event's content does not hash to its leaf")
    path = [bytes.fromhex(h) for h in body["audit_path"]]
    root = bytes.fromhex(head["root_hash"])
    if not rfc9162.verify_inclusion(sequence - 1, head["tree_size"], leaf, path, root):
        raise Inconsistent(f"{where}: the audit path does not lead to the signed root")
    return True


def check_not_covered(client: Client, sequence: int, size: int, covered: int, why: str) -> None:
    """An event beyond every validly signed head: an inconsistency if the party can see
    it (the mechanism signs every append), nothing if it cannot (404)."""
    status, body = client.get(f"events/{sequence}/proof/", tree_size=size)
    if status == 404:
        return
    if status != 200:
        raise Inconsistent(
            f"event #{sequence}: HTTP {status} {body.get('code', '')} {body.get('detail', '')}"
        )
    raise Inconsistent(
        f"event #{sequence} is not covered by a signed head (the newest validly signed "
        f"head has size {covered}){why}"
    )


def verify(
    client: Client,
    keys: dict[str, Ed25519PublicKey],
    kept: list[dict],
    *,
    events: list[int] | None = None,
) -> Result:
    """Run every check; Result.ok, or the first inconsistency named in Result.message.

    Besides the heads sent (daily, at meetings), the mechanism signs its head at every
    append (`head/`, reason "append"). Events up to the newest validly signed size are
    checked by inclusion proofs; an event beyond it that this party can see was not
    appended by the mechanism, and is reported as not covered by a signed head.
    """
    try:
        heads = client.heads()
        status, append_head = client.get("head/")
        if status != 200:
            append_head = None
        if not heads and append_head is None:
            raise Inconsistent("the mechanism has signed no head yet")
        for head in [*kept, *heads]:
            check_signature(head, keys)
        newest = max(heads, key=lambda h: (h["timestamp"], h["tree_size"])) if heads else None
        if newest is not None:
            for head in [*kept, *heads]:
                check_consistency(client, head, newest)
        covered, unsigned = newest, ""
        if append_head is not None:
            try:
                check_signature(append_head, keys)
            except Inconsistent as bad:
                unsigned = f"; the head signed at the last append does not verify: {bad}"
            else:
                for head in [newest] if newest is not None else kept:
                    check_consistency(client, head, append_head)
                if newest is None or append_head["tree_size"] >= newest["tree_size"]:
                    covered = append_head
        if covered is None:
            raise Inconsistent(f"the mechanism has no validly signed head{unsigned}")
        status, current = client.get("consistency/", **{"from": covered["tree_size"]})
        if status != 200:
            raise Inconsistent(
                f"consistency proof from {head_name(covered)} to the current log: HTTP {status} "
                f"{current.get('code', '')} {current.get('detail', '')}"
            )
        now = {"tree_size": current["second"], "root_hash": current["second_root"]}
        check_consistency(client, covered, now)
        if newest is not None and newest is not covered:
            check_consistency(client, newest, now)
        checked, size = 0, covered["tree_size"]
        for sequence in events or range(1, now["tree_size"] + 1):
            if sequence <= size:
                checked += check_inclusion(client, sequence, covered)
            elif sequence <= now["tree_size"]:
                check_not_covered(client, sequence, now["tree_size"], size, unsigned)
    except Inconsistent as problem:
        return Result(False, str(problem))
    return Result(True, "consistent", heads=heads, events_checked=checked)
