"""``review.sqlite``: reviewer accounts, the append-only corrections and the review log.

One file per data directory, beside ``current`` (never inside a generation), so a rebuilt index
keeps them. Correction rows cannot be updated or deleted (SQLite triggers refuse it): a change
of mind is a new row. Passwords are stored as werkzeug scrypt hashes, never in clear.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from werkzeug.security import check_password_hash, generate_password_hash

from nlp.errors import ActionPlansError

REVIEW_FILE = "review.sqlite"
NAME_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
MIN_PASSWORD = 10

# Fields a correction may change. ``accept`` confirms a record's themes as they are (a label).
FIELDS = ("themes", "kind", "owners", "target", "rec_number", "split", "merge", "move",
          "accept")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reviewers (
    name TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS corrections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id TEXT NOT NULL,
    source TEXT NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL,
    anchor TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    created_at TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS corrections_by_record ON corrections(record_id);
CREATE TRIGGER IF NOT EXISTS corrections_no_update BEFORE UPDATE ON corrections
BEGIN SELECT RAISE(ABORT, 'corrections are append-only'); END;
CREATE TRIGGER IF NOT EXISTS corrections_no_delete BEFORE DELETE ON corrections
BEGIN SELECT RAISE(ABORT, 'corrections are append-only'); END;
CREATE TABLE IF NOT EXISTS log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    event TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


class ReviewError(ActionPlansError):
    """A reviewer or correction that cannot be stored; the message says which and why."""


def now() -> str:
    """UTC time, ISO 8601 to the second (the time every row carries)."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


@dataclass(frozen=True)
class Correction:
    """One reviewer's change to one field of one record (values are JSON-decoded).

    ``anchor`` is the record's text when the correction was made: if the parser later gives
    that record id another text, the correction needs a person's attention.
    """

    id: int
    record_id: str
    source: str
    field: str
    old_value: Any
    new_value: Any
    anchor: str
    reviewer: str
    created_at: str
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Reviewer:
    name: str
    created_at: str
    revoked_at: str | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class ReviewStore:
    """Access to one ``review.sqlite`` (created on first write), safe across threads."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / REVIEW_FILE
        self._local = threading.local()

    @property
    def exists(self) -> bool:
        return self.path.is_file()

    @contextmanager
    def _conn(self) -> Iterator[sqlite3.Connection]:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30)
            conn.executescript(_SCHEMA)
            self._local.conn = conn
        with conn:
            yield conn

    # --- reviewers -----------------------------------------------------------------------

    def add_reviewer(self, name: str, password: str) -> None:
        """Create (or re-activate with a new password) a reviewer account."""
        if not name or not set(name) <= NAME_CHARS or len(name) > 64:
            raise ReviewError(f"reviewer name {name!r}: use 1-64 letters, digits, '.', '_', '-'")
        if len(password) < MIN_PASSWORD:
            raise ReviewError(f"reviewer {name}: password must be at least {MIN_PASSWORD} "
                              "characters")
        hashed = generate_password_hash(password, method="scrypt")
        with self._conn() as conn:
            conn.execute(
                "INSERT INTO reviewers VALUES (?, ?, ?, NULL) ON CONFLICT(name) DO UPDATE SET "
                "password_hash = excluded.password_hash, revoked_at = NULL", (name, hashed, now()))
        self.log(name, "account added")

    def revoke_reviewer(self, name: str) -> None:
        """Revoke an account: it can no longer sign in, and its open sessions end."""
        with self._conn() as conn:
            changed = conn.execute("UPDATE reviewers SET revoked_at = ? WHERE name = ? AND "
                                   "revoked_at IS NULL", (now(), name)).rowcount
        if not changed:
            raise ReviewError(f"reviewer {name!r}: no such active account")
        self.log(name, "account revoked")

    def reviewers(self) -> list[Reviewer]:
        if not self.exists:
            return []
        with self._conn() as conn:
            rows = conn.execute("SELECT name, created_at, revoked_at FROM reviewers ORDER BY name")
            return [Reviewer(*row) for row in rows]

    def is_active(self, name: str) -> bool:
        if not self.exists:
            return False
        with self._conn() as conn:
            row = conn.execute("SELECT 1 FROM reviewers WHERE name = ? AND revoked_at IS NULL",
                               (name,)).fetchone()
        return row is not None

    def check_password(self, name: str, password: str) -> bool:
        """Whether ``password`` is this active reviewer's (constant work for unknown names)."""
        row = None
        if self.exists:
            with self._conn() as conn:
                row = conn.execute("SELECT password_hash FROM reviewers WHERE name = ? AND "
                                   "revoked_at IS NULL", (name,)).fetchone()
        if row is None:
            check_password_hash(_dummy_hash(), password)
            return False
        return check_password_hash(row[0], password)

    # --- corrections ---------------------------------------------------------------------

    def add(self, *, record_id: str, source: str, field: str, old_value: Any, new_value: Any,
            anchor: str, reviewer: str, note: str = "") -> Correction:
        """Append one correction row and return it."""
        if field not in FIELDS:
            raise ReviewError(f"field {field!r}: not a correctable field ({', '.join(FIELDS)})")
        created = now()
        with self._conn() as conn:
            cursor = conn.execute(
                "INSERT INTO corrections (record_id, source, field, old_value, new_value, anchor,"
                " reviewer, created_at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (record_id, source, field, json.dumps(old_value, ensure_ascii=False),
                 json.dumps(new_value, ensure_ascii=False), anchor, reviewer, created,
                 note[:2000]))
            cid = int(cursor.lastrowid or 0)
        return Correction(cid, record_id, source, field, old_value, new_value, anchor,
                          reviewer, created, note[:2000])

    def corrections(self, record_id: str | None = None) -> list[Correction]:
        """Every correction (or one record's), oldest first."""
        if not self.exists:
            return []
        sql = ("SELECT id, record_id, source, field, old_value, new_value, anchor, reviewer, "
               "created_at, note FROM corrections")
        args: tuple[str, ...] = ()
        if record_id is not None:
            sql += " WHERE record_id = ?"
            args = (record_id,)
        with self._conn() as conn:
            rows = conn.execute(sql + " ORDER BY id", args).fetchall()
        return [Correction(i, r, s, f, json.loads(o), json.loads(n), a, who, at, note)
                for i, r, s, f, o, n, a, who, at, note in rows]

    # --- log and settings ----------------------------------------------------------------

    def log(self, reviewer: str, event: str, detail: str = "") -> None:
        """Record who did what (sign-in, sign-in refused, corrections, retrains)."""
        with self._conn() as conn:
            conn.execute("INSERT INTO log (at, reviewer, event, detail) VALUES (?, ?, ?, ?)",
                         (now(), reviewer, event, detail[:500]))

    def events(self, limit: int = 100) -> list[dict[str, str]]:
        if not self.exists:
            return []
        with self._conn() as conn:
            rows = conn.execute("SELECT at, reviewer, event, detail FROM log ORDER BY id DESC "
                                "LIMIT ?", (limit,)).fetchall()
        return [dict(zip(("at", "reviewer", "event", "detail"), r, strict=True)) for r in rows]

    def secret_key(self) -> str:
        """The key that signs review sessions, made once per data directory and kept here."""
        with self._conn() as conn:
            conn.execute("INSERT OR IGNORE INTO settings VALUES ('secret_key', ?)",
                         (secrets.token_hex(32),))
            return conn.execute("SELECT value FROM settings WHERE key = 'secret_key'"
                                ).fetchone()[0]


_DUMMY: list[str] = []


def _dummy_hash() -> str:
    """A hash to check unknown names against, so a wrong name costs as much as a wrong password."""
    if not _DUMMY:
        _DUMMY.append(generate_password_hash(secrets.token_hex(8), method="scrypt"))
    return _DUMMY[0]
