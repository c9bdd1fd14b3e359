"""The transparency log's Ed25519 signing key, kept out of the database.

Whoever owns the database can rewrite every event and every hash, but cannot sign a
tree head without this key. It comes from the environment (`LOG_SIGNING_KEY`: a PEM
private key, or the raw 32-byte private key in base64) or a file (`LOG_SIGNING_KEY_FILE`);
for local runs and tests, when neither is set, a key is generated once into
`.run/log_signing_key.pem` (`LOG_SIGNING_KEY_GENERATE`, never in production).

Keys rotate: every head names the key that signed it (its key id: the first 16 hex
characters of SHA-256 of the raw public key), and `LOG_PUBLIC_KEYS_RETIRED` lists the
older public keys (PEM or raw base64) whose heads still verify.
"""

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass
from datetime import UTC
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

HEAD_PREFIX = b"ceasefire-log-v1\n"


def signed_time(moment) -> str:
    """A head's timestamp as signed: UTC, whole seconds, ISO 8601 with Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def head_message(tree_size: int, root_hash: str, timestamp: str) -> bytes:
    """The bytes a tree head's signature covers."""
    return HEAD_PREFIX + f"{tree_size}\n{root_hash}\n{timestamp}".encode()


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(key: Ed25519PublicKey) -> str:
    return hashlib.sha256(raw_public(key)).hexdigest()[:16]


def public_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def _private_from_text(text: str) -> Ed25519PrivateKey:
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_private_key(text.encode(), password=None)
        else:
            key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(text, validate=True))
    except (ValueError, TypeError, binascii.Error) as exc:
        raise ImproperlyConfigured(f"LOG_SIGNING_KEY is not an Ed25519 private key: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured("LOG_SIGNING_KEY is not an Ed25519 private key.")
    return key


def public_from_text(text: str) -> Ed25519PublicKey:
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(text.encode())
        else:
            key = Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
    except (ValueError, TypeError, binascii.Error) as exc:
        raise ImproperlyConfigured(f"Not an Ed25519 public key: {exc}") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise ImproperlyConfigured("Not an Ed25519 public key.")
    return key


def _generated(path: Path) -> Ed25519PrivateKey:
    """The local key under .run/, made on first use (readable by its owner only)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first: use theirs
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(pem)
    return _private_from_text(path.read_text())


@lru_cache(maxsize=8)
def _load(key_text: str, key_file: str, generate_path: str) -> Ed25519PrivateKey:
    if key_text:
        return _private_from_text(key_text)
    if key_file:
        return _private_from_text(Path(key_file).read_text())
    if generate_path:
        return _generated(Path(generate_path))
    raise ImproperlyConfigured("Set LOG_SIGNING_KEY or LOG_SIGNING_KEY_FILE.")


def signing_key() -> Ed25519PrivateKey:
    generate = getattr(settings, "LOG_SIGNING_KEY_GENERATE", False)
    return _load(
        getattr(settings, "LOG_SIGNING_KEY", "") or "",
        getattr(settings, "LOG_SIGNING_KEY_FILE", "") or "",
        str(Path(settings.RUN_DIR) / "log_signing_key.pem") if generate else "",
    )


@dataclass(frozen=True)
class PublicKey:
    key: Ed25519PublicKey
    key_id: str
    current: bool


def public_keys() -> list[PublicKey]:
    """The current key first, then the retired ones still accepted for old heads."""
    current = signing_key().public_key()
    keys = [PublicKey(current, key_id(current), True)]
    for text in getattr(settings, "LOG_PUBLIC_KEYS_RETIRED", []) or []:
        retired = public_from_text(text)
        if key_id(retired) != keys[0].key_id:
            keys.append(PublicKey(retired, key_id(retired), False))
    return keys


def sign_head(tree_size: int, root_hash: str, timestamp: str) -> tuple[str, str]:
    """(key id, base64 signature) of this head under the current key."""
    key = signing_key()
    signature = key.sign(head_message(tree_size, root_hash, timestamp))
    return key_id(key.public_key()), base64.b64encode(signature).decode()


def verify_head(tree_size: int, root_hash: str, timestamp: str, kid: str, signature: str) -> str:
    """ "" when the head's signature verifies under a known key; otherwise why not."""
    keys = {k.key_id: k.key for k in public_keys()}
    if kid not in keys:
        return f"signed by an unknown key {kid!r}"
    try:
        keys[kid].verify(
            base64.b64decode(signature, validate=True),
            head_message(tree_size, root_hash, timestamp),
        )
    except (InvalidSignature, ValueError, binascii.Error):
        return "signature does not verify"
    return ""
