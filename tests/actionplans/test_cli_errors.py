"""Errors the user can fix: one line naming what failed, exit code 1, never a traceback."""

from __future__ import annotations

import pytest

from actionplans.cli import main
from index.build import IndexWriteError, build_index
from index.glossary import GlossaryError
from index.layout import IndexMissing
from index.similar import UnknownAction
from models.classifier import ModelError
from models.labels import LabelsError
from models.taxonomy import TaxonomyError
from nlp.errors import ActionPlansError
from nlp.records import PlanError
from tests.index.similar_plans import kirklees
from webapp.backend import Unavailable
from webapp.params import BadRequest


@pytest.mark.parametrize("error", [PlanError, ModelError, LabelsError, TaxonomyError,
                                   GlossaryError, IndexMissing, IndexWriteError, UnknownAction,
                                   Unavailable, BadRequest])
def test_every_error_type_is_an_actionplans_error(error):
    assert issubclass(error, ActionPlansError)


def _one_error_line(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, err
    return lines[0]


def test_missing_index(tmp_path, capsys):
    assert main(["search", "--index", str(tmp_path / "none"), "x"]) == 1
    assert "no index here" in _one_error_line(capsys)


def test_unknown_action_id(tmp_path, capsys):
    build_index([kirklees()], tmp_path)
    assert main(["similar", "--index", str(tmp_path), "no-such-id"]) == 1
    assert _one_error_line(capsys) == "error: no action with id 'no-such-id' in the index"


def test_index_directory_that_cannot_be_written(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    plan = tmp_path / "plan.txt"
    from actionplans.config import sample_plan_paths

    plan.write_bytes(sample_plan_paths()[-1].read_bytes())
    assert main(["index", "--index", str(blocker / "data"), "--quiet", str(plan)]) == 1
    line = _one_error_line(capsys)
    assert line.startswith(f"error: {blocker / 'data'}: cannot write the index")


def test_nothing_read_leaves_the_index_alone(tmp_path, capsys):
    build_index([kirklees()], tmp_path / "data")
    before = sorted(p.name for p in (tmp_path / "data").iterdir())
    bad = tmp_path / "notes.txt"
    bad.write_text("Just some notes, not a plan.\n")
    assert main(["index", "--index", str(tmp_path / "data"), str(bad)]) == 1
    err = capsys.readouterr().err
    assert "notes.txt: not an action plan" in err
    assert "error: no plans read; the index is unchanged" in err
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == before


def test_bad_labels_file(tmp_path, capsys):
    labels = tmp_path / "labels.jsonl"
    labels.write_text("{not json\n")
    assert main(["train", "--labels", str(labels), "--out", str(tmp_path / "m.skops")]) == 1
    assert f"{labels}:1: not valid JSON" in _one_error_line(capsys)
