"""Times shown in the reader's zone, named, with UTC in the title; times typed in the
reader's zone, stored in UTC."""

import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone, translation
from django.utils.translation import gettext

from incidents.forms import ClaimForm
from incidents.models import Incident
from mediators.forms import MeetingForm
from tests.incidents.views.test_claims import form_data

KARACHI = zoneinfo.ZoneInfo("Asia/Karachi")
KABUL = zoneinfo.ZoneInfo("Asia/Kabul")
MOMENT = datetime(2026, 12, 5, 9, 30, tzinfo=UTC)


def render(text, **context):
    return Template("{% load zoned %}" + text).render(Context(context))


def test_a_time_is_shown_in_the_active_zone_and_named_with_utc_in_the_title():
    with timezone.override(KARACHI):
        html = render("{{ moment|zoned }}", moment=MOMENT)
    assert html == (
        '<time datetime="2026-12-05T09:30:00+00:00" title="2026-12-05 09:30 UTC">'
        "2026-12-05 14:30 PKT</time>"
    )


def test_a_zone_without_an_abbreviation_is_named_by_its_offset():
    with timezone.override(KABUL):
        assert render("{{ moment|zoned_text }}", moment=MOMENT) == "2026-12-05 14:00 +0430"


def test_utc_is_named_too_and_a_date_is_the_local_day():
    late = datetime(2026, 12, 5, 21, 0, tzinfo=UTC)
    assert ">2026-12-05 21:00 UTC</time>" in render("{{ m|zoned }}", m=late)
    with timezone.override(KARACHI):
        assert ">2026-12-06</time>" in render('{{ m|zoned:"Y-m-d" }}', m=late)


def test_nothing_is_rendered_for_no_time():
    assert render("{{ m|zoned }}|{{ m|zoned_text }}", m=None) == "|"


def test_the_picker_names_the_zone_and_the_24_hour_clock():
    with timezone.override(KARACHI):
        html = str(MeetingForm()["scheduled_for"])
    assert 'type="text"' in html and "data-datetime-picker" in html
    assert 'aria-describedby="id_scheduled_for_zone"' in html
    assert (
        '<span class="zone-note" id="id_scheduled_for_zone">Asia/Karachi time, 24-hour clock'
        in html
    )


@pytest.mark.django_db
def test_a_time_typed_in_karachi_is_stored_as_utc(afg, category, pak_officer):
    typed = (
        (timezone.now() - timedelta(days=1))
        .astimezone(KARACHI)
        .replace(second=0, microsecond=0, tzinfo=None)
    )
    with timezone.override(KARACHI):
        form = ClaimForm(
            data=form_data(afg, category, occurred_at=typed.strftime("%Y-%m-%d %H:%M")),
            officer=pak_officer,
        )
        assert form.is_valid(), form.errors
        stored = form.cleaned_data["occurred_at"]
        # Shown again, the field holds the same wall-clock text.
        assert typed.strftime("%Y-%m-%d %H:%M") in str(form["occurred_at"])
    assert stored == typed.replace(tzinfo=KARACHI)
    assert stored.astimezone(UTC) == (typed - timedelta(hours=5)).replace(tzinfo=UTC)


@pytest.mark.django_db
def test_the_filing_page_reads_the_time_in_the_officers_zone(client, afg, category, pak_officer):
    # The officer's own zone (accounts.middleware.PreferencesMiddleware activates it).
    pak_officer.time_zone = "Asia/Karachi"
    pak_officer.save(update_fields=["time_zone"])
    client.force_login(pak_officer)
    response = client.post("/claims/new/", form_data(afg, category, occurred_at="2026-12-01 14:30"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Incident.objects.get().occurred_at == datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def test_the_zone_and_the_utc_title_are_composed_in_the_readers_language():
    with timezone.override(KARACHI), translation.override("ur"):
        html = render("{{ moment|zoned }}", moment=MOMENT)
        text = render("{{ moment|zoned_text }}", moment=MOMENT)
        title = gettext("%(time)s UTC") % {"time": "2026-12-05 09:30"}
        shown = gettext("%(time)s %(zone)s") % {"time": "2026-12-05 14:30", "zone": "PKT"}
    assert f'title="{title}"' in html
    assert f">{shown}</time>" in html
    assert text == shown
