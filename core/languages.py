"""The languages the mechanism speaks (settings.LANGUAGES) that Django does not describe.

Django describes neither Pashto ("ps") nor Dari, Afghanistan's Persian ("fa-af"): their
entries are added to Django's table at start-up, so that get_language_info() and the
{% get_language_info %} tags name them. Dari's messages fall back to Django's Persian
catalogue where this project's own has no entry.
"""

from django.conf import locale

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
