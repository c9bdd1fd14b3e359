"""/api/v1/log/: the transparency log's signed heads, keys and proofs (RFC 9162).

Everyone signed in, observers included, may fetch the heads, the public keys and
consistency proofs (they reveal only hashes). An inclusion proof carries the event's
content and salt, so it answers only for an event the caller may see, as its record's
timeline would show it (audit.visibility); any other event answers 404, as a missing
one does.
"""

import base64

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from core.api.errors import ApiError
from core.api.pagination import KeysetPagination
from core.api.schema import errors
from core.errors import ServiceError

from .error_codes import LogError
from .heads import head_timestamp
from .models import ChainHead, SignedTreeHead
from .selectors import head_of_size, latest_head, log_event_visible, provable_size, signed_heads
from .services import event_content
from .signing import public_keys, public_pem, raw_public, signed_time
from .tree import LogGap, log_size, log_tree

# Sizes and sequences are positive 64-bit integers on every backend.
MAX_SIZE = 2**63 - 1


class HeadSerializer(serializers.Serializer):
    tree_size = serializers.IntegerField()
    root_hash = serializers.CharField(help_text="hex SHA-256, RFC 9162 Merkle tree hash")
    timestamp = serializers.CharField(help_text="UTC, as signed: 2025-11-06T09:00:00Z")
    key_id = serializers.CharField(help_text="first 16 hex of SHA-256 of the raw public key")
    signature = serializers.CharField(
        help_text='base64 Ed25519 over b"ceasefire-log-v1\\n" + size + "\\n" + root + "\\n" + timestamp'
    )
    reason = serializers.ChoiceField(choices=SignedTreeHead.Reason.choices)


class AppendHeadSerializer(HeadSerializer):
    reason = serializers.ChoiceField(
        choices=[("append", "signed at the last append")],
        help_text="always append: the head each append signs (not kept, not sent)",
    )


class KeySerializer(serializers.Serializer):
    key_id = serializers.CharField()
    current = serializers.BooleanField()
    pem = serializers.CharField()
    raw = serializers.CharField(help_text="the raw 32-byte public key, base64")


class KeysSerializer(serializers.Serializer):
    algorithm = serializers.CharField()
    keys = KeySerializer(many=True)


class InclusionSerializer(serializers.Serializer):
    sequence = serializers.IntegerField()
    leaf_index = serializers.IntegerField(help_text="sequence - 1")
    tree_size = serializers.IntegerField()
    root_hash = serializers.CharField()
    leaf_hash = serializers.CharField(help_text="SHA-256(0x00 || canonical JSON of content), hex")
    content = serializers.DictField(
        help_text="what the leaf hashes, salt included: canonical JSON is sorted keys, "
        "no spaces, UTF-8"
    )
    audit_path = serializers.ListField(child=serializers.CharField())
    signed_head = HeadSerializer(allow_null=True)


class ConsistencySerializer(serializers.Serializer):
    first = serializers.IntegerField()
    second = serializers.IntegerField()
    first_root = serializers.CharField()
    second_root = serializers.CharField()
    proof = serializers.ListField(child=serializers.CharField())


def head_json(head: SignedTreeHead) -> dict:
    return {
        "tree_size": head.tree_size,
        "root_hash": head.root_hash,
        "timestamp": head_timestamp(head),
        "key_id": head.key_id,
        "signature": head.signature,
        "reason": head.reason,
    }


def _size(request, name: str, *, default=None) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        if default is not None:
            return default
        raise ApiError(
            "VALIDATION_ERROR",
            _("Give %(name)s.") % {"name": name},
            fields={name: [_("Required.")]},
        )
    if not (raw.isascii() and raw.isdigit() and 0 < len(raw) <= 19) or not 0 < int(raw) <= MAX_SIZE:
        raise ApiError(
            "VALIDATION_ERROR",
            _("Invalid %(name)s.") % {"name": name},
            fields={name: [_("Give a positive whole number.")]},
        )
    size = int(raw)
    if not provable_size(size):
        raise ApiError(
            "VALIDATION_ERROR",
            _("No signed head has size %(size)s.") % {"size": size},
            fields={name: [_("Give the size of a signed tree head, or the log's current size.")]},
        )
    return size


def _tree(size: int):
    try:
        return log_tree(size)
    except LogGap as gap:
        raise ServiceError(
            LogError.LOG_INCOMPLETE, _("The stored log is incomplete: %(gap)s.") % {"gap": gap}
        ) from gap


def _hex(hashes) -> list[str]:
    return [h.hex() for h in hashes]


SIZE_HELP = "a signed tree head's size, or the log's current size"


class HeadListView(GenericAPIView):
    """The signed tree heads, newest first."""

    queryset = SignedTreeHead.objects.none()
    pagination_class = KeysetPagination
    ordering_choices = ["-timestamp", "timestamp"]
    default_ordering = "-timestamp"

    @extend_schema(
        operation_id="log_heads_list",
        responses={200: HeadSerializer(many=True), **errors(400, 401, 429)},
    )
    def get(self, request):
        rows = self.paginate_queryset(signed_heads())
        return self.get_paginated_response([head_json(h) for h in rows])


class AppendHeadView(GenericAPIView):
    """The log's head as the last append signed it: its size, root and signature, in the
    shape of a signed tree head with `reason: "append"`. Every event the log holds should
    be covered by it; one beyond it was not appended by the mechanism. 404 while the log
    is empty."""

    pagination_class = None

    @extend_schema(
        operation_id="log_head_retrieve",
        responses={200: AppendHeadSerializer, **errors(401, 404, 429)},
    )
    def get(self, request):
        head = ChainHead.objects.filter(pk=1).first()
        if head is None or not head.log_signature or head.log_signed_at is None:
            raise ApiError("NOT_FOUND", _("Nothing has been appended to the log yet."))
        return Response(
            {
                "tree_size": head.sequence,
                "root_hash": head.log_root,
                "timestamp": signed_time(head.log_signed_at),
                "key_id": head.log_key_id,
                "signature": head.log_signature,
                "reason": "append",
            }
        )


class KeyView(GenericAPIView):
    """The public keys that verify the heads: the current one, and retired ones still
    accepted for the heads they signed."""

    pagination_class = None

    @extend_schema(
        operation_id="log_key_retrieve", responses={200: KeysSerializer, **errors(401, 429)}
    )
    def get(self, request):
        keys = [
            {
                "key_id": k.key_id,
                "current": k.current,
                "pem": public_pem(k.key),
                "raw": base64.b64encode(raw_public(k.key)).decode(),
            }
            for k in public_keys()
        ]
        return Response({"algorithm": "Ed25519", "keys": keys})


class InclusionProofView(GenericAPIView):
    """The audit path of one event (by its sequence) in the tree of a given size, with
    the content its leaf hashes: RFC 9162 §2.1.3."""

    pagination_class = None

    @extend_schema(
        operation_id="log_event_proof",
        parameters=[
            OpenApiParameter(
                "tree_size",
                {"type": "integer", "minimum": 1, "maximum": MAX_SIZE},
                required=False,
                description=f"{SIZE_HELP}; by default the latest signed head that "
                "includes the event, else the current size",
            )
        ],
        responses={200: InclusionSerializer, **errors(400, 401, 404, 409, 429)},
    )
    def get(self, request, sequence):
        event = log_event_visible(user=request.user, sequence=int(sequence))
        if event is None:
            raise ApiError("NOT_FOUND", _("No such event."))
        latest = latest_head()
        default = latest.tree_size if latest and latest.tree_size >= event.sequence else log_size()
        size = _size(request, "tree_size", default=default)
        if event.sequence > size:
            raise ApiError(
                "VALIDATION_ERROR",
                _("The event came after that tree."),
                fields={
                    "tree_size": [_("Give a size of at least %(size)s.") % {"size": event.sequence}]
                },
            )
        tree = _tree(size)
        head = head_of_size(size)
        return Response(
            {
                "sequence": event.sequence,
                "leaf_index": event.sequence - 1,
                "tree_size": size,
                "root_hash": tree.root(size).hex(),
                "leaf_hash": event.leaf_hash,
                "content": event_content(event),
                "audit_path": _hex(tree.inclusion_path(event.sequence - 1, size)),
                "signed_head": head_json(head) if head else None,
            }
        )


class ConsistencyProofView(GenericAPIView):
    """The proof that the tree of size `from` is a prefix of the tree of size `to`:
    RFC 9162 §2.1.4."""

    pagination_class = None

    @extend_schema(
        operation_id="log_consistency_proof",
        parameters=[
            OpenApiParameter(
                "from",
                {"type": "integer", "minimum": 1, "maximum": MAX_SIZE},
                required=False,
                description=f"{SIZE_HELP}; the latest signed head's size by default",
            ),
            OpenApiParameter(
                "to",
                {"type": "integer", "minimum": 1, "maximum": MAX_SIZE},
                required=False,
                description=f"{SIZE_HELP}; the current size by default",
            ),
        ],
        responses={200: ConsistencySerializer, **errors(400, 401, 409, 429)},
    )
    def get(self, request):
        current = log_size()
        latest = latest_head()
        first = _size(request, "from", default=latest.tree_size if latest else current)
        second = _size(request, "to", default=current)
        if first == 0:
            raise ApiError(
                "VALIDATION_ERROR",
                _("The log is empty."),
                fields={"from": [_("The log is empty.")]},
            )
        if first > second:
            raise ApiError(
                "VALIDATION_ERROR",
                _("from must not exceed to."),
                fields={"from": [_("Give a size no larger than to.")]},
            )
        tree = _tree(second)
        return Response(
            {
                "first": first,
                "second": second,
                "first_root": tree.root(first).hex(),
                "second_root": tree.root(second).hex(),
                "proof": _hex(tree.consistency_proof(first, second)),
            }
        )
