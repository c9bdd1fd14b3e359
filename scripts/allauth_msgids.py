"""List the messages of django-allauth's and Django's account pages that
accounts/third_party_messages.py does not name, e.g. after upgrading allauth.

Reads the allauth templates our URLs expose (with those they extend, include or draw as
elements, unless templates/ overrides them) and the forms and adapters behind them, as
`makemessages` would, and prints each msgid the module lacks, spelt as the source has it.

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python scripts/allauth_msgids.py

Needs GNU xgettext and polib.
"""

import os
import re
import subprocess  # nosec B404  # xgettext, with our own arguments
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

import allauth  # noqa: E402
import polib  # noqa: E402
from django.template.loader import get_template  # noqa: E402
from django.utils.translation.template import templatize  # noqa: E402

PAGES = [
    "account/password_change.html",
    "account/password_set.html",
    "account/password_reset.html",
    "account/password_reset_done.html",
    "account/password_reset_from_key.html",
    "account/password_reset_from_key_done.html",
    "account/reauthenticate.html",
    "account/logout.html",
    "account/login.html",
    "account/signup_closed.html",
    "account/account_inactive.html",
    "account/messages/password_changed.txt",
    "account/messages/password_set.txt",
    "account/messages/logged_in.txt",
    "account/messages/logged_out.txt",
    "account/email/password_reset_key_subject.txt",
    "account/email/password_reset_key_message.txt",
    "mfa/index.html",
    "mfa/authenticate.html",
    "mfa/reauthenticate.html",
    "mfa/totp/activate_form.html",
    "mfa/totp/deactivate_form.html",
    "mfa/recovery_codes/index.html",
    "mfa/recovery_codes/generate.html",
    "mfa/recovery_codes/download.txt",
    "mfa/webauthn/add_form.html",
    "mfa/webauthn/authenticator_list.html",
    "mfa/webauthn/authenticator_confirm_delete.html",
    "mfa/webauthn/edit_form.html",
    "mfa/webauthn/reauthenticate.html",
    "mfa/messages/recovery_codes_generated.txt",
    "mfa/messages/totp_activated.txt",
    "mfa/messages/totp_deactivated.txt",
    "mfa/messages/webauthn_added.txt",
    "mfa/messages/webauthn_removed.txt",
    "usersessions/usersession_list.html",
    "usersessions/messages/sessions_logged_out.txt",
    "socialaccount/login.html",
    "socialaccount/authentication_error.html",
    "socialaccount/login_cancelled.html",
]
# Their forms and adapters hold messages for features we switch off (sign-up, e-mail,
# phone, sign-in by code): what this lists from them is to be read, not copied blindly.
SOURCES = [
    Path(allauth.__file__).parent / name
    for name in (
        "account/forms.py",
        "account/fields.py",
        "account/adapter.py",
        "mfa/adapter.py",
        "mfa/base/forms.py",
        "mfa/totp/forms.py",
        "mfa/webauthn/forms.py",
    )
] + [Path(django.__file__).parent / "contrib/auth/password_validation.py"]
KEYWORDS = [
    "gettext_noop",
    "gettext_lazy",
    "ngettext_lazy:1,2",
    "pgettext:1c,2",
    "pgettext_lazy:1c,2",
    "npgettext:1c,2,3",
    "npgettext_lazy:1c,2,3",
]
USES = re.compile(r'{%\s*(?:extends|include)\s+"([^"]+)"|{%\s*element\s+(\w+)')


def templates(names, seen=None) -> list[str]:
    """The allauth files behind these templates, ours (templates/) left out."""
    seen = set() if seen is None else seen
    found = []
    for name in names:
        if name in seen:
            continue
        seen.add(name)
        origin = Path(get_template(name).origin.name)
        if ROOT in origin.parents:
            continue
        text = origin.read_text()
        used = [a or f"allauth/elements/{b}.html" for a, b in USES.findall(text)]
        found += [str(origin), *templates(used, seen)]
    return found


def msgids(files: list[str], workdir: Path) -> polib.POFile:
    sources = []
    for number, path in enumerate(files):
        if path.endswith(".py"):
            sources.append(path)
        else:
            converted = workdir / f"{number}.py"
            converted.write_text(templatize(Path(path).read_text(), path))
            sources.append(str(converted))
    pot = workdir / "messages.pot"
    keywords = [f"--keyword={keyword}" for keyword in KEYWORDS]
    command = ["xgettext", "-o", str(pot), "--language=Python", "--from-code=UTF-8"]
    subprocess.run([*command, *keywords, *sources], check=True)  # noqa: S603  # nosec B603 B607
    return polib.pofile(str(pot))


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        wanted = msgids(templates(PAGES) + [str(s) for s in SOURCES], workdir)
        named = msgids([str(ROOT / "accounts" / "third_party_messages.py")], workdir)
    have = {(entry.msgctxt, entry.msgid) for entry in named}
    for entry in wanted:
        if (entry.msgctxt, entry.msgid) not in have:
            print(repr((entry.msgctxt, entry.msgid, entry.msgid_plural)))


if __name__ == "__main__":
    main()
