"""`actionplans extract` over a folder mixing text, PDF and Word plans and bad documents."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from actionplans.cli import main
from actionplans.config import sample_plan_paths

DOCUMENTS = Path(__file__).resolve().parent.parent / "nlp" / "documents"


def test_folder_of_mixed_formats_reads_every_good_file_and_names_each_bad_one(tmp_path, capsys):
    for name in ("004_75c96ed3d927994c.rows.pdf", "004_75c96ed3d927994c.cells.docx"):
        shutil.copy(DOCUMENTS / name, tmp_path / name)
    shutil.copy(sample_plan_paths()[-1], tmp_path / "plan.txt")
    for bad in ("scanned.pdf", "no-table.docx", "web-page.pdf"):
        shutil.copy(DOCUMENTS / "bad" / bad, tmp_path / bad)
    assert main(["extract", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    records = [json.loads(line) for line in captured.out.splitlines()]
    by_source: dict[str, list[dict]] = {}
    for record in records:
        by_source.setdefault(record["source"], []).append(record)
    assert set(by_source) == {"004_75c96ed3d927994c.rows.pdf", "004_75c96ed3d927994c.cells.docx",
                              "plan.txt"}
    assert all(r["pages"] for r in by_source["004_75c96ed3d927994c.rows.pdf"])
    assert all(r["pages"] == [] for r in by_source["plan.txt"])
    errors = [line for line in captured.err.splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    assert {e.split(": ")[1].rsplit("/", 1)[-1] for e in errors} == {
        "scanned.pdf", "no-table.docx", "web-page.pdf"}
