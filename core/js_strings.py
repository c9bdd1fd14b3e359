"""The words the pages' scripts (static/js/) show, in the reader's language.

Every page carries them once, as the json_script "js-strings" (templates/base.html, the
`js_strings` tag); static/js/i18n.js reads them for the other scripts. Nothing is
translated in the browser and no script is generated, so the content security policy
stays `script-src 'self'`.

A plural is sent as its forms by CLDR plural category ("one", "few", ...), each taken
from the catalogue with a count of that category; the script picks the form with the
browser's Intl.PluralRules for the page's language. The samples suit the catalogues'
plural rules: two forms for ur, ps, fa-af and tr, six for ar (0, 1, 2, 3-10, 11-99, 100+).
"""

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

PLURAL_SAMPLES = {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 11, "other": 100}


def _forms(form: Callable[[int], str]) -> dict[str, str]:
    return {category: form(n) for category, n in PLURAL_SAMPLES.items()}


def js_strings() -> dict:
    """Each script's words, by key, in the active language."""
    return {
        # app.js: deadlines' countdowns (the same units as core.durations) and the
        # file checks before an upload.
        "day": _forms(lambda n: ngettext("%(n)d day", "%(n)d days", n)),
        "hour": _forms(lambda n: ngettext("%(n)d hour", "%(n)d hours", n)),
        "minute": _forms(lambda n: ngettext("%(n)d minute", "%(n)d minutes", n)),
        "span": _("%(larger)s, %(smaller)s"),
        "left": _("%(span)s left"),
        "overdue": _("overdue by %(span)s"),
        "file_too_large": _("%(name)s is too large (%(size)s MB; at most %(limit)s MB)."),
        "file_empty": _("%(name)s is empty."),
        "file_type": _("%(name)s is of type %(type)s, which is not accepted."),
        # milestones.js and grounds.js: the commitment form's rows, the penalty's grounds.
        "remove": _("Remove"),
        "ground_count": _("%(shown)s of %(total)s grounds shown, %(chosen)s ticked"),
        # maps.js: the controls, the layers, the popups and the point's look-up.
        "zoom_in": _("Zoom in"),
        "zoom_out": _("Zoom out"),
        "layers": _("Layers"),
        "close_popup": _("Close popup"),
        "regional_borders": _("Regional borders"),
        "towns": _("Towns"),
        "group_verified": _("Verified"),
        "group_disputed": _("Disputed"),
        "group_open": _("Submitted or under review"),
        "group_closed": _("Not verified, inconclusive"),
        "group_other": _("Draft, withdrawn"),
        "layer_count": _("%(layer)s (%(count)s)"),
        "access_denied": _("Access denied"),
        "parties": _("%(reporting)s against %(accused)s"),
        "in_utc": _("%(time)s UTC"),
        "denied_still": _("Access denied by %(party)s (still denied)"),
        "denied_ended": _("Access denied by %(party)s (access granted since)"),
        "lies_in_town": _(
            "The point lies in %(province)s; the nearest town is %(town)s, %(km)s km away."
        ),
        "lies_in": _("The point lies in %(province)s."),
        "lies_outside_town": _(
            "The point lies in neither Pakistan nor Afghanistan; the nearest town is "
            "%(town)s, %(km)s km away."
        ),
        "lies_outside": _("The point lies in neither Pakistan nor Afghanistan."),
    }
