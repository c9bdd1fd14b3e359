"""Reading a page as its reader sees it, for the crawl that looks for English left in the
pages of the other languages.

What counts as English: a word of the interface's own English (the msgids of the
catalogues) that the page's language does not also use. What counts as data: any text
stored in the database (narratives, place names, usernames, references, payloads), shown
whole or cut short; choice codes are not data, since the pages show their labels.
"""

import json
import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.apps import apps
from django.db import models
from django.utils.translation import trans_real

WORD = re.compile(r"[A-Za-z][A-Za-z']+")
# Visible attributes: what a screen reader says or a pointer shows.
SPOKEN = ("title", "placeholder", "aria-label", "alt", "aria-description")
# Names, codes and units that read the same in every language of the mechanism.
SAME_IN_EVERY_LANGUAGE = {
    "api", "csv", "geojson", "json", "pdf", "utc", "sha", "totp", "url", "id", "ids",
    "openapi", "redoc", "swagger", "webauthn", "gps", "exif", "km", "mb", "kb", "kib",
    "mib", "png", "jpeg", "mp", "http", "https", "utf", "asia", "europe", "karachi", "kabul",
    "istanbul", "qatar", "ltr", "rtl",
}  # fmt: skip


def interface_words(language: str) -> set[str]:
    """The lower-case words of the interface's English that the language's own
    translations do not use (Turkish shares the Latin script, and some words)."""
    english, own = set(), set()
    for key, text in trans_real.translation(language)._catalog.items():
        msgid = key[0] if isinstance(key, tuple) else key
        english.update(w.lower() for w in WORD.findall(_without_placeholders(msgid)))
        own.update(w.lower() for w in WORD.findall(_without_placeholders(text)))
    return english - own - SAME_IN_EVERY_LANGUAGE


def _without_placeholders(text: str) -> str:
    return re.sub(r"%\(\w+\)[sdif]|\{\w*\}|<[^>]+>|&\w+;", " ", text)


# Stored, but not data to a reader: what a notification says is rendered in the reader's
# language from its kind and values; the English kept beside them is for the logs.
NOT_DATA = {("notifications", "notification", "title"), ("notifications", "notification", "body")}


class Data:
    """Every text the database holds, looked up by the words in it."""

    def __init__(self):
        self.by_word: dict[str, set[str]] = defaultdict(set)
        for model in apps.get_models():
            fields = [
                f.attname
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField | models.JSONField)
                and not f.choices
                and (model._meta.app_label, model._meta.model_name, f.name) not in NOT_DATA
            ]
            if not fields:
                continue
            for row in model._default_manager.values_list(*fields):
                for value in row:
                    for text in _texts(value):
                        self.add(text)

    def add(self, text: str) -> None:
        text = " ".join(text.split())
        for word in WORD.findall(text):
            self.by_word[word.lower()].add(text)

    def covers(self, word: str, node: str) -> bool:
        """Whether this word of the node is part of a stored text shown in the node, whole
        or cut short (an ellipsis, a line of a longer narrative)."""
        node = " ".join(node.replace("…", " ").split())
        for text in self.by_word.get(word.lower(), ()):
            # The stored text shown within the node, or the node a long enough part of
            # a stored text (a narrative cut short, one line of it).
            if text in node or (len(node) >= 24 and node in text):
                return True
        return False


def _texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)
    elif value is not None and not isinstance(value, bool | int | float):
        yield str(value)


class _Reader(HTMLParser):
    """The page's visible text nodes and spoken attributes; its links. Text an element
    declares to be in another language than the page's (`lang`: a narrative in its own
    language, a language named in itself) is that language's, not the page's."""

    SKIP = {"script", "style", "template", "noscript", "code", "kbd", "samp"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.links: list[str] = []
        self._skipping = 0
        self._page_language = None
        self._foreign: list[str] = []  # the open elements, from the first in another language

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self._page_language = attrs.get("lang")
            return
        if tag in self.SKIP:
            self._skipping += 1
            return
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if self._foreign or (attrs.get("lang") not in (None, self._page_language)):
            if tag not in self.VOID:
                self._foreign.append(tag)
            return
        if attrs.get("type") == "hidden" or "hidden" in attrs:
            return
        for name in SPOKEN:
            if attrs.get(name):
                self.texts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1
        if self._foreign and tag in self._foreign:
            while self._foreign.pop() != tag:
                pass

    def handle_data(self, data):
        if not self._skipping and not self._foreign and data.strip():
            self.texts.append(data)


def read_page(html: str) -> tuple[list[str], list[str]]:
    """(the visible texts, the links) of a page."""
    reader = _Reader()
    reader.feed(html)
    return [" ".join(t.split()) for t in reader.texts], reader.links


# A secret shown masked (the admin's password hash: the salt's first characters, then
# asterisks): random letters, not words. A salt that began "or" read as English once.
MASKED = re.compile(r"\S*\*{3,}\S*")


def english_in(texts: list[str], words: set[str], data: Data) -> list[str]:
    """The texts that carry a word of the interface's English that is not data."""
    found = []
    for text in texts:
        spoken = MASKED.sub(" ", text)
        leaked = [
            w for w in WORD.findall(spoken) if w.lower() in words and not data.covers(w, text)
        ]
        if leaked:
            found.append(f"{text!r} ({', '.join(leaked)})")
    return found


REFERENCE = re.compile(r"[A-Z]{2,4}-\d{4}-\d{3,}(-[A-Z]+\d*)?")
NUMBER = re.compile(r"\d+")


def shape_of(url: str) -> str:
    """A link's shape: its path with numbers and references generalised, and the names of
    its query parameters, so a crawl visits a few pages of each shape, not every claim."""
    parts = urlsplit(url)
    path = NUMBER.sub("N", REFERENCE.sub("REF", parts.path))
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return path + ("?" + urlencode([(k, "") for k in keys]) if keys else "")


def as_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1)
