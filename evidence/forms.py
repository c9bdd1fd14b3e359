"""Evidence fields on any record's page: several files at once, one visibility and
description for the batch, checked by evidence.services on submit."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.errors import CommonError, ServiceError
from core.forms import BrowserForm

from .models import EvidenceCheckSettings, Visibility
from .services import CHECK_FIELDS, evidence_check_file


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
                errors.append(
                    gettext("%(file)s: %(reason)s") % {"file": upload.name, "reason": reason}
                )
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


def evidence_help_text() -> str:
    mb = settings.EVIDENCE_MAX_BYTES // (1024 * 1024)
    return gettext("Several files at once; each at most %(mb)s MB, of type: %(types)s") % {
        "mb": mb,
        "types": ", ".join(settings.EVIDENCE_ALLOWED_TYPES),
    }


def evidence_widget_attrs() -> dict:
    """What the page's script needs to warn before upload; the server checks again."""
    return {
        "data-max-bytes": str(settings.EVIDENCE_MAX_BYTES),
        "data-allowed-types": ",".join(settings.EVIDENCE_ALLOWED_TYPES),
        "accept": ",".join(settings.EVIDENCE_ALLOWED_TYPES),
    }


class EvidenceFieldsMixin(BrowserForm):
    """Evidence files with one visibility, description and choices for the batch."""

    evidence = MultipleFileField(label=_("Evidence files"))
    evidence_visibility = forms.ChoiceField(
        label=_("Who may download these files"),
        choices=Visibility.choices,
        initial=Visibility.PARTIES,
        help_text=_(
            "“Mediators only”: the other party sees that the file exists and its hash, "
            "not its name or content."
        ),
    )
    evidence_description = forms.CharField(
        label=_("Description of the files"), max_length=500, required=False
    )
    evidence_graphic = forms.BooleanField(
        label=_("Graphic (injuries, bodies): blur the previews until each viewer reveals them"),
        required=False,
    )

    evidence_strip_location = forms.BooleanField(
        label=_("Remove the GPS position from the copy the other party sees"),
        required=False,
        help_text=_(
            "The original, with its position, stays for your party and the mediators. "
            "Files without a position are stored as they are."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = evidence_help_text()
        self.fields["evidence"].widget.attrs.update(evidence_widget_attrs())

    def evidence_kwargs(self) -> dict:
        return {
            "visibility": self.cleaned_data.get("evidence_visibility") or Visibility.PARTIES,
            "description": self.cleaned_data.get("evidence_description", ""),
            "graphic": bool(self.cleaned_data.get("evidence_graphic")),
            "strip_location": bool(self.cleaned_data.get("evidence_strip_location")),
        }


class EvidenceForm(EvidenceFieldsMixin):
    """Evidence added on the claim page, on its own.

    Its fields share their names with the reply's and the filing form's evidence fields,
    which can be on the same page: its ids are its own ("add-evidence-…"), so that each
    label points at its own input. The names stay, as the services read them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "add-evidence-%s")
        super().__init__(*args, **kwargs)

    def clean_evidence(self):
        files = self.cleaned_data["evidence"]
        if not files:
            raise forms.ValidationError(_("Choose at least one file."))
        return files


class EvidenceChecksForm(BrowserForm):
    """The checks' thresholds, with the model's own ranges (evidence_checks_update checks
    them again, and the database holds them)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in CHECK_FIELDS:
            self.fields[name] = EvidenceCheckSettings._meta.get_field(name).formfield()
