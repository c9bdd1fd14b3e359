"""The languages a narrative may be written in: settings.LANGUAGES, and which of them
read right to left (settings.LANGUAGES_BIDI)."""

from django.conf import settings
from django.utils import translation

# The choices as the API schema names them once (SPECTACULAR_SETTINGS' LanguageEnum).
LANGUAGE_CHOICES = list(settings.LANGUAGES)


def language_choices() -> list[tuple[str, str]]:
    return list(settings.LANGUAGES)


def language_codes() -> frozenset[str]:
    return frozenset(code for code, _ in settings.LANGUAGES)


def language_name(code: str) -> str:
    """The language's name in the reader's language ("انگریزی" for "en" to an Urdu
    reader), as settings.LANGUAGES does."""
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return dict(settings.LANGUAGES).get(code, code)


def language_direction(code: str) -> str:
    """ "rtl" for the languages that read right to left, "ltr" otherwise."""
    bidi = getattr(settings, "LANGUAGES_BIDI", ())
    return "rtl" if code in bidi or code.split("-")[0] in bidi else "ltr"


def author_language(user) -> str:
    """The language a narrative is taken to be written in when its author does not say:
    the author's preference, else the language of the request, else English."""
    code = getattr(user, "language", "") or translation.get_language() or "en"
    if code in language_codes():
        return code
    base = code.split("-")[0]
    return base if base in language_codes() else settings.LANGUAGE_CODE
