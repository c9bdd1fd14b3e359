import pytest
from rest_framework.test import APIClient

from operations.lockdown.services import site_mode_switch
from tests.factories import api_token


@pytest.fixture
def switch(secretariat):
    """switch("read_only") -> the mechanism in that mode, switched by the secretariat."""

    def make(mode, *, reason="Suspected compromise of a delegation's laptop."):
        return site_mode_switch(actor=secretariat, mode=mode, reason=reason)

    return make


@pytest.fixture
def api_as(cast):
    """api_as("pak_officer") -> an APIClient sending that actor's token."""

    def make(name):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(cast[name])}")
        return client

    return make


@pytest.fixture
def browser_as(cast, client_class=None):
    """browser_as("pak_officer") -> a Django test client signed in as that actor."""
    from django.test import Client

    def make(name):
        client = Client()
        client.force_login(cast[name])
        return client

    return make
