"""Stable error codes. Clients and tests rely on the code, never on the English."""

from enum import StrEnum


class ErrorCode(StrEnum):
    VALIDATION_ERROR = "VALIDATION_ERROR"
    NOT_FOUND = "NOT_FOUND"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    NOT_YOUR_PARTY = "NOT_YOUR_PARTY"
    ILLEGAL_TRANSITION = "ILLEGAL_TRANSITION"
    NOT_ASSIGNED = "NOT_ASSIGNED"
    ALREADY_RECORDED = "ALREADY_RECORDED"
    REPLY_WINDOW_CLOSED = "REPLY_WINDOW_CLOSED"
    DEADLINE_PASSED = "DEADLINE_PASSED"
    STALE_VERSION = "STALE_VERSION"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    UNSUPPORTED_FILE_TYPE = "UNSUPPORTED_FILE_TYPE"
    EVIDENCE_INTEGRITY_FAILED = "EVIDENCE_INTEGRITY_FAILED"
    CONFLICT_OF_INTEREST = "CONFLICT_OF_INTEREST"
    # Penalties (compliance.penalties): refusals of their own, beside the shared ones.
    PENALTY_GROUNDS_REQUIRED = "PENALTY_GROUNDS_REQUIRED"
    PENALTY_GROUND_INELIGIBLE = "PENALTY_GROUND_INELIGIBLE"
    PENALTY_MEASURE_INACTIVE = "PENALTY_MEASURE_INACTIVE"
    PENALTY_ALREADY_DECIDED = "PENALTY_ALREADY_DECIDED"
    PENALTY_APPEAL_WINDOW_CLOSED = "PENALTY_APPEAL_WINDOW_CLOSED"
    PENALTY_ALREADY_APPEALED = "PENALTY_ALREADY_APPEALED"
    PENALTY_NOT_PENALISED_PARTY = "PENALTY_NOT_PENALISED_PARTY"


class ServiceError(Exception):
    """A refusal from a service: a stable code, a sentence for people, and field errors."""

    code: ErrorCode = ErrorCode.VALIDATION_ERROR

    def __init__(self, code: ErrorCode, detail: str, *, fields: dict | None = None):
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.fields = fields or {}

    def __repr__(self):
        return f"ServiceError({self.code}, {self.detail!r})"


def validation_error(
    fields: dict[str, list[str] | str], detail: str = "Invalid input."
) -> ServiceError:
    normalised = {k: v if isinstance(v, list) else [v] for k, v in fields.items()}
    return ServiceError(ErrorCode.VALIDATION_ERROR, detail, fields=normalised)
