"""core.changes: snapshots leave secrets out, and a change is refused without a recorder."""

import pytest

from core import changes
from core.changes import is_secret, record_change, record_snapshot


def test_a_snapshot_holds_no_secret_but_tells_when_one_changed(pak_officer):
    before = record_snapshot(pak_officer)
    pak_officer.set_password("Another-long-pass-9127")
    after = record_snapshot(pak_officer)
    assert "password" not in before.values
    assert pak_officer.password not in repr(after)
    assert before.values == after.values
    assert before.secret_digests["password"] != after.secret_digests["password"]
    assert before.values["party"] == pak_officer.party_id


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("password", True),
        ("token_key", True),
        ("digest", True),
        ("client_secret", True),
        ("recovery_codes", True),
        ("username", False),
        ("reply_hours", False),
        ("party", False),
    ],
)
def test_which_fields_are_secret(name, secret):
    assert is_secret(name) is secret


def test_without_a_recorder_a_change_is_refused(monkeypatch, pak):
    monkeypatch.setattr(changes, "_recorder", None)
    with pytest.raises(RuntimeError):
        record_change(actor=None, instance=pak, before=None, after=record_snapshot(pak), via="t")
