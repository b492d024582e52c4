"""Facet counts and filters as numpy operations over per-row codes loaded once.

Whoosh's own grouping visits every matching document in Python; here a facet is an array of
value codes indexed by store row (or row/code pairs for themes and owners), so counting the
facets of 100 000 matches is a ``bincount``.
"""

from __future__ import annotations

import numpy as np

from index.documents import record_year
from nlp.records import ActionRecord

FACETS = ("provider", "theme", "agreement", "status", "year")


class FacetTable:
    """Per-row facet codes, loaded once, for counting and filtering with numpy."""

    def __init__(self, records: list[tuple[int, ActionRecord]], n: int) -> None:
        self.labels: dict[str, list[str]] = {}
        self.codes: dict[str, np.ndarray] = {}
        singles = {
            "provider": lambda r: r.provider,
            "agreement": lambda r: r.agreement,
            "status": lambda r: r.status,
            "year": record_year,
            "kind": lambda r: r.kind,
        }
        for name, value_of in singles.items():
            index: dict[str, int] = {}
            codes = np.full(n, -1, dtype=np.int32)
            for row, record in records:
                value = value_of(record)
                if value:
                    codes[row] = index.setdefault(value, len(index))
            self.labels[name] = list(index)
            self.codes[name] = codes
        # Multi-valued facets as (row, code) pairs: memory grows with the values, not rows x codes.
        self.multi: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for name, values_of in (("theme", lambda r: r.themes), ("owner", lambda r: r.owners)):
            index = {}
            pairs = [(row, index.setdefault(v, len(index)))
                     for row, record in records for v in dict.fromkeys(values_of(record)) if v]
            pair_rows = np.array([p[0] for p in pairs], dtype=np.int64)
            pair_codes = np.array([p[1] for p in pairs], dtype=np.int64)
            self.labels[name] = list(index)
            self.multi[name] = (pair_rows, pair_codes)
        self.n = n

    def mask(self, filters: dict[str, str]) -> np.ndarray | None:
        """Rows passing every filter (values compared without case), or None for no filter."""
        mask: np.ndarray | None = None
        for key, wanted in filters.items():
            if key not in self.labels or wanted is None or str(wanted).strip() == "":
                continue
            wanted_l = str(wanted).strip().lower()
            codes = [i for i, label in enumerate(self.labels[key]) if label.lower() == wanted_l]
            if key in self.multi:
                pair_rows, pair_codes = self.multi[key]
                keep = np.zeros(self.n, dtype=bool)
                keep[pair_rows[np.isin(pair_codes, codes)]] = True
            else:
                keep = np.isin(self.codes[key], codes)
            mask = keep if mask is None else mask & keep
        return mask

    def count(self, rows: np.ndarray) -> dict[str, list[tuple[str, int]]]:
        out: dict[str, list[tuple[str, int]]] = {}
        for name in FACETS:
            labels = self.labels[name]
            if name in self.multi:
                pair_rows, pair_codes = self.multi[name]
                selected = np.zeros(self.n, dtype=bool)
                selected[rows] = True
                counts = np.bincount(pair_codes[selected[pair_rows]], minlength=len(labels))
            else:
                codes = self.codes[name][rows]
                counts = np.bincount(codes[codes >= 0], minlength=len(labels))
            pairs = [(labels[i], int(c)) for i, c in enumerate(counts) if c and i < len(labels)]
            key = (lambda p: p[0]) if name == "year" else (lambda p: (-p[1], p[0]))
            out[name] = sorted(pairs, key=key)
        return out
