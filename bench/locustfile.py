"""The mechanism's real mix under load, for locust: officers file, submit and reply to claims,
reviewers read what they are assigned and record findings, observers pull lists and
exports.

The actors come from the environment, so nothing here names a party or a co-chair:

    LOAD_ACTORS='[{"role": "officer", "username": "...", "token": "...", "party": "..."},
                  {"role": "reviewer", "username": "...", "token": "..."},
                  {"role": "observer", "username": "...", "token": "..."}]'

`make load` (bench/run.py) starts gunicorn against PostgreSQL and Redis, creates the
tokens and runs this file headless; tests/test_load_smoke.py runs it for a few seconds
against the live test server. Every answer other than the one expected is a failure.
"""

import itertools
import json
import os
import random
from collections import deque
from datetime import UTC, datetime, timedelta

from locust import FastHttpUser, between, task

# Load-test data, not secrets: a plain generator is what is wanted here.
RNG = random.Random()  # nosec B311

ACTORS = json.loads(os.environ.get("LOAD_ACTORS", "[]"))
_next_actor = {
    role: itertools.cycle([a for a in ACTORS if a["role"] == role] or [None])
    for role in ("officer", "reviewer", "observer")
}

# Claims submitted during the run, waiting for each reviewer's finding. Locust's users
# share one process, so a deque per reviewer is enough: a claim is handed to each
# reviewer once, and no two users of one reviewer record the same finding.
AWAITING_FINDINGS: dict[str, deque] = {
    a["username"]: deque() for a in ACTORS if a["role"] == "reviewer"
}

# Claims submitted during the run, waiting for the accused party's reply (by party code):
# findings wait for it, so a claim reaches the reviewers once an officer replied.
AWAITING_REPLY: dict[str, deque] = {a["party"]: deque() for a in ACTORS if a["role"] == "officer"}

OUTCOMES = ["verified", "verified", "not_verified", "inconclusive"]
GRADES = ["confirmed", "probable", "possible"]
INTENTS = ["deliberate", "accidental", "undetermined"]


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


class Actor(FastHttpUser):
    abstract = True
    role = ""
    wait_time = between(0.5, 2.0)

    def on_start(self):
        self.actor = next(_next_actor[self.role])
        if self.actor is None:
            raise RuntimeError(f"LOAD_ACTORS names no {self.role}")
        self.auth = {"Authorization": f"Token {self.actor['token']}"}

    def call(self, method: str, path: str, expected: int, *, name: str | None = None, **kwargs):
        """One request; anything but the expected status is a failure with its body."""
        with self.client.request(
            method, path, headers=self.auth, name=name or path, catch_response=True, **kwargs
        ) as response:
            if response.status_code != expected:
                response.failure(f"{response.status_code}: {(response.text or '')[:300]}")
                return None
            response.success()
            return response


class Officer(Actor):
    """A delegation officer: files claims against the other party and submits them."""

    role = "officer"
    weight = 4

    def on_start(self):
        super().on_start()
        parties = self.call("GET", "/api/v1/parties/", 200).json()["parties"]
        own = next(p for p in parties if p["code"] == self.actor["party"])
        self.accused = [p["code"] for p in parties if p["code"] != own["code"]]
        self.box = (own["min_latitude"], own["max_latitude"])
        self.box_lon = (own["min_longitude"], own["max_longitude"])
        categories = self.call("GET", "/api/v1/categories/", 200).json()
        self.categories = [c["code"] for c in categories]

    def claim_body(self) -> dict:
        (lat_min, lat_max), (lon_min, lon_max) = self.box, self.box_lon
        killed = RNG.randint(0, 3)
        return {
            "accused_party": RNG.choice(self.accused),
            "category": RNG.choice(self.categories),
            "alleged_actor": "Unidentified armed group",
            "occurred_at": _iso(datetime.now(UTC) - timedelta(hours=RNG.randint(1, 72))),
            "latitude": round(RNG.uniform(lat_min + 0.5, lat_max - 0.5), 5),
            "longitude": round(RNG.uniform(lon_min + 0.5, lon_max - 0.5), 5),
            "place_name": "Border village",
            "province": "Border province",
            "narrative": "Shelling was reported near the crossing in the early morning.",
            # The demo's officers read Urdu and Pashto: the English narrative says so.
            "narrative_language": "en",
            "killed_civilian_low": killed,
            "killed_civilian_high": killed + RNG.randint(0, 2),
        }

    @task(3)
    def file_and_submit(self):
        created = self.call(
            "POST", "/api/v1/incidents/", 201, json=self.claim_body(), name="file a claim"
        )
        if created is None:
            return
        reference = created.json()["reference"]
        submitted = self.call(
            "POST", f"/api/v1/incidents/{reference}/submit/", 200, name="submit a claim"
        )
        if submitted is not None:
            AWAITING_REPLY.setdefault(created.json()["accused_party"], deque()).append(reference)

    @task(2)
    def reply(self):
        """The accused party's reply to a claim filed against it in the run; the claim
        then waits for the reviewers' findings."""
        waiting = AWAITING_REPLY.get(self.actor["party"])
        if not waiting:
            return
        reference = waiting.popleft()
        replied = self.call(
            "POST",
            f"/api/v1/incidents/{reference}/reply/",
            201,
            json={"position": "denies", "narrative": "Our units held their positions."},
            name="reply to a claim",
        )
        if replied is not None:
            for reviewer in AWAITING_FINDINGS.values():
                reviewer.append(reference)

    @task(2)
    def read_claims(self):
        page = self.call(
            "GET",
            f"/api/v1/incidents/?reporting_party={self.actor['party']}&page_size=25",
            200,
            name="list own party's claims",
        )
        if page is not None and page.json()["results"]:
            reference = RNG.choice(page.json()["results"])["reference"]
            self.call("GET", f"/api/v1/incidents/{reference}/", 200, name="claim detail")


class Reviewer(Actor):
    """A co-chair's reviewer: looks at a claim submitted in the run and records the
    co-chair's finding when the claim is assigned to them."""

    role = "reviewer"
    weight = 2

    @task(3)
    def record_finding(self):
        waiting = AWAITING_FINDINGS.get(self.actor["username"])
        if not waiting:
            self.read_queue()
            return
        reference = waiting.popleft()
        review = self.call(
            "GET", f"/api/v1/incidents/{reference}/review/", 200, name="claim review"
        )
        if review is None:
            return
        assigned = {a["reviewer"] for a in review.json()["assignments"]}
        if self.actor["username"] not in assigned:
            return  # the other reviewer of this co-chair has it
        self.call(
            "POST",
            f"/api/v1/incidents/{reference}/findings/",
            201,
            json={
                "outcome": (outcome := RNG.choice(OUTCOMES)),
                "grade": RNG.choice(GRADES),
                "intent": RNG.choice(INTENTS) if outcome == "verified" else "",
                "reasoning": "Consistent imagery and two independent sources.",
            },
            name="record a finding",
        )

    @task(1)
    def read_queue(self):
        self.call(
            "GET",
            "/api/v1/incidents/?status=under_review&overdue=true&page_size=25",
            200,
            name="list overdue claims in review",
        )


class Observer(Actor):
    """An outside analyst: pages through verified claims and pulls the exports."""

    role = "observer"
    weight = 4

    @task(4)
    def list_verified(self):
        page = self.call(
            "GET", "/api/v1/incidents/?status=verified&page_size=50", 200, name="list verified"
        )
        if page is None:
            return
        body = page.json()
        if body["next"]:
            self.call("GET", body["next"], 200, name="list verified, next page")
        if body["results"]:
            reference = RNG.choice(body["results"])["reference"]
            self.call("GET", f"/api/v1/incidents/{reference}/events/", 200, name="claim events")

    @task(1)
    def export_csv(self):
        since = _iso(datetime.now(UTC) - timedelta(days=3))
        self.call(
            "GET",
            f"/api/v1/incidents/export.csv?status=verified&occurred_after={since}",
            200,
            name="export CSV, last 3 days",
        )

    @task(1)
    def export_geojson(self):
        since = _iso(datetime.now(UTC) - timedelta(days=3))
        self.call(
            "GET",
            f"/api/v1/incidents/export.geojson?status=verified&occurred_after={since}",
            200,
            name="export GeoJSON, last 3 days",
        )
