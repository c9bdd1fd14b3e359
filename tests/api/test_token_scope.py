"""A read-only token is refused every write: each API route, with each unsafe method,
as each named actor holding a read-only token, answers 403 TOKEN_SCOPE (or 405 where
the route has no such method, or 403 where the role may not call it at all), checked in the one permission place (core.api.permissions).
"""

import uuid

import pytest
from django.urls import resolve
from knox.crypto import hash_token
from rest_framework.test import APIClient

from core.models import ApiToken
from tests.factories import api_token

from .support import assert_error, module_world
from .test_every_method import ROUTES, _build, concrete

WRITES = ("post", "put", "patch", "delete")
ACTORS = ("pak_officer", "afg_officer", "tur_reviewer", "qat_reviewer", "secretariat", "observer")
# The last route under /api/ answers 404 to everything (core.api.errors.api_not_found).
API_ROUTES = [r for r in ROUTES if r.startswith("api/") and r != "api/^"]


def _world():
    world = _build()
    users = world["users"]
    world["read_tokens"] = {name: api_token(users[name], scope="read") for name in ACTORS}
    own = ApiToken.objects.get(digest=hash_token(world["tokens"]["pak_officer"]))
    world["values"]["tokens"] = {"token_id": own.pk}
    world["values"]["exports"] = {"job_id": uuid.uuid4()}
    return world


world = module_world(_world)


@pytest.mark.django_db
@pytest.mark.parametrize("route", API_ROUTES)
def test_a_read_only_token_writes_nothing(world, route):
    path = concrete(route, world["values"])
    view = resolve(path).func.view_class
    for actor in ACTORS:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {world['read_tokens'][actor]}")
        for method in WRITES:
            if path == "/api/v1/auth/token/" and method == "post":
                continue  # signing in: no token is read, none is needed
            response = getattr(client, method)(path, {}, format="json")
            if hasattr(view, method):
                assert_error(response, 403, "TOKEN_SCOPE")
            else:  # not a method of this route: refused as it always was
                assert response.status_code in (403, 405), (actor, method, path)


@pytest.mark.django_db
def test_the_same_writes_with_a_write_token_are_not_refused_for_scope(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {world['tokens']['pak_officer']}")
    response = client.post("/api/v1/incidents/", {}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "VALIDATION_ERROR"
