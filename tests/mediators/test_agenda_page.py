"""The meeting page's reading: the agenda grouped by kind, filtered, searched and paged,
with both co-chairs' findings as the reader may see them, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from incidents.models import Finding
from mediators.models import AgendaItem
from mediators.selectors import AgendaFilters, meeting_agenda_page
from tests.factories import IncidentFactory
from verification.statuses import Status


def page(user, meeting, **filters):
    return meeting_agenda_page(user=user, meeting=meeting, filters=AgendaFilters(**filters))


def overdue_item(meeting, category, pak, afg, *, place="Chaman"):
    claim = IncidentFactory(
        reporting_party=afg,
        accused_party=pak,
        category=category,
        status=Status.UNDER_REVIEW,
        submitted_at=timezone.now(),
        place_name=place,
    )
    return AgendaItem.objects.create(
        meeting=meeting, incident=claim, reason="overdue", added_at=timezone.now()
    )


def finding(claim, cochair, reviewer, outcome):
    return Finding.objects.create(
        incident=claim,
        cochair=cochair,
        reviewer=reviewer,
        outcome=outcome,
        grade="possible",
        intent="accidental" if outcome == "verified" else "",
        reasoning="Imagery.",
        recorded_at=timezone.now(),
    )


def test_groups_in_the_meetings_order_with_their_counts(
    cast, disputed_claims, meeting_in, category, pak, afg
):
    disputed_claims(3)
    meeting = meeting_in(3)
    overdue_item(meeting, category, pak, afg)
    agenda = page(cast["secretariat"], meeting)
    assert [(g.reason, g.count, len(g.items)) for g in agenda.groups] == [
        ("disputed", 3, 3),
        ("overdue", 1, 1),
    ]
    assert (agenda.total, agenda.undecided, agenda.pages) == (4, 4, 1)


def test_paging_keeps_the_counts_of_every_page(
    cast, disputed_claims, meeting_in, category, pak, afg
):
    disputed_claims(30)
    meeting = meeting_in(3)
    for _ in range(5):
        overdue_item(meeting, category, pak, afg)
    first = page(cast["secretariat"], meeting)
    assert (first.page, first.pages, first.first, first.last) == (1, 2, 1, 25)
    assert [(g.count, len(g.items)) for g in first.groups] == [(30, 25), (5, 0)]
    second = page(cast["secretariat"], meeting, page=2)
    assert (second.first, second.last) == (26, 35)
    assert [(g.count, len(g.items)) for g in second.groups] == [(30, 5), (5, 5)]
    seen = [i.pk for g in first.groups + second.groups for i in g.items]
    assert sorted(seen) == sorted(meeting.items.values_list("pk", flat=True))
    beyond = page(cast["secretariat"], meeting, page=9)
    assert beyond.page == 2


def test_filters_and_search(cast, disputed_claims, meeting_in, category, pak, afg):
    torkham = disputed_claims(2)
    angoor = disputed_claims(1, place="Angoor Adda")
    meeting = meeting_in(3)
    chaman = overdue_item(meeting, category, pak, afg)
    item = meeting.items.get(incident=torkham[0])
    AgendaItem.objects.filter(pk=item.pk).update(
        minutes="Agreed.", decided_at=timezone.now(), decided_by=cast["secretariat"]
    )
    secretariat = cast["secretariat"]

    def refs(**filters):
        agenda = page(secretariat, meeting, **filters)
        return {i.incident.reference for g in agenda.groups for i in g.items}

    assert refs(kind="overdue") == {chaman.incident.reference}
    assert refs(state="decided") == {torkham[0].reference}
    assert refs(state="undecided") == {
        torkham[1].reference,
        angoor[0].reference,
        chaman.incident.reference,
    }
    assert refs(party="pak") == refs()  # every claim here has Pakistan on one side
    assert refs(q="angoor") == {angoor[0].reference}
    assert refs(q=torkham[1].reference.lower()) == {torkham[1].reference}
    assert refs(kind="disputed", state="undecided", q="torkham") == {torkham[1].reference}
    assert page(secretariat, meeting, state="decided").undecided == 3  # the meeting's, always


def test_filters_from_the_query_ignore_what_they_do_not_know():
    filters = AgendaFilters.from_query(
        {"kind": "nonsense", "state": "all", "page": "-3", "q": "  Torkham ", "party": "AFG"}
    )
    assert (filters.kind, filters.state, filters.page, filters.q) == ("", "", 1, "Torkham")
    assert filters.as_query() == "party=AFG&q=Torkham"
    assert AgendaFilters.from_query({"page": "x"}).page == 1


def test_findings_side_by_side_as_the_reader_may_see_them(
    cast, disputed_claims, meeting_in, category, pak, afg, tur, qat
):
    (claim,) = disputed_claims(1)
    meeting = meeting_in(3)
    finding(claim, tur, cast["tur_reviewer"], "verified")
    finding(claim, qat, cast["qat_reviewer"], "not_verified")
    pending = overdue_item(meeting, category, pak, afg).incident
    finding(pending, qat, cast["qat_reviewer"], "verified")

    def shown(user):
        agenda = page(user, meeting)
        return {
            i.incident_id: [(c.code, f.outcome if f else None) for c, f in i.findings]
            for g in agenda.groups
            for i in g.items
        }

    as_tur = shown(cast["tur_reviewer"])
    assert as_tur[claim.pk] == [("TUR", "verified"), ("QAT", "not_verified")]
    # Under review, a co-chair's finding is its own until both are in.
    assert as_tur[pending.pk] == [("TUR", None), ("QAT", None)]
    assert shown(cast["qat_reviewer"])[pending.pk] == [("TUR", None), ("QAT", "verified")]
    assert shown(cast["secretariat"])[pending.pk] == [("TUR", None), ("QAT", "verified")]


@pytest.mark.parametrize("role", ["tur_reviewer", "secretariat"])
def test_the_page_is_read_in_five_queries_whatever_its_size(
    cast, disputed_claims, meeting_in, category, pak, afg, tur, qat, role
):
    def count(meeting):
        user = type(cast[role]).objects.get(pk=cast[role].pk)  # nothing cached on it
        with CaptureQueriesContext(connection) as context:
            agenda = meeting_agenda_page(user=user, meeting=meeting, filters=AgendaFilters())
            [i.findings for g in agenda.groups for i in g.items]
        return len(context.captured_queries)

    claims = disputed_claims(2)
    small = meeting_in(3)
    finding(claims[0], tur, cast["tur_reviewer"], "verified")
    overdue_item(small, category, pak, afg)
    few = count(small)
    more = disputed_claims(40)
    large = meeting_in(10)
    for claim in more:
        finding(claim, tur, cast["tur_reviewer"], "verified")
        finding(claim, qat, cast["qat_reviewer"], "inconclusive")
    for _ in range(10):
        overdue_item(large, category, pak, afg)
    assert count(large) == few
    # counts per kind, undecided, co-chairs, the page, its findings
    assert few == 5
