"""The SQLite store: round trips, replacement by source, order, read-only opening."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from index.store import Store
from tests.index.sample_records import durham, plans, west_yorkshire


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path / "actions.sqlite", writable=True)
    store.put_plans(plans())
    store.compact()
    return store


def test_records_round_trip_whole(store):
    original = west_yorkshire().records[0]
    assert store.get(original.id) == original


def test_records_come_back_in_plan_order(store):
    assert [r.id for r in store.records()] == ["wy-0", "wy-1", "wy-2", "wy-3", "dtv-0", "dtv-1"]
    assert [r.id for r in store.records("dtv.txt")] == ["dtv-0", "dtv-1"]
    assert [row for row, _ in store.iter_rows()] == list(range(6))


def test_same_source_replaces_the_plan_and_keeps_its_place(store):
    plan = west_yorkshire()
    plan.records = [replace(plan.records[0], text="Rewritten action.")]
    added, replaced = store.put_plans([plan])
    store.compact()
    assert (added, replaced) == (0, 1)
    assert store.count() == 3
    assert store.get("wy-1") is None
    assert [r.id for r in store.records()] == ["wy-0", "dtv-0", "dtv-1"]
    assert store.get("wy-0").text == "Rewritten action."
    assert [row for row, _ in store.iter_rows()] == [0, 1, 2]


def test_plan_summaries_and_acronyms(store):
    summaries = store.plans()
    assert [(p.source, p.n_actions) for p in summaries] == [("wy.txt", 4), ("dtv.txt", 2)]
    assert summaries[0].recommendations[1].number == "2"
    assert store.plan_acronyms() == {"SPOC": "Single Points of Contact"}


def test_read_only_store_refuses_writes(store, tmp_path):
    store.close()
    reader = Store(tmp_path / "actions.sqlite")
    assert reader.count() == 6
    with pytest.raises(sqlite3.OperationalError):
        reader.put_plans([durham()])


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no action store"):
        Store(tmp_path / "nothing.sqlite")


def test_iter_fields_decodes_lists_only(store):
    rows = dict(store.iter_fields(("provider", "themes", "owners", "target_month")))
    assert rows[0] == ("West Yorkshire CRC", ["ETE", "safeguarding"], ["Head of Performance"],
                       "2019-04")
    assert rows[5][1] == [] and rows[5][3] == "2018-03"


def test_each_plan_keeps_its_word_accounting_and_warnings(store):
    from nlp.records import Accounting

    plan = west_yorkshire()
    plan.accounting = Accounting(words=50, placed=40, furniture=6, unplaced=4)
    plan.warnings = ["wy.txt: the table ends mid-row or mid-word"]
    store.put_plans([plan])
    summaries = {p.source: p for p in store.plans()}
    assert summaries[plan.source].accounting == plan.accounting
    assert summaries[plan.source].warnings == plan.warnings
    assert not summaries[plan.source].accounting.clean
    assert summaries["dtv.txt"].accounting == Accounting()  # (stored with an empty one)
    store.put_plans([west_yorkshire()])  # replaced: the old figures go with the old plan
    assert {p.source: p for p in store.plans()}[plan.source].accounting == Accounting()
