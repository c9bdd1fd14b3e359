"""The raw baseline: the verified-claims list as a bare WSGI app (psycopg 3 pool + orjson).

The same keyset-paginated query and the same JSON rows as GET /api/v1/incidents/, with
no framework, no authentication and no permission checks: the ceiling the real API is
measured against. Run it under gunicorn:

    DATABASE_URL=postgres://... gunicorn bench.raw_app:app
"""

import base64
import os
from datetime import UTC, datetime
from urllib.parse import parse_qs

import orjson
from psycopg_pool import ConnectionPool

CASUALTIES = [
    f"{kind}_{who}_{bound}"
    for kind in ("killed", "injured")
    for who in ("civilian", "security")
    for bound in ("low", "high")
]
DATES = [
    "submitted_at",
    "assigned_at",
    "closed_at",
    "assignment_due_at",
    "reply_due_at",
    "findings_due_at",
    "assignment_overdue_at",
    "reply_overdue_at",
    "findings_overdue_at",
]
COLUMNS = [
    "i.id",
    "i.reference",
    "i.status",
    "rp.code",
    "ap.code",
    "c.code",
    "c.version",
    "i.occurred_at",
    "i.time_precision",
    "i.reported_at",
    "i.latitude",
    "i.longitude",
    "i.place_name",
    "i.province",
    "i.district",
    "i.border_sector",
    "i.geo_precision",
    "i.narrative",
    "i.alleged_actor",
    "i.sources",
    *(f"i.{name}" for name in CASUALTIES),
    *(f"i.{name}" for name in DATES),
    "i.outcome",
    "i.grade",
    "i.version",
    "i.created_at",
    "i.updated_at",
]
SQL = f"""
SELECT {", ".join(COLUMNS)}
FROM incidents_incident i
JOIN accounts_party rp ON rp.id = i.reporting_party_id
JOIN accounts_party ap ON ap.id = i.accused_party_id
JOIN incidents_category c ON c.id = i.category_id
WHERE i.status = ANY(%(statuses)s) AND i.status = %(status)s AND rp.code = %(party)s
  AND i.occurred_at >= %(after)s {{keyset}}
ORDER BY i.occurred_at DESC, i.id DESC
LIMIT %(limit)s
"""  # noqa: S608  # nosec B608  # a constant; every value is a bound parameter
KEYSET = (
    "AND i.occurred_at <= %(at)s"
    " AND (i.occurred_at < %(at)s OR (i.occurred_at = %(at)s AND i.id < %(id)s))"
)
DECIDED = ["verified", "not_verified", "inconclusive"]

pool = ConnectionPool(
    os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1),
    min_size=1,
    max_size=4,
    open=False,
)


def iso(value):
    return None if value is None else value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def row_json(row):
    (pk, ref, status, rp, ap, cat, catv, occurred, tprec, reported, lat, lon, place,
     province, district, sector, gprec, narrative, actor, sources) = row[:20]  # fmt: skip
    data = {
        "reference": ref,
        "status": status,
        "reporting_party": rp,
        "accused_party": ap,
        "category": cat,
        "category_version": catv,
        "occurred_at": iso(occurred),
        "time_precision": tprec,
        "reported_at": iso(reported),
        "latitude": float(lat),
        "longitude": float(lon),
        "place_name": place,
        "province": province,
        "district": district,
        "border_sector": sector,
        "geo_precision": gprec,
        "narrative": narrative,
        "alleged_actor": actor,
        "sources": sources,
    }
    rest = row[20:]
    for name, value in zip(CASUALTIES, rest[:8], strict=True):
        data[name] = value
    dates = rest[8:17]
    for name, value in zip(DATES, dates, strict=True):
        data[name] = iso(value)
    data["overdue"] = status in ("submitted", "under_review", "disputed") and any(dates[6:9])
    outcome, grade, version, created, updated = rest[17:]
    data.update(
        outcome=outcome or None,
        grade=grade or None,
        version=version,
        created_at=iso(created),
        updated_at=iso(updated),
    )
    return pk, occurred, data


def app(environ, start_response):
    if not pool._opened:
        pool.open()
    query = parse_qs(environ.get("QUERY_STRING", ""))
    params = {
        "statuses": DECIDED,
        "status": query.get("status", ["verified"])[0],
        "party": query.get("reporting_party", ["PAK"])[0],
        "after": datetime.fromisoformat(
            query.get("occurred_after", ["2000-01-01T00:00:00+00:00"])[0].replace("Z", "+00:00")
        ),
        "limit": int(query.get("page_size", ["50"])[0]) + 1,
    }
    keyset = ""
    if "cursor" in query:
        at, pk = orjson.loads(base64.urlsafe_b64decode(query["cursor"][0]))
        params.update(at=datetime.fromisoformat(at), id=pk)
        keyset = KEYSET
    with pool.connection() as conn:
        rows = conn.execute(SQL.format(keyset=keyset), params).fetchall()
    page = [row_json(r) for r in rows[: params["limit"] - 1]]
    following = None
    if len(rows) == params["limit"]:
        pk, occurred, _ = page[-1]
        token = base64.urlsafe_b64encode(orjson.dumps([occurred.isoformat(), pk])).decode()
        following = f"?cursor={token}"
    body = orjson.dumps({"next": following, "previous": None, "results": [d for _, _, d in page]})
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]
