"""The claim in JSON: input parsing for writes, and one row shape for every read.

Reads build plain dicts from `.values()` rows (no model instances, no per-field
serializer objects): the list, the detail, the exports and the action answers all use
`incident_json`, and `IncidentSerializer` describes that same shape for the schema.
"""

from decimal import ROUND_HALF_EVEN, Decimal

from rest_framework import serializers

from accounts.models import Party
from core.api.fields import CodeField, iso
from evidence.serializers import EvidenceSerializer
from translations.languages import language_choices
from translations.serializers import TranslationSerializer
from verification.statuses import OPEN_STATUSES, Grade, Outcome, Status

from .models import CASUALTY_FIELDS, AppealStatus, Category, GeoPrecision, TimePrecision

CASUALTY_NAMES = tuple(f"{name}_{bound}" for name in CASUALTY_FIELDS for bound in ("low", "high"))
DEADLINE_NAMES = ("assignment_due_at", "reply_due_at", "findings_due_at")
OVERDUE_NAMES = ("assignment_overdue_at", "reply_overdue_at", "findings_overdue_at")
OPEN = frozenset(OPEN_STATUSES)  # where a missed deadline still counts as overdue

# Columns read for one claim, in `.values()` spelling.
INCIDENT_VALUES = (
    "id",
    "reference",
    "status",
    "reporting_party__code",
    "accused_party__code",
    "category__code",
    "category__version",
    "occurred_at",
    "time_precision",
    "reported_at",
    "latitude",
    "longitude",
    "place_name",
    "province",
    "district",
    "border_sector",
    "geo_precision",
    "narrative",
    "narrative_language",
    "alleged_actor",
    "sources",
    *CASUALTY_NAMES,
    "submitted_at",
    "assigned_at",
    "closed_at",
    *DEADLINE_NAMES,
    *OVERDUE_NAMES,
    "findings_paused_at",
    "findings_paused_total",
    "outcome",
    "grade",
    "version",
    "appeal_status",
    "created_at",
    "updated_at",
)


def incident_json(row: dict, when=iso) -> dict:
    """One claim as the API shows it, from a row of INCIDENT_VALUES; `when` writes each
    date and time (`utc` where the API's renderer writes them)."""
    data = {
        "reference": row["reference"],
        "status": row["status"],
        "reporting_party": row["reporting_party__code"],
        "accused_party": row["accused_party__code"],
        "category": row["category__code"],
        "category_version": row["category__version"],
        "occurred_at": when(row["occurred_at"]),
        "time_precision": row["time_precision"],
        "reported_at": when(row["reported_at"]),
        "latitude": float(row["latitude"]),
        "longitude": float(row["longitude"]),
        "place_name": row["place_name"],
        "province": row["province"],
        "district": row["district"],
        "border_sector": row["border_sector"],
        "geo_precision": row["geo_precision"],
        "narrative": row["narrative"],
        "narrative_language": row["narrative_language"],
        "alleged_actor": row["alleged_actor"],
        "sources": row["sources"],
    }
    for name in CASUALTY_NAMES:
        data[name] = row[name]
    for name in ("submitted_at", "assigned_at", "closed_at", *DEADLINE_NAMES, *OVERDUE_NAMES):
        data[name] = when(row[name])
    data["overdue"] = row["status"] in OPEN and any(row[name] for name in OVERDUE_NAMES)
    data["findings_paused_at"] = when(row["findings_paused_at"])
    paused = row["findings_paused_total"]
    data["findings_paused_seconds"] = int(paused.total_seconds()) if paused else 0
    data["outcome"] = row["outcome"] or None
    data["grade"] = row["grade"] or None
    data["version"] = row["version"]
    data["appeal_status"] = row["appeal_status"]
    data["created_at"] = when(row["created_at"])
    data["updated_at"] = when(row["updated_at"])
    return data


def _nullable_datetime(**kwargs):
    return serializers.DateTimeField(allow_null=True, **kwargs)


class IncidentSerializer(serializers.Serializer):
    """The claim as every read returns it (documentation of `incident_json`)."""

    reference = serializers.CharField(help_text="e.g. PAK-2025-00042")
    status = serializers.ChoiceField(choices=Status.choices)
    reporting_party = serializers.CharField(help_text="Party code")
    accused_party = serializers.CharField(help_text="Party code")
    category = serializers.CharField(help_text="Category code")
    category_version = serializers.IntegerField()
    occurred_at = serializers.DateTimeField()
    time_precision = serializers.ChoiceField(choices=TimePrecision.choices)
    reported_at = serializers.DateTimeField()
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    place_name = serializers.CharField()
    province = serializers.CharField()
    district = serializers.CharField(allow_blank=True)
    border_sector = serializers.CharField(allow_blank=True)
    geo_precision = serializers.ChoiceField(choices=GeoPrecision.choices)
    narrative = serializers.CharField()
    narrative_language = serializers.ChoiceField(
        choices=language_choices(), help_text="The language the narrative is written in"
    )
    alleged_actor = serializers.CharField()
    sources = serializers.CharField(allow_blank=True)
    killed_civilian_low = serializers.IntegerField()
    killed_civilian_high = serializers.IntegerField()
    killed_security_low = serializers.IntegerField()
    killed_security_high = serializers.IntegerField()
    injured_civilian_low = serializers.IntegerField()
    injured_civilian_high = serializers.IntegerField()
    injured_security_low = serializers.IntegerField()
    injured_security_high = serializers.IntegerField()
    submitted_at = _nullable_datetime()
    assigned_at = _nullable_datetime()
    closed_at = _nullable_datetime()
    assignment_due_at = _nullable_datetime()
    reply_due_at = _nullable_datetime()
    findings_due_at = _nullable_datetime()
    assignment_overdue_at = _nullable_datetime(help_text="When the sweep flagged the deadline")
    reply_overdue_at = _nullable_datetime(help_text="When the reply window closed unanswered")
    findings_overdue_at = _nullable_datetime()
    overdue = serializers.BooleanField(help_text="An open claim with a missed deadline")
    findings_paused_at = _nullable_datetime(
        help_text="Since when the findings clock stands still (access denied); null while it runs"
    )
    findings_paused_seconds = serializers.IntegerField(
        help_text="How long the findings clock stood still in all, already added to findings_due_at"
    )
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_null=True)
    grade = serializers.ChoiceField(choices=Grade.choices, allow_null=True)
    version = serializers.IntegerField(
        help_text="Send back as `version` to detect a concurrent edit"
    )
    appeal_status = serializers.ChoiceField(
        choices=AppealStatus.choices,
        help_text="The final finding on appeal: none, pending (under appeal), upheld or "
        "overturned (the outcome shown is the meeting's)",
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class RevisionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    changed_fields = serializers.ListField(child=serializers.CharField())
    previous_content = serializers.DictField()
    reason = serializers.CharField()
    amended_at = serializers.DateTimeField()


class IncidentDetailSerializer(IncidentSerializer):
    evidence = EvidenceSerializer(many=True)
    revisions = RevisionSerializer(many=True)
    translations = TranslationSerializer(
        many=True, help_text="Unofficial translations of the narrative"
    )


class PartySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    min_latitude = serializers.FloatField()
    max_latitude = serializers.FloatField()
    min_longitude = serializers.FloatField()
    max_longitude = serializers.FloatField()


class CoChairSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class OrganisationsSerializer(serializers.Serializer):
    parties = PartySerializer(many=True)
    cochairs = CoChairSerializer(many=True)


class CategorySerializer(serializers.Serializer):
    code = serializers.CharField()
    version = serializers.IntegerField()
    label = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    agreement_clause = serializers.CharField()
    assignment_hours = serializers.IntegerField()
    reply_hours = serializers.IntegerField()
    findings_days = serializers.IntegerField()
    same_event_hours = serializers.IntegerField(
        help_text="Claims of the other party within this many hours may be the same event"
    )
    same_event_km = serializers.IntegerField(help_text="... and within this many kilometres")
    appeal_days = serializers.IntegerField(
        help_text="Days after the final finding in which the party found against may appeal"
    )


# --- input ---------------------------------------------------------------------------

COORDINATE_STEP = Decimal("0.00001")
MAX_CASUALTIES = 1_000_000


class CoordinateField(serializers.DecimalField):
    """Degrees as a number; more than five decimals (about a metre) are rounded."""

    def __init__(self, limit: int, **kwargs):
        super().__init__(
            max_digits=None,
            decimal_places=None,
            # A JSON number, as clients send it and the schema documents it (a decimal
            # string is accepted too).
            coerce_to_string=False,
            min_value=Decimal(-limit),
            max_value=Decimal(limit),
            **kwargs,
        )

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not self.min_value <= value <= self.max_value:
            # Out of range: left for the range validators to refuse. Rounding first would
            # raise InvalidOperation for values beyond the decimal context (e.g. 1e30).
            return value
        return value.quantize(COORDINATE_STEP, rounding=ROUND_HALF_EVEN)


class IncidentWriteSerializer(serializers.Serializer):
    """A draft's content. The reporting party is the officer's own, never an input."""

    accused_party = CodeField(slug_field="code", queryset=Party.objects.all())
    category = CodeField(slug_field="code", queryset=Category.objects.current())
    alleged_actor = serializers.CharField(max_length=200)
    occurred_at = serializers.DateTimeField()
    time_precision = serializers.ChoiceField(choices=TimePrecision.choices, required=False)
    latitude = CoordinateField(90)
    longitude = CoordinateField(180)
    place_name = serializers.CharField(max_length=200)
    province = serializers.CharField(max_length=100)
    district = serializers.CharField(max_length=100, required=False, allow_blank=True)
    border_sector = serializers.CharField(max_length=100, required=False, allow_blank=True)
    geo_precision = serializers.ChoiceField(choices=GeoPrecision.choices, required=False)
    narrative = serializers.CharField(max_length=20000)
    narrative_language = serializers.ChoiceField(
        choices=language_choices(),
        required=False,
        help_text="The language the narrative is written in; the author's own when left out",
    )
    sources = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    killed_civilian_low = serializers.IntegerField(
        min_value=0, max_value=MAX_CASUALTIES, required=False
    )
    killed_civilian_high = serializers.IntegerField(
        min_value=0, max_value=MAX_CASUALTIES, required=False
    )
    killed_security_low = serializers.IntegerField(
        min_value=0, max_value=MAX_CASUALTIES, required=False
    )
    killed_security_high = serializers.IntegerField(
        min_value=0, max_value=MAX_CASUALTIES, required=False
    )
    injured_civilian_low = serializers.IntegerField(
        min_value=0, max_value=MAX_CASUALTIES, required=False
    )
    injured_civilian_high = serializers.IntegerField(
        min_value=0, max_value=MAX_CASUALTIES, required=False
    )
    injured_security_low = serializers.IntegerField(
        min_value=0, max_value=MAX_CASUALTIES, required=False
    )
    injured_security_high = serializers.IntegerField(
        min_value=0, max_value=MAX_CASUALTIES, required=False
    )
    version = serializers.IntegerField(
        min_value=1,
        max_value=2_000_000_000,
        required=False,
        write_only=True,
        help_text="The version you last read; a mismatch answers 409 STALE_VERSION",
    )

    def content(self) -> tuple[dict, int | None]:
        """The validated content fields, and the expected version if one was sent."""
        data = dict(self.validated_data)
        return data, data.pop("version", None)


class AmendSerializer(IncidentWriteSerializer):
    reason = serializers.CharField(max_length=2000)

    def content(self) -> tuple[dict, int | None]:
        data, version = super().content()
        data.pop("reason", None)
        return data, version
