"""The SQLite store: plans, recommendations, actions and glossary, the source of truth.

Everything else in a data directory (the Whoosh index, vectors, repeat groups) is derived from
this file and can be rebuilt from it. Records are kept whole as JSON beside a few columns used
for ordering and look-up, so a new record field needs no migration.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from index.layout import STORE_FILE  # noqa: F401 - the store's file name, re-exported
from nlp.records import Accounting, ActionRecord, Plan, Recommendation

_SCHEMA = """
CREATE TABLE IF NOT EXISTS plans (
    source TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    provider_short TEXT NOT NULL,
    submitted TEXT,
    published TEXT,
    acronyms TEXT NOT NULL DEFAULT '{}',
    seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS recommendations (
    source TEXT NOT NULL REFERENCES plans(source) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    number TEXT,
    text TEXT NOT NULL,
    addressee TEXT,
    agreement TEXT,
    repeated INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (source, position)
);
CREATE TABLE IF NOT EXISTS actions (
    row INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL REFERENCES plans(source) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS actions_by_plan ON actions(source, position);
CREATE TABLE IF NOT EXISTS glossary (
    acronym TEXT PRIMARY KEY,
    expansion TEXT NOT NULL,
    origin TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS plan_accounting (
    source TEXT PRIMARY KEY REFERENCES plans(source) ON DELETE CASCADE,
    words INTEGER NOT NULL,
    placed INTEGER NOT NULL,
    furniture INTEGER NOT NULL,
    unplaced INTEGER NOT NULL,
    warnings TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS spelling (
    stem TEXT PRIMARY KEY,
    word TEXT NOT NULL
);
"""


@dataclass
class PlanSummary:
    """One stored plan's header, counts and recommendations (for plan pages and listings)."""

    source: str
    provider: str
    provider_short: str
    submitted: str | None
    published: str | None
    n_actions: int
    recommendations: list[Recommendation] = field(default_factory=list)
    accounting: Accounting | None = None  # None: stored before plans were accounted
    warnings: list[str] = field(default_factory=list)


class Store:
    """Access to one ``actions.sqlite``; read-only unless opened with ``writable=True``."""

    def __init__(self, path: Path, *, writable: bool = False) -> None:
        self.path = Path(path)
        self.writable = writable
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        if writable:
            self._writer = sqlite3.connect(self.path)
            self._writer.execute("PRAGMA foreign_keys = ON")
            self._writer.executescript(_SCHEMA)
        elif not self.path.is_file():
            raise FileNotFoundError(f"{self.path}: no action store here")

    @property
    def conn(self) -> sqlite3.Connection:
        """The writer's connection, or (read-only) one connection per thread: web servers read
        from many threads and a sqlite3 connection must not be shared between them."""
        if self.writable:
            return self._writer
        conn = getattr(self._local, "conn", None)
        if conn is None:
            uri = f"file:{self.path.resolve()}?mode=ro"
            conn = self._local.conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._opened.append(conn)
        return conn

    def close(self) -> None:
        for conn in [*self._opened, *([self._writer] if self.writable else [])]:
            conn.close()
        self._opened.clear()

    # --- writing -------------------------------------------------------------------------

    def put_plans(self, plans: Iterable[Plan]) -> tuple[int, int]:
        """Add plans, replacing any stored plan with the same source; (added, replaced)."""
        added = replaced = 0
        with self.conn:
            seq = self.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM plans").fetchone()[0]
            for plan in plans:
                old = self.conn.execute(
                    "SELECT seq FROM plans WHERE source = ?", (plan.source,)
                ).fetchone()
                if old:
                    replaced += 1
                    self.conn.execute("DELETE FROM plans WHERE source = ?", (plan.source,))
                    plan_seq = old[0]
                else:
                    added += 1
                    seq += 1
                    plan_seq = seq
                self._insert_plan(plan, plan_seq)
        return added, replaced

    def _insert_plan(self, plan: Plan, seq: int) -> None:
        self.conn.execute(
            "INSERT INTO plans VALUES (?, ?, ?, ?, ?, ?, ?)",
            (plan.source, plan.provider, plan.provider_short, plan.submitted, plan.published,
             json.dumps(plan.acronyms, ensure_ascii=False), seq),
        )
        acc = plan.accounting
        self.conn.execute(
            "INSERT INTO plan_accounting VALUES (?, ?, ?, ?, ?, ?)",
            (plan.source, acc.words, acc.placed, acc.furniture, acc.unplaced,
             json.dumps(plan.warnings, ensure_ascii=False)),
        )
        self.conn.executemany(
            "INSERT INTO recommendations VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(plan.source, i, r.number, r.text, r.addressee, r.agreement, int(r.repeated))
             for i, r in enumerate(plan.recommendations)],
        )
        self.conn.executemany(
            "INSERT INTO actions (id, source, position, data) VALUES (?, ?, ?, ?)",
            [(r.id, plan.source, i, json.dumps(r.to_dict(), ensure_ascii=False))
             for i, r in enumerate(plan.records)],
        )

    def set_glossary(self, entries: dict[str, tuple[str, str]]) -> None:
        """Replace the glossary: ``{acronym: (expansion, origin)}``."""
        with self.conn:
            self.conn.execute("DELETE FROM glossary")
            self.conn.executemany(
                "INSERT INTO glossary VALUES (?, ?, ?)",
                [(a, e, o) for a, (e, o) in sorted(entries.items())],
            )

    def set_spelling(self, words: dict[str, str]) -> None:
        """Replace the stem -> display word table used to spell query corrections."""
        with self.conn:
            self.conn.execute("DELETE FROM spelling")
            self.conn.executemany("INSERT INTO spelling VALUES (?, ?)", sorted(words.items()))

    def compact(self) -> None:
        """Renumber action rows densely in plan order, so derived artefacts can index by row."""
        with self.conn:
            self.conn.execute(
                "CREATE TEMP TABLE ordered AS SELECT a.id, a.source, a.position, a.data FROM "
                "actions a JOIN plans p USING (source) ORDER BY p.seq, a.position"
            )
            self.conn.execute("DELETE FROM actions")
            self.conn.execute(
                "INSERT INTO actions (row, id, source, position, data) "
                "SELECT rowid - 1, id, source, position, data FROM temp.ordered ORDER BY rowid"
            )
            self.conn.execute("DROP TABLE temp.ordered")

    # --- reading -------------------------------------------------------------------------

    def count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM actions").fetchone()[0]

    def iter_rows(self) -> Iterator[tuple[int, ActionRecord]]:
        """Every (row, record), in plan order."""
        cursor = self.conn.execute("SELECT row, data FROM actions ORDER BY row")
        for row, data in cursor:
            yield row, ActionRecord.from_dict(json.loads(data))

    def iter_fields(self, names: tuple[str, ...]) -> Iterator[tuple[int, tuple]]:
        """(row, values of ``names``) in row order, without decoding whole records.

        Cheaper than :meth:`iter_rows` when opening a large index; list and dict fields come
        back decoded.
        """
        columns = ", ".join(f"json_extract(data, '$.{name}'), json_type(data, '$.{name}')"
                            for name in names)
        for row, *values in self.conn.execute(f"SELECT row, {columns} FROM actions ORDER BY row"):
            yield row, tuple(json.loads(v) if kind in ("array", "object") else v
                             for v, kind in zip(values[::2], values[1::2], strict=True))

    def by_rows(self, rows: list[int]) -> dict[int, ActionRecord]:
        if not rows:
            return {}
        marks = ",".join("?" * len(rows))
        cursor = self.conn.execute(f"SELECT row, data FROM actions WHERE row IN ({marks})", rows)
        return {row: ActionRecord.from_dict(json.loads(data)) for row, data in cursor}

    def get(self, record_id: str) -> ActionRecord | None:
        hit = self.conn.execute("SELECT data FROM actions WHERE id = ?", (record_id,)).fetchone()
        return ActionRecord.from_dict(json.loads(hit[0])) if hit else None

    def records(self, source: str | None = None) -> list[ActionRecord]:
        """All records in plan order, or one plan's."""
        sql = "SELECT a.data FROM actions a JOIN plans p USING (source)"
        args: tuple[str, ...] = ()
        if source is not None:
            sql += " WHERE a.source = ?"
            args = (source,)
        sql += " ORDER BY p.seq, a.position"
        return [ActionRecord.from_dict(json.loads(d)) for (d,) in self.conn.execute(sql, args)]

    def plans(self) -> list[PlanSummary]:
        counts = dict(self.conn.execute("SELECT source, COUNT(*) FROM actions GROUP BY source"))
        recs: dict[str, list[Recommendation]] = {}
        for source, number, text, addressee, agreement, repeated in self.conn.execute(
            "SELECT source, number, text, addressee, agreement, repeated FROM recommendations "
            "ORDER BY source, position"
        ):
            recs.setdefault(source, []).append(
                Recommendation(number, text, addressee, agreement, bool(repeated))
            )
        accounts = {source: (Accounting(*numbers), json.loads(warnings))
                    for source, *numbers, warnings in self.conn.execute(
                        "SELECT source, words, placed, furniture, unplaced, warnings "
                        "FROM plan_accounting")}
        return [
            PlanSummary(source, provider, short, submitted, published, counts.get(source, 0),
                        recs.get(source, []), *accounts.get(source, (None, [])))
            for source, provider, short, submitted, published in self.conn.execute(
                "SELECT source, provider, provider_short, submitted, published FROM plans "
                "ORDER BY seq"
            )
        ]

    def acronyms_by_source(self) -> dict[str, dict[str, str]]:
        """Each stored plan's own acronym definitions."""
        return {source: json.loads(data)
                for source, data in self.conn.execute("SELECT source, acronyms FROM plans")}

    def plan_acronyms(self) -> dict[str, str]:
        """Acronym definitions found in the stored plans (first definition wins)."""
        found: dict[str, str] = {}
        for (data,) in self.conn.execute("SELECT acronyms FROM plans ORDER BY seq"):
            for acronym, expansion in json.loads(data).items():
                found.setdefault(acronym, expansion)
        return found

    def glossary(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT acronym, expansion FROM glossary ORDER BY acronym"))

    def spelling(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT stem, word FROM spelling"))

    def copy_to(self, path: Path) -> Store:
        """Copy this store to ``path`` (consistent snapshot) and open the copy for writing."""
        target = sqlite3.connect(path)
        with target:
            self.conn.backup(target)
        target.close()
        return Store(path, writable=True)
