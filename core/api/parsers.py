"""Request bodies in JSON, parsed strictly.

The standard library's parser lets through what nothing behind it can hold: a lone
UTF-16 surrogate ("\\ud800") that no database or renderer will encode, numbers that
overflow to infinity (1e400), and nesting deep enough to exhaust the stack. Each of those
ended in a 500. orjson refuses all three as malformed JSON, so they answer 400 PARSE_ERROR.
"""

import orjson
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from .renderers import ORJSONRenderer


class JSONParser(parsers.JSONParser):
    # A subclass of DRF's parser, so that DRF reads the body through `request.body` and
    # DATA_UPLOAD_MAX_MEMORY_SIZE still applies (413 beyond it).
    renderer_class = ORJSONRenderer

    def parse(self, stream, media_type=None, parser_context=None):
        # JSON exchanged between systems is UTF-8 (RFC 8259 §8.1); a charset parameter
        # naming anything else is not honoured.
        try:
            return orjson.loads(stream.read())
        except orjson.JSONDecodeError as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
