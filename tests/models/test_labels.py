import json
from pathlib import Path

import pytest

from models.labels import LabelsError, load_labels


def _write(tmp_path: Path, *rows) -> Path:
    path = tmp_path / "labels.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    return path


GOOD = {"id": "x-1", "source": "p.txt", "text": "Run workshops.", "themes": ["training"],
        "labelled_by": "me"}


def test_reads_records_with_their_plan(tmp_path):
    records = load_labels(_write(tmp_path, GOOD), ["training"])
    assert records[0].source == "p.txt" and records[0].themes == ("training",)


@pytest.mark.parametrize("row, fragment", [
    ("{not json", "not valid JSON"),
    ({**GOOD, "source": ""}, "'source'"),
    ({**GOOD, "themes": "training"}, "'themes'"),
    ({**GOOD, "themes": ["housing"]}, "unknown theme(s) housing"),
])
def test_a_bad_line_is_named(tmp_path, row, fragment):
    path = _write(tmp_path, GOOD | {"id": "ok"}, row)
    with pytest.raises(LabelsError) as err:
        load_labels(path, ["training"])
    assert f"{path}:2" in str(err.value) and fragment in str(err.value)


def test_duplicate_ids_and_empty_files_are_errors(tmp_path):
    with pytest.raises(LabelsError, match="duplicate id"):
        load_labels(_write(tmp_path, GOOD, GOOD))
    with pytest.raises(LabelsError, match="no labelled records"):
        load_labels(_write(tmp_path, ""))
    with pytest.raises(LabelsError, match="cannot read"):
        load_labels(tmp_path / "missing.jsonl")
