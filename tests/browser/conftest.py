"""Playwright against the live test server, in Debian's Chromium.

Every test records each request its pages make and fails if any went to a host other
than the test server: no CDN, no tile server, no font service; and fails if the
browser reported any Content-Security-Policy violation on any page.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

# Playwright's sync API keeps an event loop in this thread; the ORM calls made by the
# tests between browser steps are ordinary synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
PASSWORD = "pw"  # what tests.factories.UserFactory sets
LOCAL_SCHEMES = {"data", "blob", "about"}

expect.set_options(timeout=10_000)

PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--no-default-browser-check",
        ],
    }


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def requests_seen():
    return []


@pytest.fixture
def csp_violations():
    return []


def watch(context, requests_seen, csp_violations):
    """Record every request and every CSP violation the context's pages report."""
    context.on("request", lambda request: requests_seen.append(request.url))
    context.on(
        "console",
        lambda message: (
            csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )


@pytest.fixture(autouse=True)
def _only_the_test_server(requests_seen, csp_violations, live_server):
    """After each test: every request any page made went to the live test server, and
    no page broke the Content-Security-Policy."""
    yield
    assert csp_violations == [], csp_violations
    server = urlsplit(live_server.url).netloc
    assert requests_seen, "the test made no request at all"
    foreign = [
        url
        for url in requests_seen
        if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url).netloc != server
    ]
    assert foreign == [], f"requests to other hosts: {foreign}"


@pytest.fixture
def open_as(new_context, live_server, requests_seen, csp_violations):
    """open_as(user) -> a page in a fresh browser context, signed in through the form."""

    def open_as(user, *, width=1280, height=900):
        context = new_context(base_url=live_server.url, viewport={"width": width, "height": height})
        watch(context, requests_seen, csp_violations)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_test_id("who")).to_contain_text(user.username)
        return page

    return open_as


@pytest.fixture
def files(tmp_path):
    """Evidence files on disk, as a person would pick them."""
    photo = tmp_path / "crater.png"
    photo.write_bytes(PNG_1X1)
    note = tmp_path / "witness-statement.txt"
    note.write_text("Two rounds at 06:40, from the west.\n")
    return {"photo": photo, "note": note}
