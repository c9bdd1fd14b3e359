"""The languages the mechanism speaks (settings.LANGUAGES) that Django does not describe.

Django knows Persian as "fa" but not Dari, Afghanistan's Persian ("fa-af"): its entry is
added to Django's table at start-up, so that get_language_info() and the {% language %}
tags name it, and its messages fall back to Django's Persian catalogue where this
project's own has no entry.
"""

from django.conf import locale

EXTRA_LANG_INFO = {
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
