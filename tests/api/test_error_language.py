"""The API's refusals in the caller's language (Accept-Language): the `detail` is
translated, the `code` and the field names never change."""

import pytest

from .support import assert_error

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "detail"),
    [("en", "Invalid input."), ("tr", "Geçersiz girdi."), ("ur", "غلط اندراج۔")],
)
def test_a_validation_error_speaks_the_callers_language(api_as, category, language, detail):
    response = api_as("pak_officer").post(
        "/api/v1/incidents/", {}, format="json", HTTP_ACCEPT_LANGUAGE=language
    )

    body = assert_error(response, 400, "VALIDATION_ERROR", field="narrative")
    assert body["detail"] == detail
    assert response["Content-Language"] == language


def test_an_unknown_path_answers_in_turkish_with_the_same_code(api_as):
    english = api_as("pak_officer").get("/api/v1/no-such-thing/")
    turkish = api_as("pak_officer").get("/api/v1/no-such-thing/", HTTP_ACCEPT_LANGUAGE="tr")

    assert assert_error(english, 404, "NOT_FOUND")["detail"] == "Not found."
    assert assert_error(turkish, 404, "NOT_FOUND")["detail"] == "Bulunamadı."


def test_a_bad_token_is_refused_in_turkish(api_as):
    client = api_as()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 64)

    response = client.get("/api/v1/incidents/", HTTP_ACCEPT_LANGUAGE="tr")

    body = assert_error(response, 401, "AUTHENTICATION_FAILED")
    assert body["detail"] == "Geçersiz belirteç."
