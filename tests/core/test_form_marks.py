"""Required fields are marked on the label and required on the input; a form with any
says what the mark means."""

from django.template.loader import render_to_string

from mediators.forms import AgendaDecisionForm, MeetingCloseForm, MeetingForm


def field(form, name):
    return render_to_string("includes/field.html", {"field": form[name]})


def test_a_required_field_is_marked_and_required():
    html = field(MeetingForm(), "title")
    assert '<label class="is-required" for="id_title">Title</label>' in html
    assert " required " in html or " required>" in html


def test_an_optional_field_is_not_marked():
    html = field(MeetingForm(), "location")
    assert "is-required" not in html and "required" not in html


def test_a_required_group_marks_its_legend():
    html = field(AgendaDecisionForm(disputed=True), "grade")
    assert '<legend class="is-required">Grade</legend>' in html


def test_the_legend_shows_only_on_forms_with_a_required_field():
    legend = '<p class="required-legend">'
    assert legend in render_to_string("includes/form_errors.html", {"form": MeetingForm()})
    assert legend not in render_to_string("includes/form_errors.html", {"form": MeetingCloseForm()})
