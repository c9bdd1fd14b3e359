"""OpenAPI helpers every domain's API uses: the error answers and the retry header."""

from drf_spectacular.utils import OpenApiParameter

from .serializers import ErrorSerializer

ERRORS = {
    400: ErrorSerializer,
    401: ErrorSerializer,
    403: ErrorSerializer,
    404: ErrorSerializer,
    409: ErrorSerializer,
    429: ErrorSerializer,
}
IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    # What core.api.idempotency accepts: 1 to 255 printable characters, not only blanks.
    {"type": "string", "minLength": 1, "maxLength": 255, "pattern": r"^[!-~]([ -~]*[!-~])?$"},
    OpenApiParameter.HEADER,
    required=False,
    description="Retry safely: the same key and body returns the first result.",
)


def errors(*codes: int) -> dict:
    """The `responses` entries of an operation's refusals: one error shape for each."""
    return {code: ERRORS.get(code, ErrorSerializer) for code in codes}
