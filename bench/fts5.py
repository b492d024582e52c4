"""The baseline: SQLite FTS5 with the porter tokenizer, plain BM25, over the same records.

Queries are read the way a plain search box would: the words, ORed, ranked by ``bm25()``.
Facets are ``GROUP BY`` counts over the matching rows and highlights come from ``snippet()``,
so the speed comparison does the same work as :meth:`index.search.ActionIndex.search`.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from nlp.records import ActionRecord

_WORD = re.compile(r"\w+")


def fts5_query(q: str) -> str | None:
    words = _WORD.findall(q.lower())
    return " OR ".join(f'"{w}"' for w in words) if words else None


class Fts5Baseline:
    def __init__(self, records: list[ActionRecord]) -> None:
        self.conn = sqlite3.connect(":memory:", check_same_thread=False)
        self.lock = threading.Lock()  # one connection shared by the HTTP server's threads
        self.conn.executescript("""
            CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, text, rec_text,
                                                 tokenize='porter unicode61');
            CREATE TABLE meta (row INTEGER PRIMARY KEY, provider TEXT, agreement TEXT,
                               status TEXT, year TEXT);
            CREATE TABLE themes (row INTEGER, theme TEXT);
        """)
        with self.conn:
            self.conn.executemany(
                "INSERT INTO docs (rowid, id, text, rec_text) VALUES (?, ?, ?, ?)",
                [(i, r.id, r.text, r.rec_text) for i, r in enumerate(records)])
            self.conn.executemany(
                "INSERT INTO meta VALUES (?, ?, ?, ?, ?)",
                [(i, r.provider, r.agreement, r.status, (r.target_month or "")[:4] or None)
                 for i, r in enumerate(records)])
            self.conn.executemany(
                "INSERT INTO themes VALUES (?, ?)",
                [(i, t) for i, r in enumerate(records) for t in r.themes])

    def ranked_ids(self, q: str, limit: int = 20) -> list[str]:
        match = fts5_query(q)
        if match is None:
            return []
        rows = self.conn.execute(
            "SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?", (match, limit))
        return [r[0] for r in rows]

    def search(self, q: str, limit: int = 20) -> tuple[int, list, dict]:
        """Top hits with snippets, total and the five facet counts (like the real search)."""
        match = fts5_query(q)
        if match is None:
            return 0, [], {}
        hits = self.conn.execute(
            "SELECT id, snippet(docs, 1, '<mark>', '</mark>', '…', 40) FROM docs "
            "WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?", (match, limit)).fetchall()
        self.conn.execute("DROP TABLE IF EXISTS temp.hit")
        self.conn.execute("CREATE TEMP TABLE hit AS SELECT rowid AS row FROM docs "
                          "WHERE docs MATCH ?", (match,))
        facets = {}
        for column in ("provider", "agreement", "status", "year"):
            facets[column] = self.conn.execute(
                f"SELECT {column}, COUNT(*) FROM meta JOIN temp.hit USING (row) "
                f"GROUP BY {column} ORDER BY 2 DESC").fetchall()
        facets["theme"] = self.conn.execute(
            "SELECT theme, COUNT(*) FROM themes JOIN temp.hit USING (row) GROUP BY theme"
        ).fetchall()
        total = self.conn.execute("SELECT COUNT(*) FROM temp.hit").fetchone()[0]
        return total, hits, facets


def serve(data_dir: Path, port: int) -> None:
    """The baseline over HTTP: ``/api/search?q=`` -> JSON hits (snippets), total, facets."""
    from index.layout import STORE_FILE, resolve_generation
    from index.store import Store

    baseline = Fts5Baseline(Store(resolve_generation(data_dir) / STORE_FILE).records())

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            url = urlsplit(self.path)
            if url.path == "/api/health":
                body = {"status": "ok"}
            else:
                q = parse_qs(url.query).get("q", [""])[0]
                with baseline.lock:
                    total, hits, facets = baseline.search(q)
                body = {"total": total, "hits": [{"id": i, "highlight": h} for i, h in hits],
                        "facets": facets}
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    serve(Path(sys.argv[1]), int(sys.argv[2]))
