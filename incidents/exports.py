"""The claims as CSV and GeoJSON: one generator per format, streamed at once by the API
(and the browser's claim list) when small, written to a file by an export job when large.
Either way the rows are the requester's visible claims through the shared filters."""

import csv
import io

import orjson
from django.http import StreamingHttpResponse

from core.csv import csv_safe
from core.errors import validation_error
from core.exports import ExportKind, register_export

from .filters import IncidentFilter
from .selectors import incident_visible_to
from .serializers import INCIDENT_VALUES, IncidentSerializer, incident_json

EXPORT_COLUMNS = list(IncidentSerializer().fields)
EXPORT_CHUNK = 2000  # rows per database fetch
EXPORT_BATCH = 200  # rows per chunk of the response

CLAIMS_CSV = "claims.csv"
CLAIMS_GEOJSON = "claims.geojson"


def claims_for_export(user, parameters):
    """The claims `user` may see, through the filters in `parameters`; a bad filter raises
    VALIDATION_ERROR naming it."""
    filterset = IncidentFilter(parameters, queryset=incident_visible_to(user))
    if not filterset.is_valid():
        raise validation_error(filterset.errors)
    return filterset.qs


def _rows(queryset):
    """Newest first, in constant memory."""
    queryset = queryset.order_by("-occurred_at", "-id").values(*INCIDENT_VALUES)
    for row in queryset.iterator(chunk_size=EXPORT_CHUNK):
        yield incident_json(row)


def claim_csv_chunks(queryset):
    """(text, rows so far): the header, then EXPORT_BATCH rows a chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    count = 0
    for count, row in enumerate(_rows(queryset), start=1):
        writer.writerow(["" if row[c] is None else csv_safe(row[c]) for c in EXPORT_COLUMNS])
        if count % EXPORT_BATCH == 0:
            yield buffer.getvalue(), count
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue(), count


def claim_geojson_chunks(queryset):
    """(bytes, rows so far): a FeatureCollection of points, EXPORT_BATCH features a chunk.
    One small write per feature costs the WSGI server more than the encoding does."""
    batch = [b'{"type":"FeatureCollection","features":[']
    count = 0
    for count, row in enumerate(_rows(queryset), start=1):
        feature = {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
            "properties": row,
        }
        batch.append((b"," if count > 1 else b"") + orjson.dumps(feature))
        if len(batch) >= EXPORT_BATCH:
            yield b"".join(batch), count
            batch = []
    batch.append(b"]}")
    yield b"".join(batch), count


# Each kind of claim export: (content type, file name, chunks). The API's exports, the
# claim list's download links and the export jobs all write from this table.
CLAIM_EXPORTS = {
    CLAIMS_CSV: ("text/csv; charset=utf-8", "incidents.csv", claim_csv_chunks),
    CLAIMS_GEOJSON: ("application/geo+json", "incidents.geojson", claim_geojson_chunks),
}


def claim_export_response(kind: str, queryset) -> StreamingHttpResponse:
    """The claims in `queryset` as the file of `kind`, streamed, never cached."""
    content_type, filename, chunks = CLAIM_EXPORTS[kind]
    response = StreamingHttpResponse(
        (chunk for chunk, _ in chunks(queryset)), content_type=content_type
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _size(user, parameters, limit):
    queryset = claims_for_export(user, parameters).order_by()
    return (queryset[:limit] if limit else queryset).count()


def register_claim_exports():
    for name, (content_type, filename, chunks) in CLAIM_EXPORTS.items():
        register_export(
            ExportKind(
                name=name,
                content_type=content_type,
                filename=lambda parameters, filename=filename: filename,
                size=_size,
                chunks=lambda user, parameters, chunks=chunks: chunks(
                    claims_for_export(user, parameters)
                ),
            )
        )
