"""A notification's email, composed in its recipient's language.

The subject and the text are the notification's own sentences (notifications.messages),
composed from its values under the recipient's language; a row written before the values
were kept is sent with its stored title and body.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext


def recipient_language(user) -> str:
    """The person's chosen language; with none (pages follow their browser), the site's."""
    return user.language or settings.LANGUAGE_CODE


def email_compose(note) -> tuple[str, str]:
    """(subject, body) of a notification's email, in its recipient's language."""
    with translation.override(recipient_language(note.user)):
        title = note.text()
        text = note.details() or title
        subject = gettext("[Ceasefire mechanism] %(title)s") % {"title": title}
        footer = gettext(
            "Sign in to the mechanism to read it. Your language and time zone are set under "
            "Preferences."
        )
        return subject, f"{text}\n\n{footer}"
