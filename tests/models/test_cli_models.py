"""The train / evaluate / classify subcommands, run in-process through ``actionplans.cli``."""

import io
import json

import pytest

from actionplans.cli import main
from tests.models.helpers import QUICK, SMALL_LABELS


@pytest.fixture
def one_candidate(monkeypatch):
    """Train with a single hyper-parameter candidate: CLI wiring, not model selection."""
    monkeypatch.setattr("models.classifier.PARAM_GRID", tuple(QUICK))


def test_classify_json_prints_one_object_per_input_line(saved_small_model, monkeypatch, capsys):
    lines = ["Deliver workshops on risk to all staff.", "", "Repair the office roof."]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    assert main(["classify", "--json", "--model", str(saved_small_model)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["text"] for r in rows] == lines
    assert all(set(r) == {"text", "themes", "theme_scores", "evidence"} for r in rows)
    assert "training" in rows[0]["themes"] and rows[1]["themes"] == []
    assert "estates" in rows[2]["themes"]


def test_classify_argument_plain_output(saved_small_model, capsys):
    assert main(["classify", "--model", str(saved_small_model), "Fix the office heating."]) == 0
    assert capsys.readouterr().out == "estates\tFix the office heating.\n"


def test_classify_with_a_missing_model_is_a_clear_error(tmp_path, capsys):
    missing = tmp_path / "gone.skops"
    assert main(["classify", "--model", str(missing), "text"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and str(missing) in err and err.count("\n") == 1


def test_train_writes_artifact_and_metadata(tmp_path, capsys, one_candidate):
    out = tmp_path / "m.skops"
    assert main(["train", "--labels", str(SMALL_LABELS), "--out", str(out)]) == 0
    meta = json.loads((tmp_path / "m.skops.json").read_text())
    assert meta["n_labelled"] == 36 and set(meta["thresholds"]) == set(meta["themes"])
    assert meta["params"] == QUICK[0]
    assert "trained on 36 labelled records" in capsys.readouterr().out


def test_train_with_bad_labels_is_a_clear_error(tmp_path, capsys):
    bad = tmp_path / "labels.jsonl"
    bad.write_text('{"id": "1"}\n')
    assert main(["train", "--labels", str(bad), "--out", str(tmp_path / "m.skops")]) == 1
    assert f"error: {bad}:1: field 'source'" in capsys.readouterr().err


def test_evaluate_prints_model_beside_baseline(capsys, one_candidate):
    assert main(["evaluate", "--labels", str(SMALL_LABELS)]) == 0
    out = capsys.readouterr().out
    assert "leave-one-plan-out over 3 plans" in out and "keyword" in out
    assert out.count("\n") >= 6
