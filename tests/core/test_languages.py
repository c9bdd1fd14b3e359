"""The six languages: Dari described for Django, the direction of each, and the page's
root element in the browser's language."""

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language_info

RIGHT_TO_LEFT = ["ur", "ps", "fa-af", "ar"]


def test_the_languages_offered():
    assert [code for code, _ in settings.LANGUAGES] == ["en", "ur", "ps", "fa-af", "tr", "ar"]


@pytest.mark.parametrize(("code", "name"), [("fa-af", "دری"), ("ps", "پښتو")])
def test_the_languages_django_lacks_are_described(code, name):
    info = get_language_info(code)
    assert info["name_local"] == name
    assert info["bidi"] is True


@pytest.mark.parametrize(("code", "_"), settings.LANGUAGES)
def test_each_language_reads_in_its_own_direction(code, _):
    with translation.override(code):
        assert translation.get_language_bidi() is (code in RIGHT_TO_LEFT)
        assert get_language_info(code)["bidi"] is (code in RIGHT_TO_LEFT)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept", "lang", "direction"),
    [("en", "en", "ltr"), ("ur", "ur", "rtl"), ("fa-AF", "fa-af", "rtl"), ("tr", "tr", "ltr")],
)
def test_an_anonymous_page_follows_the_browser(client, accept, lang, direction):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=accept)

    assert f'<html lang="{lang}" dir="{direction}">' in response.content.decode()
    assert 'data-testid="language-switcher"' in response.content.decode()
    assert response["Content-Language"] == lang


@pytest.mark.django_db
def test_the_switcher_sets_the_language_of_an_anonymous_visitor(client):
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/accounts/login/"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert '<option value="ar" lang="ar" selected>' in page
