import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_fallback = JSONEncoder().default


class ORJSONRenderer(JSONRenderer):
    """JSON through orjson: the list endpoints' rows are plain dicts, rendered fast."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        return orjson.dumps(
            data, default=_fallback, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_UTC_Z
        )
