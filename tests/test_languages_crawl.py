"""Every page each role reaches, in each language but English, carries no English outside
the data: the crawl follows every link from the role's home page (a few pages of each
shape), reads what a reader sees and hears (text, titles, labels, placeholders), and fails
on a word of the interface's English that no stored text accounts for. The demo's own
data, seeded once for the module, gives every kind of record and page."""

from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from accounts.models import User
from incidents.models import Incident
from tests.crawl import Data, english_in, interface_words, read_page, shape_of

LANGUAGES = ["ur", "ps", "fa-af", "tr", "ar"]
ROLES = ["pak_officer", "afg_officer", "tur_reviewer", "qat_reviewer", "secretariat", "observer"]
# Pages reached by no link: the error page, and what a visitor signed out sees.
ALSO = ["/no-such-page/", "/claims/PAK-1999-99999/"]
SIGNED_OUT = ["/accounts/login/", "/accounts/password/reset/", "/accounts/signup/"]
NOT_PAGES = ("/accounts/logout", "/i18n/", "/static/", "/media/", "/api/", "//")
# The admin is the secretariat's alone; of its addresses, the script catalogue, signing in
# and out, "view on site" redirects and the autocomplete's answers are no page to read.
ADMIN = "/admin/"
ADMIN_NOT_PAGES = (
    "/admin/jsi18n/",
    "/admin/login/",
    "/admin/logout/",
    "/admin/r/",
    "/admin/autocomplete/",
)
ADMIN_ROLES = {"secretariat"}
PER_SHAPE = 2


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo's world, written once and rolled back after the module; the texts it
    stores."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", password="crawl-demo-password", claims=40, verbosity=0)
            yield Data()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def crawl(client: Client, start: list[str], words: set[str], data: Data, admin: bool = False):
    """{url: the English texts found}, and the pages that failed, from the start pages;
    the admin's pages too when `admin`."""
    queue, seen, shapes = list(start), set(), Counter()
    english, failed = {}, []
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code >= 500:
            failed.append(f"{url}: {response.status_code}")
        if "text/html" not in response.get("Content-Type", ""):
            continue
        texts, links = read_page(response.content.decode())
        found = english_in(texts, words, data)
        if found:
            english[url] = found
        for href in links:
            href = href.split("#")[0]
            if not href.startswith("/") or href.startswith(NOT_PAGES) or href in seen:
                continue
            if href.startswith(ADMIN) and (not admin or href.startswith(ADMIN_NOT_PAGES)):
                continue
            if urlsplit(href).path.endswith((".pdf", ".csv", ".geojson", ".json")):
                continue
            shape = shape_of(href)
            if shapes[shape] < PER_SHAPE:
                shapes[shape] += 1
                queue.append(href)
    return english, failed, len(seen)


def report(english: dict[str, list[str]]) -> str:
    return "\n".join(f"{url}\n    " + "\n    ".join(found) for url, found in english.items())


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_no_english_on_any_page_of_a_role(demo, db, role, language):
    person = User.objects.get(username=role)
    User.objects.filter(pk=person.pk).update(language=language)
    client = Client()
    client.force_login(person)

    admin = role in ADMIN_ROLES
    start = ["/", *([ADMIN] if admin else []), *ALSO]

    english, failed, pages = crawl(client, start, interface_words(language), demo, admin=admin)

    assert pages > 20
    assert not failed
    assert not english, report(english)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_on_the_pages_of_a_visitor_signed_out(demo, db, language):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)

    english, failed, _ = crawl(client, [*SIGNED_OUT, *ALSO], interface_words(language), demo)

    assert not failed
    assert not english, report(english)


def test_the_crawl_sees_english_that_is_not_data(demo, db):
    words = interface_words("ur")
    texts, _ = read_page(
        '<p>PAK-2026-00001 <span title="Open claims">کھلے</span></p>'
        '<button aria-label="Close">×</button>'
    )

    assert english_in(texts, words, demo) == [
        "'Open claims' (Open, claims)",
        "'Close' (Close)",
    ]


def test_the_crawl_takes_stored_text_for_data(demo, db):
    narrative = Incident.objects.filter(narrative_language="en").first().narrative
    words = interface_words("ur")

    assert english_in([narrative, narrative[:40] + "…"], words, demo) == []


def test_the_crawl_takes_a_masked_secret_for_no_words(demo, db):
    words = interface_words("ur")

    assert english_in(["or********************", "الگورتھم: argon2"], words, demo) == []
    assert english_in(["or******** Close"], words, demo) == ["'or******** Close' (Close)"]
