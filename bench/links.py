"""The suggestion row of `make bench` (BENCH_ONLY=links): how long the query that finds
the claims a newly submitted claim may describe the same event as takes at the bench's
scale (incidents.links.selectors.suggestion_candidates), and whether PostgreSQL answers
it from an index rather than by scanning the claims: the (reporting_party, occurred_at)
index, or the box's (latitude, longitude) where that is the narrower, as it is for claims
filed where few others lie."""

import re
import statistics
import time

SAMPLE = 200
INDEXES = ("incident_reporter_occurred", "incident_box")
# An index named in a plan: PostgreSQL's (plain, index-only or bitmap) and SQLite's.
PLANNED_INDEX = (
    r"(?:Index (?:Only )?Scan using|Bitmap Index Scan on|USING (?:COVERING )?INDEX) (\w+)"
)


def measure(*, claims) -> dict:
    """Run the candidate query for each of `claims` (submitted claims), twice: the first
    round warms the cache, the second is timed. Returns the figures."""
    from incidents.links.selectors import suggestion_candidates, suggestion_candidates_query

    claims = list(claims)
    for claim in claims:
        suggestion_candidates(claim)
    times, found = [], 0
    for claim in claims:
        started = time.perf_counter()
        found += len(suggestion_candidates(claim))
        times.append(time.perf_counter() - started)
    plans = [suggestion_candidates_query(claim).explain() for claim in claims]
    used = {name for plan in plans for name in re.findall(PLANNED_INDEX, plan)}
    return {
        "n": len(times),
        "median_ms": statistics.median(times) * 1000 if times else 0.0,
        "max_ms": max(times) * 1000 if times else 0.0,
        "found": found,
        "indexes": sorted(used),
        "indexed": bool(plans)
        and all("Seq Scan" not in plan and any(name in plan for name in INDEXES) for plan in plans),
    }


def rows(figures: dict) -> list[tuple]:
    """(name, figure, beside, goal, met) for bench/run.py's table."""
    return [
        (
            f"suggestions on submission, {figures['n']} claims",
            f"median {figures['median_ms']:.1f} ms, max {figures['max_ms']:.1f} ms "
            f"({figures['found']} candidates)",
            f"plans use {', '.join(figures['indexes']) or 'no index'}; "
            f"every one an index: {'yes' if figures['indexed'] else 'no'}",
            "median < 5 ms, served by an index, no scan of the claims",
            figures["median_ms"] < 5 and figures["indexed"],
        )
    ]
