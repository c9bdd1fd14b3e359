"""The committed catalogues, compiled by msgfmt for the tests that read them."""

import gettext
import subprocess  # nosec B404  # msgfmt, with our own arguments
from pathlib import Path

from django.conf import settings

CATALOGUES = sorted(Path(settings.LOCALE_PATHS[0]).glob("*/LC_MESSAGES/django.po"))


def catalogue_id(po: Path) -> str:
    """The catalogue's folder: "ur", "fa_AF"."""
    return po.parent.parent.name


def language_of(po: Path) -> str:
    """The language code of settings.LANGUAGES a catalogue serves: "fa_AF" -> "fa-af"."""
    return catalogue_id(po).replace("_", "-").lower()


def compile_po(po: Path, mo: Path) -> tuple[int, str, gettext.GNUTranslations | None]:
    """msgfmt --check's exit code and statistics, and the compiled catalogue if it compiled."""
    run = subprocess.run(  # nosec B603 B607
        ["msgfmt", "--check", "--statistics", "-o", str(mo), str(po)],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C"},
    )
    if run.returncode:
        return run.returncode, run.stderr, None
    with mo.open("rb") as stream:
        return 0, run.stderr, gettext.GNUTranslations(stream)


def entries(catalogue: gettext.GNUTranslations) -> dict[str, str]:
    """{msgid: its translations, joined}, the header left out."""
    found: dict[str, list[str]] = {}
    for key, translation in catalogue._catalog.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if msgid:
            found.setdefault(msgid, []).append(translation)
    return {msgid: " ".join(parts) for msgid, parts in found.items()}
