"""A person's language and time zone: the Preferences page, the header's switcher, and the
middleware that applies them to every request they make."""

import pytest
from django.utils import timezone

from accounts.middleware import PreferencesMiddleware
from audit.models import AuditEvent
from core.changes import CHANGED

pytestmark = pytest.mark.django_db
PREFERENCES = "/account/preferences/"


def test_the_preferences_page_needs_a_signed_in_user(client):
    response = client.get(PREFERENCES)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_person_chooses_urdu_and_karachi_time(client, pak_officer):
    client.force_login(pak_officer)
    assert 'id="id_language"' in client.get(PREFERENCES).content.decode()

    response = client.post(PREFERENCES, {"language": "ur", "time_zone": "Asia/Karachi"})

    assert response.status_code == 302
    pak_officer.refresh_from_db()
    assert (pak_officer.language, pak_officer.time_zone) == ("ur", "Asia/Karachi")
    event = AuditEvent.objects.get(action=CHANGED)
    assert event.actor == pak_officer
    page = client.get(PREFERENCES).content.decode()
    assert '<html lang="ur" dir="rtl">' in page
    assert "ترجیحات محفوظ ہو گئیں۔" in page


def test_the_preference_wins_over_the_browser(client, pak_officer):
    pak_officer.language = "ps"
    pak_officer.save(update_fields=["language"])
    client.force_login(pak_officer)

    page = client.get(PREFERENCES, HTTP_ACCEPT_LANGUAGE="tr").content.decode()

    assert '<html lang="ps" dir="rtl">' in page


def test_without_a_preference_the_browser_decides(client, pak_officer):
    client.force_login(pak_officer)

    page = client.get(PREFERENCES, HTTP_ACCEPT_LANGUAGE="tr").content.decode()

    assert '<html lang="tr" dir="ltr">' in page
    assert "Tercihleri kaydet" in page


def test_an_unknown_zone_is_a_form_error_and_changes_nothing(client, pak_officer):
    client.force_login(pak_officer)

    response = client.post(PREFERENCES, {"language": "ur", "time_zone": "Mars/Olympus"})

    assert response.status_code == 400
    assert "time_zone" in response.context["form"].errors
    pak_officer.refresh_from_db()
    assert (pak_officer.language, pak_officer.time_zone) == ("", "UTC")
    assert not AuditEvent.objects.filter(action=CHANGED).exists()


def test_saving_the_same_preferences_records_nothing(client, pak_officer):
    client.force_login(pak_officer)

    response = client.post(PREFERENCES, {"language": "", "time_zone": "UTC"})

    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action=CHANGED).exists()


def test_the_switcher_is_also_the_signed_in_persons_preference(client, afg_officer):
    client.force_login(afg_officer)

    response = client.post("/i18n/setlang/", {"language": "fa-af", "next": PREFERENCES})

    assert response.status_code == 302
    afg_officer.refresh_from_db()
    assert afg_officer.language == "fa-af"
    assert '<html lang="fa-af" dir="rtl">' in client.get(PREFERENCES).content.decode()


def test_the_middleware_applies_the_persons_zone_for_the_request_only(rf, tur_reviewer):
    tur_reviewer.time_zone = "Europe/Istanbul"
    seen = []

    def view(request):
        seen.append(timezone.get_current_timezone_name())
        return None

    request = rf.get("/")
    request.user = tur_reviewer
    PreferencesMiddleware(view)(request)

    assert seen == ["Europe/Istanbul"]
    assert timezone.get_current_timezone_name() == "UTC"
