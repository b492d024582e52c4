"""Words not placed are reported (a warning, exit 0); `check` prints the table as read."""

from __future__ import annotations

import json
from pathlib import Path

from actionplans.cli import main
from actionplans.config import sample_plan_paths
from tests.nlp.helpers import HEADER, TABLE_HEADER

UNPLACED = (HEADER + TABLE_HEADER +
            "1\tImprove A.\tAgreed\tWe will do A.\tHead of Quality\tMay 2019\n"
            "\t\t\t\tDirector\tJuly 2019\n")


def test_extract_warns_about_words_not_placed_and_exits_0(tmp_path, capsys):
    path = tmp_path / "new.txt"
    path.write_text(UNPLACED)
    assert main(["extract", str(path), str(sample_plan_paths()[-1])]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        "new.txt: 1 recommendations, 1 actions; 2 words not placed, kept for review"]
    unplaced = [r for r in map(json.loads, out.splitlines()) if r["kind"] == "unplaced"]
    assert [(r["text"], r["rec_number"], r["themes"]) for r in unplaced] == [
        ("Director July 2019", "1", [])]


def test_index_warns_too_and_unplaced_text_is_found_by_search(tmp_path, capsys):
    path = tmp_path / "new.txt"
    path.write_text(UNPLACED)
    data = tmp_path / "data"
    assert main(["index", str(path), "--index", str(data), "--quiet"]) == 0
    assert "2 words not placed, kept for review" in capsys.readouterr().err
    assert main(["search", "Director", "kind:unplaced", "--index", str(data), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert [h["text"] for h in result["hits"]] == ["Director July 2019"]


def test_check_prints_the_table_and_the_accounting(tmp_path, capsys):
    path = tmp_path / "new.txt"
    path.write_text(UNPLACED)
    assert main(["check", str(path), "--debug"]) == 0
    out = capsys.readouterr().out
    assert "1 recommendations, 1 actions" in out
    assert "Rec 1 [agreed] Improve A." in out
    assert "action   Head of Quality" in out and "May 2019" in out
    assert "!!" in out and "UNPLACED" in out and "Director July 2019" in out
    assert "2 not placed" in out
    assert "rows as read" in out


def test_check_names_an_unreadable_file_and_exits_1(tmp_path, capsys):
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    assert main(["check", str(bad), str(sample_plan_paths()[-1])]) == 1
    out, err = capsys.readouterr()
    assert "empty.txt: file is empty" in err
    assert ", 0 not placed" in out


def test_check_reads_a_document_as_extract_and_index_do(capsys):
    """A Word file's cells keep their paragraphs as written, empty ones too: `check` reads it
    as `extract` and `index` do (a shared owner and date cell given to all its steps), not
    as a text export of the same table."""
    from actionplans.report import check_table
    from nlp.plan import parse_plan
    path = Path(__file__).parents[1] / "nlp" / "documents" / "dev10" / "invented-bxr.cells.docx"
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr().out.strip() == check_table(parse_plan(path)).strip()
