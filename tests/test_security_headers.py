"""Response headers: a strict Content-Security-Policy on every page (no inline script or
style, nothing from another host, never framed), X-Frame-Options, nosniff, Referrer-
Policy; and in production HSTS and HTTPS-only cookies, with `check --deploy` clean."""

import base64
import importlib
import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client, override_settings

from tests.factories import IncidentFactory

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.fixture
def pages(client, pak_officer, category):
    claim = IncidentFactory(category=category, created_by=pak_officer)
    client.force_login(pak_officer)
    return client, [
        "/",
        "/claims/",
        "/claims/new/",
        f"/claims/{claim.reference}/",
        "/notifications/",
        "/accounts/password/",
        "/api/docs/",
    ]


def test_every_page_has_the_strict_policy(pages):
    client, urls = pages
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        csp = policy(response)
        assert csp["script-src"] == ["'self'"], url
        assert csp["style-src"] == ["'self'"], url
        assert csp["default-src"] == ["'self'"], url
        assert csp["object-src"] == ["'none'"], url
        assert csp["base-uri"] == ["'none'"], url
        assert csp["frame-ancestors"] == ["'none'"], url
        assert "unsafe" not in response["Content-Security-Policy"], url


def test_the_policy_is_on_the_sign_in_page_and_api_answers_too(client):
    for url in ("/accounts/login/", "/api/v1/incidents/", "/healthz"):
        assert policy(client.get(url))["script-src"] == ["'self'"], url


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inline, self.handlers, self.styles, self._open = [], [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.handlers += [name for name in attrs if name.startswith("on")]
        if "style" in attrs:
            self.styles.append(tag)
        if tag == "style":
            self.styles.append("<style>")
        # json_script data blocks are data, never run: the policy does not apply to them.
        if tag == "script" and attrs.get("type") != "application/json":
            self._open = attrs

    def handle_data(self, data):
        if self._open is not None and (data.strip() or not self._open.get("src")):
            self.inline.append(data.strip()[:80])

    def handle_endtag(self, tag):
        if tag == "script":
            if self._open is not None and not self._open.get("src"):
                self.inline.append("<script> without src")
            self._open = None


def test_rendered_pages_carry_no_inline_script_handler_or_style(pages):
    client, urls = pages
    for url in urls:
        found = _Scripts()
        found.feed(client.get(url).content.decode())
        assert found.inline == [], url
        assert found.handlers == [], url
        assert found.styles == [], url


def test_no_template_has_inline_script_or_event_handler():
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            offenders.append(f"{template}: inline <script>")
        if re.search(r"\son[a-z]+\s*=", text):
            offenders.append(f"{template}: on…= handler")
        if re.search(r"<style|\sstyle\s*=", text):
            offenders.append(f"{template}: inline style")
    assert offenders == []


def test_framing_sniffing_and_referrer_headers(client):
    response = client.get("/accounts/login/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_cookies_are_not_readable_from_scripts_or_sent_cross_site(client, pak_officer):
    client.get("/accounts/login/")
    client.post("/accounts/login/", {"login": "pak_officer", "password": "pw"})

    for name in ("csrftoken", "sessionid"):
        cookie = client.cookies[name]
        assert cookie["httponly"], name
        assert cookie["samesite"] == "Lax", name


# --- production -------------------------------------------------------------------------

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": secrets.token_hex(32),
    "DJANGO_ALLOWED_HOSTS": "mechanism.example.org",
    "LOG_SIGNING_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
}


@pytest.fixture
def production(monkeypatch):
    """The security settings of config/settings/production.py, applied to this test."""
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    module = importlib.reload(importlib.import_module("config.settings.production"))
    names = [
        name
        for name in dir(module)
        if name.startswith(("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_")) or name == "DEBUG"
    ]
    with override_settings(**{name: getattr(module, name) for name in names}):
        yield module


def test_production_sends_hsts_for_a_year_with_subdomains_and_preload(production):
    response = Client().get("/accounts/login/", secure=True)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_production_redirects_plain_http_to_https(production):
    response = Client().get("/accounts/login/")

    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_production_cookies_are_https_only(production, pak_officer):
    client = Client()
    client.get("/accounts/login/", secure=True)
    client.post("/accounts/login/", {"login": "pak_officer", "password": "pw"}, secure=True)

    assert client.cookies["csrftoken"]["secure"]
    assert client.cookies["sessionid"]["secure"]
    assert client.cookies["sessionid"]["httponly"]


def test_check_deploy_is_clean_with_production_settings():
    # As a deployment runs it: without the switch the browser tests set for themselves.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {**inherited, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "config.settings.production"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# --- nothing private in a cache --------------------------------------------------------


def test_pages_of_a_signed_in_user_are_not_stored(pages):
    client, urls = pages
    for url in urls:
        response = client.get(url)
        assert response["Cache-Control"] == "no-store, private", url


@pytest.mark.parametrize(
    "path",
    ["/api/v1/incidents/", "/api/v1/referrals/", "/api/v1/penalties/", "/api/v1/parties/"],
)
def test_api_answers_are_not_stored_signed_in_or_not(client, pak_officer, path):
    from tests.factories import api_token

    anonymous = client.get(path)
    assert anonymous.status_code == 401 and anonymous["Cache-Control"] == "no-store, private"
    token = api_token(pak_officer)
    answer = client.get(path, HTTP_AUTHORIZATION=f"Token {token}")
    assert answer.status_code == 200 and answer["Cache-Control"] == "no-store, private"


def test_a_view_that_sets_its_own_cache_control_keeps_it(client, pak_officer, category):
    IncidentFactory(category=category, created_by=pak_officer)
    client.force_login(pak_officer)
    response = client.get("/api/v1/incidents/export.csv")
    assert response["Cache-Control"] == "no-store"


def test_static_files_stay_cacheable(client, pak_officer):
    client.force_login(pak_officer)
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
