"""The languages the mechanism speaks (settings.LANGUAGES) that Django does not describe.

Django describes neither Pashto ("ps") nor Dari, Afghanistan's Persian ("fa-af"): their
entries are added to Django's table at start-up, so that get_language_info() and the
{% get_language_info %} tags name them. Dari's messages fall back to Django's Persian
catalogue where this project's own has no entry.
"""

from django.conf import locale
from django.utils.translation import gettext_noop

EXTRA_LANG_INFO = {
    "ps": {
        "bidi": True,
        "code": "ps",
        "name": "Pashto",
        "name_local": "پښتو",
    },
    "fa-af": {
        "bidi": True,
        "code": "fa-af",
        "name": "Dari",
        "name_local": "دری",
        "fallback": ["fa"],
    },
}


def register_languages() -> None:
    for code, info in EXTRA_LANG_INFO.items():
        locale.LANG_INFO.setdefault(code, info)


# The languages' names as Django's table gives them (get_language_info's "name"), named
# here so that the catalogues translate each into every language of the mechanism.
LANGUAGE_NAMES = [
    gettext_noop("English"),
    gettext_noop("Urdu"),
    gettext_noop("Pashto"),
    gettext_noop("Dari"),
    gettext_noop("Turkish"),
    gettext_noop("Arabic"),
]
