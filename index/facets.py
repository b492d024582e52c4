"""Facet counts and filters as numpy operations over per-row codes loaded once.

Whoosh's own grouping visits every matching document in Python; here a facet is an array of
value codes indexed by store row (or row/code pairs for themes and owners), so counting the
facets of 100 000 matches is a ``bincount``.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from index.documents import year_of
from index.limits import FACETS  # noqa: F401 - re-exported

# Facets with at most this many values are counted through their combinations (``count``).
FEW_VALUES = 256


class FacetTable:
    """Per-row facet codes, loaded once, for counting and filtering with numpy."""

    FIELDS = ("provider", "agreement", "status", "kind", "target_month", "submitted", "themes",
              "owners")
    SINGLE = ("provider", "agreement", "status", "kind", "year")
    MULTI = (("theme", "themes"), ("owner", "owners"))

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[int, tuple]], n: int) -> FacetTable:
        """``rows``: (row, values of FIELDS) for every record, e.g. ``Store.iter_fields``."""
        table = cls.__new__(cls)
        table._fill(rows, n)
        return table

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Everything as named arrays (saved at build time, so opening skips the store)."""
        out = {"n": np.array(self.n), "target_months": np.array(
            [t or "" for t in self.target_months], dtype=str)}
        for name, labels in self.labels.items():
            out[f"labels.{name}"] = np.array(labels, dtype=str)
        for name, codes in self.codes.items():
            out[f"codes.{name}"] = codes
        for name, (pair_rows, pair_codes) in self.multi.items():
            out[f"rows.{name}"], out[f"pairs.{name}"] = pair_rows, pair_codes
        return out

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> FacetTable:
        table = cls.__new__(cls)
        table.n = int(arrays["n"])
        table.target_months = [t or None for t in arrays["target_months"].tolist()]
        table.labels = {key.split(".", 1)[1]: arrays[key].tolist()
                        for key in arrays if key.startswith("labels.")}
        table.codes = {name: arrays[f"codes.{name}"] for name in cls.SINGLE}
        table.multi = {name: (arrays[f"rows.{name}"], arrays[f"pairs.{name}"])
                       for name, _ in cls.MULTI}
        table._combinations()  # once, at opening, not in a first search
        return table

    def _fill(self, rows: Iterable[tuple[int, tuple]], n: int) -> None:
        self.n = n
        self.codes = {name: np.full(n, -1, dtype=np.int32) for name in self.SINGLE}
        self.target_months: list[str | None] = [None] * n
        indexes: dict[str, dict[str, int]] = {name: {} for name in (*self.SINGLE, "theme",
                                                                     "owner")}
        pairs: dict[str, tuple[list[int], list[int]]] = {"theme": ([], []), "owner": ([], [])}
        for row, values in rows:
            record = dict(zip(self.FIELDS, values, strict=True))
            record["year"] = year_of(record["target_month"], record["submitted"])
            self.target_months[row] = record["target_month"]
            for name in self.SINGLE:
                if record[name]:
                    self.codes[name][row] = indexes[name].setdefault(record[name],
                                                                     len(indexes[name]))
            # Multi-valued facets as (row, code) pairs: memory grows with the values only.
            for name, field in self.MULTI:
                for value in dict.fromkeys(record[field] or ()):
                    if value:
                        pairs[name][0].append(row)
                        pairs[name][1].append(indexes[name].setdefault(value,
                                                                       len(indexes[name])))
        self.labels = {name: list(index) for name, index in indexes.items()}
        self.multi = {name: (np.array(r, dtype=np.int64), np.array(c, dtype=np.int64))
                      for name, (r, c) in pairs.items()}

    def mask(self, filters: dict[str, str]) -> np.ndarray | None:
        """Rows passing every filter (values compared without case), or None for no filter."""
        mask: np.ndarray | None = None
        for key, wanted in filters.items():
            if key not in self.labels or wanted is None or str(wanted).strip() == "":
                continue
            wanted_l = str(wanted).strip().lower()
            # Whether each code is wanted; code -1 (no value) is the last place: never.
            wanted_codes = np.array([label.lower() == wanted_l for label in self.labels[key]]
                                    + [False], dtype=bool)
            if key in self.multi:
                pair_rows, pair_codes = self.multi[key]
                keep = np.zeros(self.n, dtype=bool)
                keep[pair_rows[wanted_codes[pair_codes]]] = True
            else:
                keep = wanted_codes[self.codes[key]]
            mask = keep if mask is None else mask & keep
        return mask

    def count(self, rows: np.ndarray) -> dict[str, list[tuple[str, int]]]:
        """Each facet's values among ``rows`` with their counts: by count (then value), the
        year by value. Sorted with numpy: at 100 000 actions a facet has a thousand values.

        The facets with few values are counted together: each row has one code for its
        combination of their values (``_combinations``), the rows are counted per
        combination (one gather and one ``bincount`` over the matches), and each facet's
        counts are the sums over the combinations, a few hundred, not the matches."""
        out: dict[str, list[tuple[str, int]]] = {}
        combination_of, values_of, members_of = self._combinations()
        per_combination = self._tally("combination", combination_of, rows,
                                      self._combination_count).astype(np.float64)
        for name in FACETS:
            labels = self.labels[name]
            if name in members_of:  # a multi-valued facet: (combination, value) pairs
                which, codes = members_of[name]
                counts = np.bincount(codes, weights=per_combination[which],
                                     minlength=len(labels)).astype(np.int64)
            elif name in values_of:  # code + 1, so "no value" (-1) counts in a slot of its own
                counts = np.bincount(values_of[name] + 1, weights=per_combination,
                                     minlength=len(labels) + 1)[1:].astype(np.int64)
            else:  # many values (the provider): counted alone
                counts = self._tally(name, self._code_plus_one(name), rows, len(labels) + 1)[1:]
            present = np.flatnonzero(counts[:len(labels)])
            rank = self._label_rank(name)[present]
            order = present[np.argsort(rank) if name == "year"
                            else np.lexsort((rank, -counts[present]))]
            out[name] = list(zip([labels[i] for i in order.tolist()],
                                 counts[order].tolist(), strict=True))
        return out

    def _combinations(self) -> tuple[np.ndarray, dict[str, np.ndarray],
                                     dict[str, tuple[np.ndarray, np.ndarray]]]:
        """Each row's combination of the values of the single-valued facets with at most
        ``FEW_VALUES`` values and of the multi-valued ones (computed once): the combination
        code of every row; for each single-valued facet, its value code in each combination
        (-1: none); for each multi-valued one, its (combination, value code) pairs."""
        cached = self.__dict__.get("_combined")
        if cached is not None:
            return cached
        single = [name for name in FACETS if name in self.codes and name not in self.multi
                  and len(self.labels[name]) <= FEW_VALUES]
        multi = [name for name in FACETS if name in self.multi]  # a set of values: bits
        columns = [self.codes[name].astype(np.int64) for name in single]
        for name in multi:  # a row's set of values as bits, 64 values a column
            pair_rows, pair_codes = self.multi[name]
            bits = np.zeros((self.n, len(self.labels[name]) // 64 + 1), dtype=np.uint64)
            np.bitwise_or.at(bits, (pair_rows, pair_codes // 64),
                             np.left_shift(np.uint64(1), (pair_codes % 64).astype(np.uint64)))
            columns.extend(bits.view(np.int64).T)
        key = np.zeros(self.n, dtype=np.int64)  # the columns' values as one number a row
        for column in columns:
            values, inverse = np.unique(column, return_inverse=True)
            if len(key) and (int(key.max()) + 1) * len(values) >= 2 ** 62:
                key = np.unique(key, return_inverse=True)[1].reshape(-1).astype(np.int64)
            key = key * len(values) + inverse.reshape(-1)
        _, first, combination_of = np.unique(key, return_index=True, return_inverse=True)
        combination_of = combination_of.reshape(-1).astype(np.intp)
        combinations = (np.column_stack(columns)[first] if columns
                        else np.zeros((len(first), 0), dtype=np.int64))
        values_of = {name: combinations[:, i] for i, name in enumerate(single)}
        members_of: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        at = len(single)
        for name in multi:
            width = len(self.labels[name]) // 64 + 1
            words = combinations[:, at:at + width].astype("<i8").view(np.uint8)
            held = np.unpackbits(words, axis=1, bitorder="little")[:, :len(self.labels[name])]
            members_of[name] = tuple(np.nonzero(held))  # type: ignore[assignment]
            at += width
        self._combination_count = len(combinations)
        found = self.__dict__["_combined"] = (combination_of, values_of, members_of)
        return found

    def _tally(self, key: str, codes: np.ndarray, rows: np.ndarray, size: int) -> np.ndarray:
        """How many of ``rows`` (ascending) have each of the ``size`` codes (``codes``: one
        per row, intp).

        A code that holds over runs of consecutive rows (a plan's provider: a plan's records
        are stored together) is counted run by run: two binary searches a run in the
        matches, not a look-up a match. Otherwise, one gather and one ``bincount``."""
        starts, ends, run_codes = self._runs(key, codes)
        if len(starts) * np.log2(len(rows) + 2) < len(rows):
            per_run = np.searchsorted(rows, ends) - np.searchsorted(rows, starts)
            return np.bincount(run_codes, weights=per_run, minlength=size).astype(np.int64)
        return np.bincount(codes[rows], minlength=size)

    def _runs(self, key: str, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The runs of equal consecutive values of ``codes``: starts, ends, codes (once)."""
        runs = self.__dict__.setdefault("_run_cache", {})
        if key not in runs:
            starts = np.flatnonzero(np.diff(codes, prepend=codes[:1] - 1)) if len(codes) \
                else np.zeros(0, dtype=np.intp)
            runs[key] = (starts, np.append(starts[1:], len(codes)), codes[starts])
        return runs[key]

    def _code_plus_one(self, name: str) -> np.ndarray:
        """Facet ``name``'s codes plus one, as intp (the type numpy indexes and counts with;
        computed once)."""
        shifted = self.__dict__.setdefault("_shifted", {})
        if name not in shifted:
            shifted[name] = self.codes[name].astype(np.intp) + 1
        return shifted[name]

    def _label_rank(self, name: str) -> np.ndarray:
        """Each value's place in the sorted values of facet ``name`` (computed once)."""
        ranks = self.__dict__.setdefault("_ranks", {})
        if name not in ranks:
            labels = self.labels[name]
            rank = np.empty(len(labels), dtype=np.int64)
            rank[sorted(range(len(labels)), key=labels.__getitem__)] = np.arange(len(labels))
            ranks[name] = rank
        return ranks[name]
