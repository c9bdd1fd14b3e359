"""axe-core over every page, as each role and anonymously: no violation of impact
"serious" or "critical" anywhere.

axe is vendored for the tests only (static/vendor/axe-core/) and injected into each page
after it has loaded, from the test server's own address (the pages' Content-Security-Policy
refuses inline scripts, which is what add_script_tag(path=...) would make); the pages
themselves never load it.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from compliance.demo import seed_reference_data
from mediators.services import meeting_schedule
from tests.compliance.conftest import commitment_data, report_data
from tests.factories_records import PenaltyCaseFactory

pytestmark = pytest.mark.browser

AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js"
AXE_URL = "/__tests__/axe.min.js"
SERIOUS = ("serious", "critical")

RUN = """
async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " " + (n.failureSummary || "").split("\\n").slice(1, 2).join("")),
  }));
}
"""


DUPLICATE_IDS = """
() => {
  const seen = {};
  for (const el of document.querySelectorAll("[id]")) seen[el.id] = (seen[el.id] || 0) + 1;
  return Object.keys(seen).filter((id) => seen[id] > 1);
}
"""


def axe_violations(page, path):
    """The serious and critical violations axe finds on `path`, one line each."""
    response = page.goto(path)
    assert response is not None, path
    expected = 404 if "NOPE" in path or "no-such" in path else 200
    assert response.status == expected, (path, response.status)
    page.wait_for_load_state("networkidle")
    page.route(f"**{AXE_URL}", lambda route: route.fulfill(path=str(AXE)))
    page.add_script_tag(url=AXE_URL)
    found = page.evaluate(RUN)
    problems = [
        f"{path} [{v['impact']}] {v['id']}: {v['help']} -> {'; '.join(v['nodes'])}"
        for v in found
        if v["impact"] in SERIOUS
    ]
    # axe 4.7 retired its rule for ids repeated outside ARIA references; a label's `for`
    # must still find its own input, so every id is unique on every page.
    problems += [f"{path} duplicate id: {id_}" for id_ in page.evaluate(DUPLICATE_IDS)]
    return problems


@pytest.fixture
def world(db, cast, file_claim, afg):
    """One of everything a page shows: claims in each state, a commitment with a draft
    and a verified action report, a referral, a penalty case and a meeting."""
    from compliance.action_reports.services import action_report_create_draft
    from compliance.commitments.services import commitment_create
    from compliance.models import CommitmentKind, Urgency
    from compliance.referrals.services import referral_create

    seed_reference_data()
    replied = file_claim("replied")
    under_review = file_claim("under_review")
    verified = file_claim("verified")
    draft = file_claim("draft")
    commitment = commitment_create(
        actor=cast["secretariat"],
        data=commitment_data(afg, CommitmentKind.objects.get(code="raid")),
        milestones=None,
    )
    report = action_report_create_draft(
        actor=cast["afg_officer"], commitment=commitment, data=report_data()
    )
    referral = referral_create(
        actor=cast["pak_officer"],
        data=dict(
            to_party=afg,
            subject="Safe house used by a listed commander",
            requested_action="Raid the compound and detain the occupants.",
            urgency=Urgency.objects.get(code="priority"),
            latitude="34.40000",
            longitude="70.50000",
            place_name="Behsud",
        ),
    )
    penalty = PenaltyCaseFactory(party=afg, opened_by=cast["secretariat"])
    meeting = meeting_schedule(
        actor=cast["secretariat"],
        title="Review meeting",
        scheduled_for=timezone.now() + timedelta(days=3),
    )
    return {
        "replied": replied,
        "under_review": under_review,
        "verified": verified,
        "draft": draft,
        "commitment": commitment,
        "report": report,
        "referral": referral,
        "penalty": penalty,
        "meeting": meeting,
    }


def pages_for(role, w):
    """Every page the navigation reaches for `role`, and the main detail and form pages."""
    common = [
        "/",
        "/dashboard/",
        "/claims/",
        f"/claims/{w['verified'].reference}/",
        "/access-denials/",
        "/compliance/commitments/",
        f"/compliance/commitments/{w['commitment'].reference}/",
        "/compliance/penalties/",
        f"/compliance/penalties/{w['penalty'].reference}/",
        "/compliance/records/",
        "/compliance/reports/implementation/",
        "/notifications/",
        "/account/tokens/",
        "/account/evidence/",
        "/accounts/password/",
        "/accounts/sessions/",
        "/claims/NOPE-0000-00000/",
    ]
    claim_pages = [f"/claims/{w['replied'].reference}/", f"/claims/{w['under_review'].reference}/"]
    by_role = {
        "pak_officer": [
            "/claims/new/",
            f"/claims/{w['draft'].reference}/",
            f"/claims/{w['draft'].reference}/edit/",
            *claim_pages,
            "/compliance/referrals/",
            "/compliance/referrals/new/",
            f"/compliance/referrals/{w['referral'].reference}/",
        ],
        "afg_officer": [
            "/claims/new/",
            # The accused party's page: the reply form beside the hidden "Add evidence".
            *claim_pages,
            f"/compliance/action-reports/{w['report'].reference}/",
            f"/compliance/commitments/{w['commitment'].reference}/report/",
            "/compliance/referrals/",
            f"/compliance/referrals/{w['referral'].reference}/",
        ],
        "tur_reviewer": [
            "/queue/",
            *claim_pages,
            "/meetings/",
            f"/meetings/{w['meeting'].pk}/",
            "/compliance/referrals/",
        ],
        "secretariat": [
            "/assignments/",
            *claim_pages,
            "/meetings/",
            f"/meetings/{w['meeting'].pk}/",
            "/compliance/commitments/new/",
            "/compliance/penalties/new/",
            "/compliance/referrals/",
            f"/compliance/referrals/{w['referral'].reference}/",
            "/accounts/invitations/",
            "/evidence/checks/",
            "/lockdown/",
            "/audit/changes/",
        ],
        "observer": [],
    }
    return common + by_role[role]


@pytest.mark.parametrize(
    "role", ["pak_officer", "afg_officer", "tur_reviewer", "secretariat", "observer"]
)
def test_no_serious_violation_on_any_page(role, open_as, cast, world):
    page = open_as(cast[role])
    problems = []
    for path in pages_for(role, world):
        problems += axe_violations(page, path)
    assert problems == [], "\n".join(problems)


def test_no_serious_violation_signed_out(new_context, live_server, requests_seen, csp_violations):
    from .conftest import watch

    context = new_context(base_url=live_server.url)
    watch(context, requests_seen, csp_violations)
    page = context.new_page()
    problems = []
    for path in ("/accounts/login/", "/no-such-page/"):
        problems += axe_violations(page, path)
    assert problems == [], "\n".join(problems)


def test_the_claim_page_has_no_duplicate_ids(open_as, cast, world):
    """The reply form and the hidden "Add evidence" form have fields of the same names;
    each label points at its own input."""
    page = open_as(cast["afg_officer"])
    page.goto(f"/claims/{world['under_review'].reference}/")
    assert page.locator("form[action$='/reply/']").count() == 1
    assert page.evaluate(DUPLICATE_IDS) == []
    for form in ("form[action$='/reply/']", "form[action$='/evidence/']"):
        for label in page.locator(f"{form} label[for]").all():
            target = label.get_attribute("for")
            assert page.locator(f"{form} [id='{target}']").count() == 1, (form, target)
