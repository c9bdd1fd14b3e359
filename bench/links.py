"""The suggestion row of `make bench` (BENCH_ONLY=links): how long the query that finds
the claims a newly submitted claim may describe the same event as takes at the bench's
scale (incidents.links.selectors.suggestion_candidates), and whether PostgreSQL answers
it from the (reporting_party, occurred_at) index rather than by scanning the claims."""

import statistics
import time

SAMPLE = 200
INDEX = "incident_reporter_occurred"


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
    plan = suggestion_candidates_query(claims[0]).explain() if claims else ""
    return {
        "n": len(times),
        "median_ms": statistics.median(times) * 1000 if times else 0.0,
        "max_ms": max(times) * 1000 if times else 0.0,
        "found": found,
        "indexed": INDEX in plan,
    }


def rows(figures: dict) -> list[tuple]:
    """(name, figure, beside, goal, met) for bench/run.py's table."""
    return [
        (
            f"suggestions on submission, {figures['n']} claims",
            f"median {figures['median_ms']:.1f} ms, max {figures['max_ms']:.1f} ms "
            f"({figures['found']} candidates)",
            f"plan uses {INDEX}: {'yes' if figures['indexed'] else 'no'}",
            "median < 5 ms, served by the index",
            figures["median_ms"] < 5 and figures["indexed"],
        )
    ]
