"""Browser forms for links: link a claim to another, and a reason to remove a link or
dismiss a suggestion. The services re-check everything."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BrowserForm

from .models import LinkKind


class LinkForm(BrowserForm):
    other = forms.CharField(
        label=_("Claim to link"), max_length=20, help_text=_("Its reference, e.g. AFG-2026-00012")
    )
    kind = forms.ChoiceField(label=_("Kind of link"), choices=LinkKind.choices)
    reason = forms.CharField(
        label=_("Why they belong together"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class SuggestedLinkForm(LinkForm):
    """Linking a suggested claim: its reference is known."""

    other = forms.CharField(widget=forms.HiddenInput, max_length=20)


class ReasonForm(BrowserForm):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
