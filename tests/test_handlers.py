"""config.handlers: a token's API call skips the browser's middleware and answers as the
whole stack does; every other request takes the whole stack."""

import pytest
from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import Client, RequestFactory
from django.test.client import ClientHandler

from config.handlers import token_call, token_call_middleware
from core import site_mode
from core.api.tokens import token_create
from core.models import Mode

pytestmark = pytest.mark.django_db

LIST = "/api/v1/incidents/"


@pytest.mark.parametrize(
    ("path", "authorization", "expected"),
    [
        (LIST, "Token 0123abcd", True),
        (LIST, "token 0123abcd", True),
        (LIST, "TOKEN 0123abcd", True),
        (LIST, "Bearer 0123abcd", False),
        (LIST, "Tokenish 0123abcd", False),
        (LIST, None, False),
        ("/claims/", "Token 0123abcd", False),
        ("/apiary/", "Token 0123abcd", False),
    ],
)
def test_what_counts_as_a_token_call(path, authorization, expected):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    assert token_call(RequestFactory().get(path, **headers)) is expected


def test_the_shorter_stack_is_the_whole_one_less_the_skipped():
    skipped = settings.TOKEN_CALL_SKIPPED_MIDDLEWARE
    # A name not in MIDDLEWARE would skip nothing, silently.
    assert set(skipped) <= set(settings.MIDDLEWARE)
    assert token_call_middleware() == [m for m in settings.MIDDLEWARE if m not in skipped]
    assert "django.contrib.sessions.middleware.SessionMiddleware" in settings.MIDDLEWARE


def whole_stack() -> Client:
    client = Client()
    client.handler = ClientHandler()  # Django's own, as imported before any routing
    return client


@pytest.fixture
def secret(observer):
    return token_create(user=observer, name="Analyst")[1]


def call(client, secret, path=LIST, method="get", **extra):
    return getattr(client, method)(
        path, HTTP_AUTHORIZATION=f"Token {secret}", HTTP_ACCEPT_LANGUAGE="ur", **extra
    )


def test_a_token_call_does_not_run_the_browsers_middleware(secret, monkeypatch):
    seen = []
    original = SessionMiddleware.process_request
    monkeypatch.setattr(
        SessionMiddleware,
        "process_request",
        lambda self, request: seen.append(request.path) or original(self, request),
    )

    assert call(Client(), secret).status_code == 200
    assert seen == []
    assert call(whole_stack(), secret).status_code == 200
    assert seen == [LIST]


@pytest.mark.parametrize(
    ("path", "method", "body"),
    [
        (LIST, "get", None),
        (LIST + "?reporting_party=XYZ", "get", None),
        (LIST, "post", "{not json"),
        ("/api/v1/incidents/PAK-2026-00001/", "get", None),
        ("/api/v1/nowhere/", "get", None),
    ],
)
def test_a_token_call_answers_as_the_whole_stack_does(secret, pak_officer, path, method, body):
    officer = token_create(user=pak_officer, name="Laptop")[1]
    extra = {"data": body, "content_type": "application/json"} if body is not None else {}
    for who in (secret, officer, "0" * 64):
        short, whole = (call(c, who, path, method, **extra) for c in (Client(), whole_stack()))
        assert short.status_code == whole.status_code
        assert short.content == whole.content
        for header in ("Content-Type", "Cache-Control", "X-Frame-Options", "Content-Language"):
            assert short.get(header) == whole.get(header), header
        assert short.has_header("X-Request-ID")
        assert short.has_header("Content-Security-Policy")
        assert "sessionid" not in short.cookies and "csrftoken" not in short.cookies


def test_a_token_call_is_refused_while_frozen(pak_officer):
    officer = token_create(user=pak_officer, name="Laptop")[1]
    site_mode.remember(site_mode.ModeState(mode=Mode.READ_ONLY), seconds=3600)
    response = call(Client(), officer, LIST, "post", data="{}", content_type="application/json")
    assert response.status_code == 503
    assert response.json()["code"] == "READ_ONLY_MODE"


def test_the_wsgi_application_routes_token_calls():
    from config.wsgi import application

    assert application.token_calls.__class__.__name__ == "TokenCallHandler"
