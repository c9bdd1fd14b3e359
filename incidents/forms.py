"""Browser forms for claims and evidence. They parse input; the services decide what is valid."""

from django import forms
from django.conf import settings
from django.forms.models import fields_for_model

from accounts.models import Party
from core.errors import CommonError, ServiceError
from core.forms import DATETIME_LOCAL, BrowserForm

from .models import CASUALTY_FIELDS, Incident, Visibility
from .selectors import category_current
from .services import CONTENT_FIELDS, evidence_check_file


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each is checked by the evidence service's own check."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        errors = []
        for upload in cleaned:
            try:
                evidence_check_file(upload)
            except ServiceError as exc:
                reason = exc.detail
                if exc.code == CommonError.VALIDATION_ERROR:
                    reason = " ".join(exc.fields.get("file") or [exc.detail])
                errors.append(f"{upload.name}: {reason}")
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


def evidence_help_text() -> str:
    mb = settings.EVIDENCE_MAX_BYTES // (1024 * 1024)
    return f"Several files at once; each at most {mb} MB, of type: " + ", ".join(
        settings.EVIDENCE_ALLOWED_TYPES
    )


def evidence_widget_attrs() -> dict:
    """What the page's script needs to warn before upload; the server checks again."""
    return {
        "data-max-bytes": str(settings.EVIDENCE_MAX_BYTES),
        "data-allowed-types": ",".join(settings.EVIDENCE_ALLOWED_TYPES),
        "accept": ",".join(settings.EVIDENCE_ALLOWED_TYPES),
    }


class EvidenceFieldsMixin(BrowserForm):
    """Evidence files with one visibility and description for the batch."""

    evidence = MultipleFileField(label="Evidence files")
    evidence_visibility = forms.ChoiceField(
        label="Who may download these files",
        choices=Visibility.choices,
        initial=Visibility.PARTIES,
        help_text="“Mediators only”: the other party sees that the file exists and its hash, "
        "not its name or content.",
    )
    evidence_description = forms.CharField(
        label="Description of the files", max_length=500, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = evidence_help_text()
        self.fields["evidence"].widget.attrs.update(evidence_widget_attrs())

    def evidence_kwargs(self) -> dict:
        return {
            "visibility": self.cleaned_data.get("evidence_visibility") or Visibility.PARTIES,
            "description": self.cleaned_data.get("evidence_description", ""),
        }


class EvidenceForm(EvidenceFieldsMixin):
    """Evidence added on the claim page, on its own."""

    def clean_evidence(self):
        files = self.cleaned_data["evidence"]
        if not files:
            raise forms.ValidationError("Choose at least one file.")
        return files


class ClaimContentForm(BrowserForm):
    """Every content field of a claim, derived from the model; the reporting party is
    always the officer's own and is not on the form."""

    def __init__(self, *args, officer, **kwargs):
        super().__init__(*args, **kwargs)
        content = fields_for_model(
            Incident,
            fields=CONTENT_FIELDS,
            widgets={
                "occurred_at": forms.DateTimeInput(
                    attrs={"type": "datetime-local"}, format=DATETIME_LOCAL
                ),
                "latitude": forms.NumberInput(attrs={"step": "0.00001", "inputmode": "decimal"}),
                "longitude": forms.NumberInput(attrs={"step": "0.00001", "inputmode": "decimal"}),
                "narrative": forms.Textarea(attrs={"rows": 6}),
                "sources": forms.Textarea(attrs={"rows": 3}),
            },
            labels={
                "accused_party": "Accused party",
                "alleged_actor": "Alleged actor",
                "occurred_at": "When it happened (UTC)",
                "time_precision": "How precise is the time",
                "geo_precision": "How precise is the location",
                "place_name": "Place name",
                "border_sector": "Border sector",
            },
            help_texts={
                "alleged_actor": "Who is said to have acted, e.g. “Border forces”.",
                "latitude": "Decimal degrees, north positive; or click the map.",
                "longitude": "Decimal degrees, east positive; or click the map.",
                "sources": "Where the information comes from.",
            },
        )
        # Content first, then whatever the subclass declared (evidence, a reason).
        self.fields = {**content, **self.fields}
        self.fields["accused_party"].queryset = Party.objects.exclude(pk=officer.party_id)
        self.fields["accused_party"].empty_label = None
        self.fields["category"].queryset = category_current()
        self.fields["category"].empty_label = "Choose a category"
        self.fields["category"].label_from_instance = lambda c: f"{c.label} ({c.agreement_clause})"
        self.fields["occurred_at"].input_formats = [DATETIME_LOCAL, "%Y-%m-%d %H:%M"]
        for name in CASUALTY_FIELDS:
            for bound in ("low", "high"):
                field = self.fields[f"{name}_{bound}"]
                field.required = False
                field.label = f"{name.replace('_', ' ').capitalize()}, {bound} estimate"
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
        return {name: self.cleaned_data[name] for name in CONTENT_FIELDS if name in self.fields}

    @property
    def casualty_rows(self):
        """The casualty inputs as a table: (label, low field, high field)."""
        return [
            (name.replace("_", " ").capitalize(), self[f"{name}_low"], self[f"{name}_high"])
            for name in CASUALTY_FIELDS
        ]


class ClaimForm(EvidenceFieldsMixin, ClaimContentForm):
    """Filing or editing a draft: the content and new evidence files."""


def claim_initial(incident: Incident) -> dict:
    return {name: getattr(incident, name) for name in CONTENT_FIELDS}
