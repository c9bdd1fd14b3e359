"""Browser forms for claims and evidence. They parse input; the services decide what is valid."""

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from accounts.models import Party
from core.forms import DATETIME_LOCAL, BrowserForm, ZonedDateTimeInput
from evidence.forms import EvidenceFieldsMixin
from translations.forms import NarrativeLanguageField, set_author_language

from .models import CASUALTY_FIELDS, Incident
from .selectors import category_current
from .services import CONTENT_FIELDS

# The casualty groups' names, and their two estimates' labels.
CASUALTY_LABELS = {
    "killed_civilian": _("Killed civilian"),
    "killed_security": _("Killed security"),
    "injured_civilian": _("Injured civilian"),
    "injured_security": _("Injured security"),
}
ESTIMATE_LABELS = {
    "low": _("%(group)s, low estimate"),
    "high": _("%(group)s, high estimate"),
}


class ClaimContentForm(BrowserForm):
    """Every content field of a claim, derived from the model; the reporting party is
    always the officer's own and is not on the form."""

    def __init__(self, *args, officer, **kwargs):
        super().__init__(*args, **kwargs)
        content = fields_for_model(
            Incident,
            fields=CONTENT_FIELDS,
            widgets={
                "occurred_at": ZonedDateTimeInput(),
                "latitude": forms.NumberInput(attrs={"step": "0.00001", "inputmode": "decimal"}),
                "longitude": forms.NumberInput(attrs={"step": "0.00001", "inputmode": "decimal"}),
                "narrative": forms.Textarea(attrs={"rows": 6}),
                "sources": forms.Textarea(attrs={"rows": 3}),
            },
            labels={
                "accused_party": _("Accused party"),
                "category": _("Category"),
                "narrative": _("Narrative"),
                "sources": _("Sources"),
                "latitude": _("Latitude"),
                "longitude": _("Longitude"),
                "province": _("Province"),
                "district": _("District"),
                "alleged_actor": _("Alleged actor"),
                "occurred_at": _("When it happened"),
                "time_precision": _("How precise is the time"),
                "geo_precision": _("How precise is the location"),
                "place_name": _("Place name"),
                "border_sector": _("Border sector"),
            },
            help_texts={
                "alleged_actor": _("Who is said to have acted, e.g. “Border forces”."),
                "latitude": _("Decimal degrees, north positive; or click the map."),
                "longitude": _("Decimal degrees, east positive; or click the map."),
                "sources": _("Where the information comes from."),
            },
        )
        # Content first, then whatever the subclass declared (evidence, a reason).
        self.fields = {**content, **self.fields}
        # Offered at the author's language; left empty, the service takes it.
        self.fields["narrative_language"] = NarrativeLanguageField()
        set_author_language(self, officer)
        self.fields["accused_party"].queryset = Party.objects.exclude(pk=officer.party_id)
        self.fields["accused_party"].empty_label = None
        self.fields["category"].queryset = category_current()
        self.fields["category"].empty_label = _("Choose a category")
        self.fields["category"].label_from_instance = lambda c: (
            _("%(category)s (%(clause)s)")
            % {
                "category": c.label,
                "clause": c.agreement_clause,
            }
        )
        self.fields["occurred_at"].input_formats = [DATETIME_LOCAL, "%Y-%m-%d %H:%M"]
        for name in CASUALTY_FIELDS:
            for bound in ("low", "high"):
                field = self.fields[f"{name}_{bound}"]
                field.required = False
                field.label = ESTIMATE_LABELS[bound] % {"group": CASUALTY_LABELS[name]}
                field.widget.attrs["min"] = 0

    def clean_occurred_at(self):
        # The input shows minutes; an untouched time keeps its seconds, so that editing
        # another field is not recorded as a change of time.
        value = self.cleaned_data.get("occurred_at")
        initial = self.initial.get("occurred_at")
        if value and initial and value == initial.replace(second=0, microsecond=0):
            return initial
        return value

    def clean(self):
        cleaned = super().clean()
        for name in CASUALTY_FIELDS:
            for bound in ("low", "high"):
                key = f"{name}_{bound}"
                if key in cleaned and cleaned[key] is None:
                    cleaned[key] = 0
        return cleaned

    def content(self) -> dict:
        data = {name: self.cleaned_data[name] for name in CONTENT_FIELDS if name in self.fields}
        if not data.get("narrative_language"):
            data.pop("narrative_language", None)  # the author's, or the language it has
        return data

    @property
    def casualty_rows(self):
        """The casualty inputs as a table: (label, low field, high field)."""
        return [
            (CASUALTY_LABELS[name], self[f"{name}_low"], self[f"{name}_high"])
            for name in CASUALTY_FIELDS
        ]


class ClaimForm(EvidenceFieldsMixin, ClaimContentForm):
    """Filing or editing a draft: the content and new evidence files."""


def claim_initial(incident: Incident) -> dict:
    return {name: getattr(incident, name) for name in CONTENT_FIELDS}
