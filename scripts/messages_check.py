"""Are the catalogues up to date with the code? `make messages-check` (and .ci/run).

    python scripts/messages_check.py -- python manage.py makemessages ...

Runs the extraction it is given (the Makefile passes `make messages-extract`'s own) over
the working tree, compares each catalogue's msgids (with their context and plural) before
and after, puts the catalogues back as they were, and fails when a msgid would be added or
removed: a string marked in the code but missing from the catalogues, or a catalogue entry
the code no longer uses. Only the set of msgids counts: the header's dates, the order and
the line wrapping do not.
"""

import subprocess  # nosec B404  # the extraction command given by the Makefile
import sys
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "locale"
KEYWORDS = ("msgctxt", "msgid_plural", "msgid", "msgstr")


def msgids(text: str) -> set[tuple[str, str, str]]:
    """The catalogue's (msgctxt, msgid, msgid_plural) entries, the header and obsolete
    entries left out; strings as written in the file (escaped, joined across lines)."""
    found = set()
    entry: dict[str, str] = {}
    current = None

    def close():
        if entry.get("msgid"):
            found.add((entry.get("msgctxt", ""), entry["msgid"], entry.get("msgid_plural", "")))
        entry.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            if not line:
                current = None
            continue
        if line.startswith('"'):
            if current:
                entry[current] = entry.get(current, "") + line[1:-1]
            continue
        keyword, _, rest = line.partition(" ")
        keyword = keyword.split("[")[0]
        if keyword not in KEYWORDS:
            continue
        if keyword in ("msgctxt", "msgid") and "msgstr" in entry:
            close()
        if keyword == "msgctxt" and entry.get("msgid"):
            close()
        current = keyword
        entry[keyword] = entry.get(keyword, "") if keyword == "msgstr" else ""
        entry[keyword] += rest.strip()[1:-1]
    close()
    return found


def main(command: list[str], locale: Path = LOCALE) -> int:
    if not command:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    catalogues = sorted(locale.glob("*/LC_MESSAGES/*.po"))
    before = {po: po.read_bytes() for po in catalogues}
    try:
        run = subprocess.run(command, capture_output=True, text=True)  # noqa: S603  # nosec B603
        if run.returncode:
            print(run.stdout + run.stderr, file=sys.stderr)
            return run.returncode
        stale = []
        for po in sorted(set(catalogues) | set(locale.glob("*/LC_MESSAGES/*.po"))):
            old = msgids(before[po].decode("utf-8")) if po in before else set()
            new = msgids(po.read_text(encoding="utf-8")) if po.exists() else set()
            for label, entries in (("missing", new - old), ("no longer used", old - new)):
                stale += [f"{po.relative_to(locale.parent)}: {label}: {e[1]!r}" for e in entries]
    finally:
        for po in locale.glob("*/LC_MESSAGES/*.po"):
            if po not in before:
                po.unlink()
        for po, content in before.items():
            po.write_bytes(content)
    if stale:
        print("The catalogues are out of date (`make messages-extract`, then translate):")
        print("\n".join(sorted(stale)))
        return 1
    print(f"The catalogues are up to date ({len(catalogues)} files).")
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(main(args[1:] if args[:1] == ["--"] else args))
