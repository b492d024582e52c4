"""`actionplans extract`: the JSON Lines / CSV contract and bad-input handling."""

from __future__ import annotations

import csv
import io
import json

from actionplans.cli import main
from actionplans.config import sample_plan_paths

FIELDS = {"id", "source", "provider", "provider_short", "submitted", "published", "rec_number",
          "rec_text", "addressee", "agreement", "repeated", "kind", "text", "owners", "target",
          "target_month", "status", "themes", "theme_scores"}


def test_extract_jsonl_has_every_field(capsys):
    path = sample_plan_paths()[-1]
    assert main(["extract", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    records = [json.loads(line) for line in lines]
    assert records and all(FIELDS <= set(r) for r in records)
    assert all(r["source"] == path.name for r in records)


def test_extract_csv(capsys):
    assert main(["extract", "--format", "csv", str(sample_plan_paths()[-1])]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and json.loads(rows[0]["owners"])


def test_bad_files_reported_by_name_and_others_still_extracted(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\x00\x00\x01" * 100)
    notes = tmp_path / "notes.txt"
    notes.write_text("Minutes of the team meeting\nNothing to report.\n")
    good = sample_plan_paths()[-1]
    code = main(["extract", str(empty), str(good), str(binary), str(notes),
                 str(tmp_path / "missing.txt")])
    out, err = capsys.readouterr()
    assert code == 1
    assert len(out.splitlines()) > 10
    errors = err.strip().splitlines()
    assert len(errors) == 4
    for name in ("empty.txt", "image.txt", "notes.txt", "missing.txt"):
        assert sum(name in line for line in errors) == 1


def test_folder_argument(capsys):
    folder = sample_plan_paths()[0].parent
    assert main(["extract", str(folder)]) == 0
    sources = {json.loads(line)["source"] for line in capsys.readouterr().out.splitlines()}
    assert sources == {p.name for p in sample_plan_paths()}
