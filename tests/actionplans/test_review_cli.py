"""The review commands and the retrain decision."""

from __future__ import annotations

import csv
import io
import json

from actionplans import retrain as retrain_module
from actionplans.cli import main
from index.build import build_index
from models.labels import load_labels
from review.store import ReviewStore
from tests.index.sample_records import plans, west_yorkshire

PASSWORD = "a long enough secret"


def test_reviewer_add_list_revoke(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["reviewer", "add", "ann", "--index", str(tmp_path)]) == 0
    assert ReviewStore(tmp_path).check_password("ann", PASSWORD)
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["reviewer", "add", "bob", "--index", str(tmp_path)]) == 1
    assert "at least" in capsys.readouterr().err
    assert main(["reviewer", "revoke", "ann", "--index", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["reviewer", "list", "--index", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("ann\trevoked ")
    assert main(["reviewer", "revoke", "nobody", "--index", str(tmp_path)]) == 1


def corrected_index(tmp_path):
    build_index(plans(), tmp_path)
    store = ReviewStore(tmp_path)
    target = west_yorkshire().records[1]
    store.add(record_id=target.id, source=target.source, field="themes", old_value=[],
              new_value=["estates"], anchor=target.text, reviewer="ann", note="premises")
    store.add(record_id="gone", source=target.source, field="kind", old_value="action",
              new_value="measure", anchor="no such text", reviewer="ann")
    build_index([], tmp_path)
    return target


def test_corrections_export_jsonl_and_csv_with_status(tmp_path, capsys):
    target = corrected_index(tmp_path)
    assert main(["corrections", "export", "--index", str(tmp_path)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["record_id"], r["field"], r["status"]) for r in rows] == [
        (target.id, "themes", "applied"), ("gone", "kind", "attention")]
    assert rows[0]["new_value"] == ["estates"] and rows[0]["reviewer"] == "ann"
    assert main(["corrections", "export", "--format", "csv", "--index", str(tmp_path)]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert table[0]["new_value"] == '["estates"]' and table[1]["reason"].startswith("the record")
    assert main(["corrections", "list", "--attention", "--index", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == "#2 gone kind: attention (the record no longer exists)"


def test_theme_corrections_become_a_labels_file_training_reads(tmp_path):
    target = corrected_index(tmp_path)
    path, n = retrain_module.corrections_labels_file(tmp_path, tmp_path / "labels.jsonl")
    [label] = load_labels(path, ["training", "safeguarding", "ETE", "estates"])
    assert n == 1 and (label.id, label.themes, label.text) == (target.id, ("estates",),
                                                               target.text)
    assert label.labelled_by.startswith("reviewer ann (")


def test_a_retrained_model_that_evaluates_worse_is_not_swapped_in(tmp_path, monkeypatch):
    corrected_index(tmp_path)
    figures = iter([0.86, 0.80])  # current, then with the corrections
    monkeypatch.setattr(retrain_module, "lopo_macro_f1", lambda *a, **k: next(figures))
    stages = []
    result = retrain_module.retrain(tmp_path, lambda stage, f: stages.append(stage), fast=True)
    assert not result.swapped and result.n_corrections == 1
    assert (result.current_macro_f1, result.new_macro_f1) == (0.86, 0.80)
    assert not (tmp_path / "model" / "themes.skops").exists()
    assert stages[-1] == "kept the current model"
