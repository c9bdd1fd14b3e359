"""The secretariat's page of changes made by hand to people and reference data."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core.changes import CHANGED, CREATED, DELETED
from core.views import require

from .changes import RECORD_TYPES
from .permissions import can_view_record_changes
from .selectors import record_changes

RECORD_TYPE_LABELS = {
    "accounts.user": _("Users"),
    "auth.group": _("Groups"),
    "accounts.party": _("Parties"),
    "accounts.cochair": _("Co-chairs"),
    "incidents.category": _("Categories"),
    "compliance.commitmentkind": _("Commitment kinds"),
    "compliance.urgency": _("Urgencies"),
    "compliance.penaltymeasure": _("Penalty measures"),
    "accounts.secondfactorpolicy": _("Second-factor policy"),
    "accounts.singlesignonmapping": _("Single sign-on mappings"),
}


ACTION_LABELS = {CREATED: _("created"), CHANGED: _("changed"), DELETED: _("deleted")}


class RecordChangesFilter(forms.Form):
    record_type = forms.ChoiceField(
        label=_("Record"),
        required=False,
        choices=[("", _("All records")), *((t, RECORD_TYPE_LABELS[t]) for t in RECORD_TYPES)],
    )


def _rows(events):
    """Each event with the fields it changed, before and after, in a stable order."""
    for event in events:
        payload = event.payload or {}
        before, after = payload.get("before") or {}, payload.get("after") or {}
        names = payload.get("changed") or sorted(before.keys() | after.keys())
        yield {
            "event": event,
            "model": RECORD_TYPE_LABELS.get(event.subject_type, event.subject_type),
            "fields": [(name, before.get(name), after.get(name)) for name in names],
            "secrets_changed": payload.get("secrets_changed") or [],
            "action": ACTION_LABELS.get(event.action, event.action),
            "via": payload.get("via", ""),
        }


@login_required
def record_change_list(request):
    """Secretariat only (403): who changed which record, when, and its fields before and
    after, newest first, 50 a page; an unknown record type is a form error (400)."""
    require(can_view_record_changes, request.user)
    form = RecordChangesFilter(request.GET)
    valid = form.is_valid()
    record_type = form.cleaned_data.get("record_type", "") if valid else ""
    page = Paginator(record_changes(record_type=record_type), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/record_changes.html",
        {"form": form, "page": page, "rows": list(_rows(page)), "record_type": record_type},
        status=200 if valid else 400,
    )
