"""Where a notification's subject is read: each app names the page of the record types it
notifies about (from its AppConfig.ready), so the list links to it and opening the link
marks the notification read. Notifications about anything else link nowhere."""

from django.urls import NoReverseMatch, reverse

# subject_type → the URL name of its page, which takes the reference.
SUBJECT_PAGES: dict[str, str] = {}


def register(subject_type: str, url_name: str) -> None:
    SUBJECT_PAGES[subject_type] = url_name


def subject_url(subject_type: str, subject_ref: str) -> str:
    url_name = SUBJECT_PAGES.get(subject_type)
    if not (url_name and subject_ref):
        return ""
    try:
        return reverse(url_name, args=[subject_ref])
    except NoReverseMatch:
        return ""
