"""Facet counts through value combinations and runs equal counting the rows one by one."""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest

from index.documents import year_of
from index.facets import FACETS, FEW_VALUES, FacetTable


def random_rows(rng: random.Random, n: int, themes: int, providers: int) -> list[tuple]:
    """Rows in plans (a provider holds over a run of rows), other values row by row."""
    rows: list[tuple] = []
    while len(rows) < n:
        provider = rng.choice([f"provider {i}" for i in range(providers)] + [""])
        for _ in range(rng.randint(1, 40)):
            rows.append((len(rows), (
                provider, rng.choice(["agreed", "partly agreed", "not agreed", None]),
                rng.choice(["ongoing", "completed", None]), rng.choice(["action", "context"]),
                rng.choice([f"{y}-{m:02d}" for y in (2018, 2019, 2020) for m in (1, 6)] + [None]),
                rng.choice(["2017-05-01", "2018-02-01", None]),
                rng.sample([f"theme {i}" for i in range(themes)], rng.randint(0, 3)) * 2,
                rng.sample(["Head of A", "Head of B"], rng.randint(0, 2)))))
    return rows[:n]


def expected(rows: list[tuple], chosen: list[int]) -> dict[str, list[tuple[str, int]]]:
    counts: dict[str, Counter] = {name: Counter() for name in FACETS}
    for row in chosen:
        provider, agreement, status, _, target, submitted, themes, _ = rows[row][1]
        values = {"provider": [provider], "agreement": [agreement], "status": [status],
                  "year": [year_of(target, submitted)], "theme": set(themes)}
        for name in FACETS:
            counts[name].update(v for v in values[name] if v)
    return {name: sorted(c.items(), key=(lambda kv: kv[0]) if name == "year"
                         else (lambda kv: (-kv[1], kv[0]))) for name, c in counts.items()}


@pytest.mark.parametrize("themes, providers", [(4, 5), (70, 30), (5, FEW_VALUES + 40),
                                               (FEW_VALUES + 30, 10)])
def test_counts_equal_counting_row_by_row(themes, providers):
    rng = random.Random(themes * 1000 + providers)
    rows = random_rows(rng, 3000, themes, providers)
    table = FacetTable.from_arrays(FacetTable.from_rows(rows, len(rows)).to_arrays())
    for size in (0, 1, 5, 50, 400, 1500, 3000):  # few matches (a look-up each) to all (runs)
        chosen = sorted(rng.sample(range(len(rows)), size))
        assert table.count(np.array(chosen, dtype=np.int64)) == expected(rows, chosen), size


def test_an_empty_table_counts_nothing():
    table = FacetTable.from_arrays(FacetTable.from_rows([], 0).to_arrays())
    assert table.count(np.zeros(0, dtype=np.int64)) == {name: [] for name in FACETS}


def test_filters_keep_the_rows_holding_the_value_in_any_case():
    rng = random.Random(9)
    rows = random_rows(rng, 800, 70, 20)
    table = FacetTable.from_arrays(FacetTable.from_rows(rows, len(rows)).to_arrays())
    for key, wanted, holds in [
            ("theme", "THEME 65", lambda v: "theme 65" in v[6]),
            ("owner", "head of b", lambda v: "Head of B" in v[7]),
            ("agreement", "Partly Agreed", lambda v: v[1] == "partly agreed"),
            ("provider", "provider 3", lambda v: v[0] == "provider 3"),
            ("status", "nothing of the kind", lambda v: False)]:
        expected_rows = [row for row, values in rows if holds(values)]
        assert np.flatnonzero(table.mask({key: wanted})).tolist() == expected_rows, key
