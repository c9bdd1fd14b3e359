"""Friendly error pages: a person never sees a stack trace."""

from django.test import Client, RequestFactory

from config import urls


def test_server_error_page_is_friendly(db):
    request = RequestFactory().get("/claims/", HTTP_ACCEPT="text/html")
    response = urls.handler500(request)
    body = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in body and "Traceback" not in body


def test_not_found_page_is_friendly(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Not found" in response.content and b"Sign in" in response.content


def test_a_stale_form_is_a_friendly_page(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["pak_officer"])
    response = client.post("/claims/new/", {})
    assert response.status_code == 403
    assert b"The form expired" in response.content
