"""Browser forms for the review's actions on a claim: submit, withdraw, amend, and the
accused party's reply with its evidence. The services re-check everything."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import BrowserForm
from evidence.forms import EvidenceFieldsMixin
from verification.forms import ReplyForm as ReviewReplyForm

from .forms import ClaimContentForm
from .models import Category


class SubmitForm(BrowserForm):
    """Submitting has no input; the form carries the service's refusal, if any."""


class WithdrawForm(BrowserForm):
    reason = forms.CharField(
        label=_("Why the claim is withdrawn"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class AmendForm(ClaimContentForm):
    """The whole content, as it stands, to correct; the accused party cannot change."""

    reason = forms.CharField(
        label=_("Reason for the amendment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Shown in the timeline with the old text."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["accused_party"]
        # A submitted claim keeps its category version; amending need not move it to the
        # current one, so that version stays a choice.
        kept = self.initial.get("category")
        self.fields["category"].queryset = Category.objects.filter(
            Q(is_current=True) | Q(pk=getattr(kept, "pk", kept))
        ).order_by("label")


class ReplyForm(EvidenceFieldsMixin, ReviewReplyForm):
    """The accused party's reply, with its own evidence."""

    field_order = ["position", "narrative"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].label = _("Your party's evidence (optional)")
