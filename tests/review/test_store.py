"""review.sqlite: accounts with hashed passwords, append-only corrections, the log."""

from __future__ import annotations

import sqlite3

import pytest

from review.store import REVIEW_FILE, ReviewError, ReviewStore

PASSWORD = "a long enough secret"


def test_accounts_hash_passwords_and_can_be_revoked(tmp_path):
    store = ReviewStore(tmp_path)
    store.add_reviewer("ann", PASSWORD)
    raw = sqlite3.connect(tmp_path / REVIEW_FILE).execute(
        "SELECT password_hash FROM reviewers").fetchone()[0]
    assert PASSWORD not in raw and raw.startswith("scrypt:")
    assert store.check_password("ann", PASSWORD)
    assert not store.check_password("ann", PASSWORD + "x")
    assert not store.check_password("bob", PASSWORD)
    store.revoke_reviewer("ann")
    assert not store.check_password("ann", PASSWORD) and not store.is_active("ann")
    with pytest.raises(ReviewError, match="no such active account"):
        store.revoke_reviewer("ann")
    store.add_reviewer("ann", PASSWORD)  # re-instated with a (new) password
    assert store.is_active("ann")
    assert [e["event"] for e in store.events()][:2] == ["account added", "account revoked"]


@pytest.mark.parametrize("name,password,message", [
    ("ann smith", PASSWORD, "reviewer name"), ("", PASSWORD, "reviewer name"),
    ("ann", "short", "at least"),
])
def test_bad_accounts_are_refused_with_a_reason(tmp_path, name, password, message):
    with pytest.raises(ReviewError, match=message):
        ReviewStore(tmp_path).add_reviewer(name, password)


def test_corrections_are_append_only(tmp_path):
    store = ReviewStore(tmp_path)
    c = store.add(record_id="r1", source="p.txt", field="owners", old_value=[],
                  new_value=["Head of ETE"], anchor="Text.", reviewer="ann", note="from minutes")
    assert store.corrections() == [c] and store.corrections("other") == []
    conn = sqlite3.connect(tmp_path / REVIEW_FILE)
    for sql in ("UPDATE corrections SET new_value = '[]'", "DELETE FROM corrections"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(sql)
    with pytest.raises(ReviewError, match="not a correctable field"):
        store.add(record_id="r1", source="p.txt", field="text", old_value="", new_value="",
                  anchor="", reviewer="ann")


def test_secret_key_is_made_once_per_data_directory(tmp_path):
    assert ReviewStore(tmp_path).secret_key() == ReviewStore(tmp_path).secret_key()
    assert len(ReviewStore(tmp_path).secret_key()) == 64
