"""The pages django-allauth draws show only words our catalogues can translate: each text
on them is either a message of our own catalogue or one accounts.third_party_messages
names, spelt as allauth or Django spells it."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.test import Client
from django.utils import translation

from accounts import third_party_messages
from tests.accounts.support import confirm_password, password_step

pytestmark = pytest.mark.django_db

# Elements whose words a reader meets as one message.
BLOCKS = {
    "h1",
    "h2",
    "h3",
    "p",
    "label",
    "legend",
    "button",
    "a",
    "th",
    "td",
    "li",
    "div",
    "strong",
}
NUMBER = re.compile(r"%\(\w+\)[sd]|%[sd]|\d+")


class MainText(HTMLParser):
    """The texts inside <main>, one per innermost block element, whitespace folded."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.stack: list[list[str]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth = 1
        elif self.depth and tag in BLOCKS:
            self.stack.append([])

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth = 0
        elif self.depth and tag in BLOCKS and self.stack:
            text = " ".join(" ".join(self.stack.pop()).split())
            if text:
                self.texts.append(text)

    def handle_data(self, data):
        if self.depth and self.stack:
            self.stack[-1].append(data)


def texts_of(html: str) -> list[str]:
    parser = MainText()
    parser.feed(html)
    return parser.texts


def shape(text: str) -> str:
    """A message with its numbers and placeholders alike, typography folded, and no
    closing colon (Django's label suffix)."""
    return " ".join(NUMBER.sub("#", text).replace("’", "'").split()).rstrip(":")


def pattern(msgid: str) -> str:
    """A message as a pattern of the texts it becomes: a placeholder or number stands
    for any value."""
    return r".+?".join(re.escape(part) for part in shape(msgid).split("#"))


def named() -> list[str]:
    """Every message the module names, plurals in both English forms."""
    msgids = list(third_party_messages.MESSAGES)
    with translation.override("en"):
        for message in third_party_messages.PLURAL_MESSAGES:
            # A count alone picks the form and leaves the named placeholders unfilled.
            msgids += [str(message % 1), str(message % 2)]
    return msgids


PO_MSGID = re.compile(r'^msgid ((?:".*"\n)+)', re.M)


def ours() -> list[str]:
    """The msgids of our own Urdu catalogue, as the .po file spells them."""
    catalogue = Path(settings.LOCALE_PATHS[0]) / "ur" / "LC_MESSAGES" / "django.po"
    msgids = []
    for block in PO_MSGID.findall(catalogue.read_text(encoding="utf-8")):
        value = "".join(re.findall(r'^"(.*)"$', block, re.M))
        value = value.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")
        if value:
            msgids.append(value)
    return msgids


def page_texts(client: Client, url: str) -> list[str]:
    with translation.override("en"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, url
    texts = texts_of(response.content.decode())
    assert texts, url
    return texts


def untranslatable(client: Client, url: str) -> list[str]:
    # A message with no word of its own besides placeholders ("%(a)s: %(b)s") would
    # match any text.
    msgids = [m for m in named() + ours() if re.search(r"[A-Za-z]{2}", NUMBER.sub("", m))]
    one = "|".join(f"(?:{pattern(msgid)})" for msgid in msgids)
    # A paragraph may hold several messages side by side (mfa/recovery_codes/generate.html).
    known = re.compile(f"(?:{one})(?: (?:{one}))*")
    words = [text for text in page_texts(client, url) if re.search(r"[^\W\d_]", text)]
    return [text for text in words if not known.fullmatch(shape(text))]


def test_every_msgid_is_a_string_once():
    assert len(set(third_party_messages.MESSAGES)) == len(third_party_messages.MESSAGES)
    assert all(isinstance(msgid, str) for msgid in third_party_messages.MESSAGES)


def test_a_label_the_module_does_not_name_is_caught(client, pak_officer, monkeypatch):
    messages = tuple(m for m in third_party_messages.MESSAGES if m != "Current Password")
    monkeypatch.setattr(third_party_messages, "MESSAGES", messages)
    # Our catalogue holds it too, once makemessages has read the module.
    catalogue = ours()
    monkeypatch.setattr(
        f"{__name__}.ours", lambda: [m for m in catalogue if m != "Current Password"]
    )
    client.force_login(pak_officer)
    assert untranslatable(client, "/accounts/password/") == ["Current Password:"]


def test_the_password_page_names_its_labels_and_the_validators_help(client, pak_officer):
    client.force_login(pak_officer)
    assert untranslatable(client, "/accounts/password/") == []
    labels = {shape(text) for text in page_texts(client, "/accounts/password/")}
    assert {"Current Password", "New Password", "New Password (again)"} <= labels


def test_the_second_factor_page_names_its_words_before_enrolment(client, pak_officer):
    client.force_login(pak_officer)
    assert untranslatable(client, "/accounts/2fa/") == []


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/2fa/",
        "/accounts/2fa/recovery-codes/",
        "/accounts/2fa/recovery-codes/generate/",
        "/accounts/2fa/webauthn/",
        "/accounts/2fa/totp/deactivate/",
    ],
)
def test_the_second_factor_pages_name_their_words_once_enrolled(client, pak_officer, url):
    TOTP.activate(pak_officer, generate_totp_secret())
    RecoveryCodes.activate(pak_officer)
    assert Authenticator.objects.filter(user=pak_officer).count() == 2
    client.force_login(pak_officer)
    confirm_password(client)
    assert untranslatable(client, url) == []


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/2fa/totp/activate/",
        "/accounts/2fa/webauthn/add/",
    ],
)
def test_the_enrolment_pages_name_their_words(pak_officer, url):
    client, _ = password_step(pak_officer)
    confirm_password(client)
    assert untranslatable(client, url) == []


def test_the_reauthentication_and_reset_pages_name_their_words(client, pak_officer):
    client.force_login(pak_officer)
    assert untranslatable(client, "/accounts/reauthenticate/") == []
    assert untranslatable(client, "/accounts/logout/") == []
    # Signed in, the reset page says so first.
    assert untranslatable(client, "/accounts/password/reset/") == []
    assert untranslatable(Client(), "/accounts/password/reset/") == []
    assert untranslatable(Client(), "/accounts/password/reset/done/") == []
