"""The browser's appeal form: the grounds, and new evidence with them. The services
decide what is valid."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BrowserForm
from evidence.forms import EvidenceFieldsMixin

from .models import GROUNDS_LIMIT


class AppealForm(EvidenceFieldsMixin, BrowserForm):
    grounds = forms.CharField(
        label=_("Grounds of the appeal"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=GROUNDS_LIMIT,
        help_text=_(
            "Why the meeting should hear the claim again. Once filed, it cannot be "
            "changed; your party may appeal a finding only once."
        ),
    )

    field_order = ["grounds"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].label = _("New evidence (optional)")
