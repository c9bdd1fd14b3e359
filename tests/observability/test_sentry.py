"""Errors reach Sentry when SENTRY_DSN is set, and carry no personal data."""

import pytest
import sentry_sdk
from django.urls import path
from sentry_sdk.envelope import Envelope
from sentry_sdk.transport import Transport

from config.observability.sentry import scrub_event, sentry_init
from config.urls import urlpatterns as project_urls

pytestmark = [
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
    # Newer sentry-sdk releases prefer `data_collection`; the floor (2.0) knows only this.
    pytest.mark.filterwarnings("ignore:The send_default_pii option is deprecated"),
]

NARRATIVE = "Mortar rounds struck the school at 06:40, three wounded"
PASSWORD = "officer-password-77"
TOKEN = "3f2a9e0c-api-token"


class Captured(Transport):
    """A transport that keeps envelopes instead of sending them."""

    def __init__(self, options=None):
        super().__init__(options)
        self.events = []

    def capture_envelope(self, envelope: Envelope) -> None:
        self.events += [item.payload.json for item in envelope.items if item.type == "event"]


def explode(request):
    # A view that reads what the caller sent, then fails.
    request.POST.get("narrative")
    raise RuntimeError("the view failed")


urlpatterns = [path("explode/", explode), *project_urls]


@pytest.fixture
def sentry():
    transport = Captured()
    assert sentry_init(
        dsn="https://public@sentry.example.org/1", environment="test", transport=transport
    )
    yield transport
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # no DSN: reporting off again for the tests that follow


def test_nothing_starts_without_a_dsn():
    assert sentry_init(dsn="") is False


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_an_error_in_a_request_is_sent_without_personal_data(client, pak_officer, sentry):
    client.force_login(pak_officer)
    client.raise_request_exception = False

    response = client.post(
        "/explode/?q=shelling",
        {"narrative": NARRATIVE, "password": PASSWORD},
        HTTP_AUTHORIZATION=f"Token {TOKEN}",
        HTTP_COOKIE="csrftoken=abc",
        REMOTE_ADDR="203.0.113.9",
    )
    sentry_sdk.flush()

    assert response.status_code == 500
    (event,) = sentry.events
    assert event["exception"]["values"][-1]["value"] == "the view failed"
    assert event["environment"] == "test"
    assert set(event.get("request", {})) <= {"method", "url"}
    assert event.get("user", {}).keys() <= {"id"}
    sent = repr(event)
    for personal in (NARRATIVE, PASSWORD, TOKEN, "203.0.113.9", "sessionid", "shelling"):
        assert personal not in sent
    frames = event["exception"]["values"][-1]["stacktrace"]["frames"]
    assert not any("vars" in frame for frame in frames)


def test_scrub_event_keeps_only_the_method_url_and_user_id():
    event = {
        "request": {
            "method": "POST",
            "url": "https://mechanism.example.org/api/v1/claims/",
            "query_string": "q=shelling",
            "headers": {"Authorization": f"Token {TOKEN}", "Cookie": "sessionid=x"},
            "cookies": {"sessionid": "x"},
            "data": {"narrative": NARRATIVE},
            "env": {"REMOTE_ADDR": "203.0.113.9"},
        },
        "user": {"id": 7, "email": "officer@example.org", "ip_address": "203.0.113.9"},
    }

    assert scrub_event(event) == {
        "request": {"method": "POST", "url": "https://mechanism.example.org/api/v1/claims/"},
        "user": {"id": 7},
    }
