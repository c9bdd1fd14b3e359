"""Every domain's error codes gathered into the one HTTP map."""

import importlib
from http import HTTPStatus

import pytest

from core.api.errors import ApiErrorCode
from core.errors import STATUS_BY_CODE, CommonError, ErrorCodes, ServiceError, validation_error

DOMAIN_ENUMS = [
    ("core.errors", "CommonError"),
    ("core.errors", "SiteModeError"),
    ("core.api.errors", "ApiErrorCode"),
    ("verification.error_codes", "ReviewError"),
    ("evidence.error_codes", "EvidenceError"),
    ("compliance.penalties.error_codes", "PenaltyError"),
]


def _all_members():
    for module, name in DOMAIN_ENUMS:
        yield from getattr(importlib.import_module(module), name)


def test_the_map_holds_every_code_of_every_domain_with_its_status():
    members = list(_all_members())
    assert members
    for member in members:
        assert STATUS_BY_CODE[member] == member.http_status


def test_no_code_is_defined_by_two_domains():
    codes = [str(member) for member in _all_members()]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("VALIDATION_ERROR", 400),
        ("NOT_YOUR_PARTY", 403),
        ("NOT_ASSIGNED", 403),
        ("ILLEGAL_TRANSITION", 409),
        ("FILE_TOO_LARGE", 413),
        ("UNSUPPORTED_FILE_TYPE", 415),
        ("PENALTY_NOT_PENALISED_PARTY", 403),
        ("LOCKED_OUT", 429),
        ("READ_ONLY_MODE", 503),
        ("NO_ACCESS_MODE", 503),
    ],
)
def test_codes_keep_the_statuses_clients_rely_on(code, status):
    importlib.import_module("compliance.penalties.error_codes")
    assert STATUS_BY_CODE[code] == status


def test_a_code_compares_equal_to_its_text():
    assert CommonError.STALE_VERSION == "STALE_VERSION"
    assert ApiErrorCode.THROTTLED.http_status == HTTPStatus.TOO_MANY_REQUESTS


def test_every_code_enum_builds_on_the_one_base():
    for module, name in DOMAIN_ENUMS:
        assert issubclass(getattr(importlib.import_module(module), name), ErrorCodes)


def test_validation_error_lists_each_field():
    exc = validation_error({"narrative": "Required.", "latitude": ["Out of range."]})
    assert isinstance(exc, ServiceError)
    assert exc.code == CommonError.VALIDATION_ERROR
    assert exc.fields == {"narrative": ["Required."], "latitude": ["Out of range."]}
