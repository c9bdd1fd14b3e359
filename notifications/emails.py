"""A notification's email, composed in its recipient's language.

A notification's title is written once, in English, by the service that made the change
(it names records and deadlines). An email to someone who reads another language is
composed from its kind instead: a sentence of this table, translated by the catalogues,
around the record's reference. Kinds not in the table keep their title.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

SUBJECTS_BY_KIND = {
    "claim_submitted": _("New claim %(reference)s"),
    "action_report_submitted": _("New action report %(reference)s"),
    "reply_open": _("The right of reply is open on %(reference)s"),
    "reply_filed": _("A reply was filed on %(reference)s"),
    "assigned": _("%(reference)s is assigned to you for review"),
    "amended": _("%(reference)s was amended"),
    "withdrawn": _("%(reference)s was withdrawn"),
}


def recipient_language(user) -> str:
    """The person's chosen language; with none (pages follow their browser), the site's."""
    return user.language or settings.LANGUAGE_CODE


def email_compose(note) -> tuple[str, str]:
    """(subject, body) of a notification's email, in its recipient's language."""
    with translation.override(recipient_language(note.user)):
        sentence = SUBJECTS_BY_KIND.get(note.kind)
        if translation.get_language() != settings.LANGUAGE_CODE and sentence and note.subject_ref:
            title = sentence % {"reference": note.subject_ref}
            text = title
        else:
            title = note.title
            text = note.body or note.title
        subject = gettext("[Ceasefire mechanism] %(title)s") % {"title": title}
        footer = gettext(
            "Sign in to the mechanism to read it. Your language and time zone are set under "
            "Preferences."
        )
        return subject, f"{text}\n\n{footer}"
