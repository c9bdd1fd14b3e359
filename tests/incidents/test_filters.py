"""incidents.filters: the party filters, as the browser's form shows them."""

import pytest
from django.utils import translation

from incidents.filters import IncidentFilter

pytestmark = pytest.mark.django_db


def test_the_party_filters_carry_the_relations_labels_and_the_parties_as_choices(pak, afg):
    with translation.override("en"):
        form = IncidentFilter({}).form
        labels = {
            name: str(form.fields[name].label) for name in ("reporting_party", "accused_party")
        }
        choices = [value for value, _ in form.fields["reporting_party"].choices]
    assert labels == {"reporting_party": "Reporting party", "accused_party": "Accused party"}
    assert sorted(str(value) for value in choices) == ["", "AFG", "PAK"]


def test_a_known_code_cleans_to_the_code_and_an_unknown_one_is_refused(pak):
    valid = IncidentFilter({"reporting_party": "PAK"})
    assert valid.is_valid()
    assert valid.form.cleaned_data["reporting_party"] == "PAK"

    unknown = IncidentFilter({"accused_party": "XYZ"})
    assert not unknown.is_valid()
    assert list(unknown.errors) == ["accused_party"]
