"""Browser forms for penalty cases. The services validate again and decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BrowserForm

from .models import PenaltyMeasure


class CaseForm(BrowserForm):
    """One of several forms on the case's page: its inputs' ids carry its own prefix, so
    that each label names its own field."""

    id_prefix = "case"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


def _text(label, rows=3, **kwargs):
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": rows}), max_length=20000, **kwargs
    )


class PenaltyOpenForm(BrowserForm):
    """Open a case against `party`: the grounds are chosen among its verified claims (as
    the accused) and its missed commitments, never typed. The page lists them as one
    searchable list (`ground_items`), each item with its reference, category or kind,
    date and status."""

    measure = forms.ModelChoiceField(
        queryset=PenaltyMeasure.objects.filter(is_active=True).order_by("label"),
        to_field_name="code",
        empty_label=_("Choose a measure"),
    )
    rationale = _text(_("Rationale"), rows=5)
    claims = forms.MultipleChoiceField(
        label=_("Verified claims against the party"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    commitments = forms.MultipleChoiceField(
        label=_("Commitments the party missed"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, claims=(), commitments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claims"].choices = [
            (
                c.reference,
                _("%(reference)s: %(category)s, %(date)s")
                % {
                    "reference": c.reference,
                    "category": c.category.label,
                    "date": f"{c.occurred_at:%Y-%m-%d}",
                },
            )
            for c in claims
        ]
        self.fields["commitments"].choices = [
            (
                c.reference,
                _("%(reference)s: %(kind)s, due %(due)s")
                % {"reference": c.reference, "kind": c.kind.label, "due": f"{c.due_date:%Y-%m-%d}"},
            )
            for c in commitments
        ]
        # (checkbox, record) pairs in the order of the choices, for the page's list.
        self.claim_items = list(zip(self["claims"], claims, strict=True))
        self.commitment_items = list(zip(self["commitments"], commitments, strict=True))


OUTCOME_LABELS = {
    "approve": _("Approve"),
    "reject": _("Reject"),
    "uphold": _("Uphold"),
    "overturn": _("Overturn"),
}


class DecisionForm(CaseForm):
    id_prefix = "decision"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = _text(_("Reason"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AppealForm(CaseForm):
    id_prefix = "appeal"
    grounds = _text(_("Grounds of the appeal"), rows=5)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MeetingDecisionForm(CaseForm):
    id_prefix = "meeting"
    meeting = forms.ChoiceField(label=_("Review meeting"))
    outcome = forms.ChoiceField(label=_("Outcome"), widget=forms.RadioSelect)
    minutes = _text(_("Minutes"), rows=4)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, meetings=(), outcomes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [(str(m.pk), str(m)) for m in meetings]
        self.fields["outcome"].choices = [
            (o, OUTCOME_LABELS.get(o, o.capitalize())) for o in outcomes
        ]


class PenaltyWithdrawForm(CaseForm):
    id_prefix = "withdraw"
    reason = _text(_("Why the case is withdrawn"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
