"""config.postgresql: timestamps parsed by psycopg's compiled loader, with the tzinfo
Django's own loader gives them."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from psycopg.pq import Format

from incidents.models import Incident

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's backend only"
)


@pytest.mark.django_db
def test_timestamps_come_back_as_stored_in_utc(file_claim):
    claim = file_claim()
    moment = datetime(2025, 10, 19, 23, 59, 58, 123456, tzinfo=UTC)
    Incident.objects.filter(pk=claim.pk).update(occurred_at=moment)

    (value,) = Incident.objects.filter(pk=claim.pk).values_list("occurred_at", flat=True)

    assert value == moment
    assert value.tzinfo is UTC
    assert value.isoformat() == "2025-10-19T23:59:58.123456+00:00"


@pytest.mark.django_db
def test_cursors_keep_the_compiled_loader(file_claim):
    file_claim()
    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")
        oid = cursor.cursor.adapters.types["timestamptz"].oid
        loader = cursor.cursor.adapters.get_loader(oid, Format.TEXT)

    assert loader.__name__ == "CompiledTzLoader"
    assert loader.timezone == connection.timezone


@pytest.mark.django_db
def test_connections_run_without_jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        (setting,) = cursor.fetchone()

    assert setting == "off"


@pytest.mark.django_db
def test_a_utc_session_gets_the_compiled_loader_itself():
    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")
        oid = cursor.cursor.adapters.types["timestamptz"].oid
        registered = cursor.cursor.adapters.get_loader(oid, Format.TEXT)
        loader = registered(oid, cursor.cursor)

    # Not the wrapper: nothing of Python's runs per value.
    assert not isinstance(loader, registered)
    value = loader.load(b"2025-10-19 23:59:58.123456+00")
    assert value == datetime(2025, 10, 19, 23, 59, 58, 123456, tzinfo=UTC)
    assert value.tzinfo is connection.timezone


@pytest.mark.django_db
def test_another_session_time_zone_still_gives_djangos_tzinfo(file_claim):
    claim = file_claim()
    moment = datetime(2025, 10, 19, 23, 59, 58, 123456, tzinfo=UTC)
    Incident.objects.filter(pk=claim.pk).update(occurred_at=moment)
    with connection.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'Asia/Karachi'")
        try:
            cursor.execute("SELECT occurred_at FROM incidents_incident WHERE id = %s", [claim.pk])
            (value,) = cursor.fetchone()
        finally:
            cursor.execute("SET TIME ZONE 'UTC'")

    assert value == moment
    assert value.tzinfo is connection.timezone
