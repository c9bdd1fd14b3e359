"""API clients for the named cast, each signed in with its own token."""

import pytest
from rest_framework.test import APIClient

from tests.factories import api_token


@pytest.fixture
def api_as(cast):
    """api_as("pak_officer") -> an APIClient sending that actor's token; None → anonymous."""

    def make(name=None):
        client = APIClient()
        if name is not None:
            token = api_token(cast[name])
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    return make


@pytest.fixture
def claim_body():
    def make(**overrides):
        body = {
            "accused_party": "AFG",
            "category": "cross_border_fire",
            "alleged_actor": "Afghan border forces",
            "occurred_at": "2025-06-01T04:30:00Z",
            "time_precision": "exact",
            "latitude": 34.133,
            "longitude": 71.083,
            "place_name": "Torkham",
            "province": "Khyber Pakhtunkhwa",
            "border_sector": "Torkham",
            "geo_precision": "exact",
            "narrative": "Mortar rounds landed near the crossing at dawn.",
            "sources": "Border post log",
            "killed_civilian_low": 1,
            "killed_civilian_high": 2,
        }
        body.update(overrides)
        return body

    return make
