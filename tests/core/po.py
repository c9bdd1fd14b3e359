"""A reader of gettext `.po` files for the catalogue tests: each entry's flags, msgid,
plural msgid and translations, as written (no compiled `.mo` needed)."""

import ast
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str = ""
    msgstrs: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        return bool(self.msgstrs) and all(self.msgstrs)


def read_po(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    entry = Entry()
    key = None

    def finish():
        nonlocal entry, key
        if entry.msgid or entry.msgstrs:
            entries.append(entry)
        entry, key = Entry(), None

    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            entry.obsolete = True
            continue
        if line.startswith("#,"):
            if entry.msgid or entry.msgstrs:
                finish()
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            value = ast.literal_eval(line)
            if key == "msgstr":
                entry.msgstrs[-1] += value
            elif key:
                setattr(entry, key, getattr(entry, key) + value)
            continue
        word, _, rest = line.partition(" ")
        value = ast.literal_eval(rest)
        if word.startswith("msgstr"):
            entry.msgstrs.append(value)
            key = "msgstr"
        elif word in ("msgid", "msgid_plural", "msgctxt"):
            if word in ("msgid", "msgctxt") and key == "msgstr":
                finish()
            setattr(entry, word, value)
            key = word
    finish()
    return [e for e in entries if not e.obsolete]
