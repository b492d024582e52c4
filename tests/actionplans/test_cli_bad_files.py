"""Bad files beside good ones: no traceback, each named with its reason, the good ones read,
the index untouched when nothing new was read."""

from __future__ import annotations

import gzip
import json
import os

import pytest

from actionplans import pipeline
from actionplans.cli import main
from actionplans.config import sample_plan_paths
from index.build import build_index
from tests.index.similar_plans import kirklees

GOOD = sample_plan_paths()[-1]


@pytest.fixture
def folder(tmp_path):
    """A folder as people have them: one plan, and everything else that ends up beside it."""
    good = GOOD.read_bytes()
    root = tmp_path / "plans"
    (root / "sub").mkdir(parents=True)
    (root / "good.txt").write_bytes(good)
    (root / "big.txt").write_bytes(good * 80)  # over 1 MB: a plan pasted many times
    (root / "empty.txt").write_bytes(b"")
    (root / "notes.txt").write_text("Minutes of the meeting.\n")
    (root / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    cut = good.index(b"\n", 9000)
    (root / "sub" / "nul.txt").write_bytes(good[:cut] + b" \x00\x07 " + good[cut:])
    (root / "sub" / "utf16.txt").write_bytes(b"\xff\xfe" + good.decode().encode("utf-16-le"))
    (root / "data.csv").write_text("a,b\n")
    (root / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "plan.txt.gz").write_bytes(gzip.compress(good))
    (root / "sub" / "loop").symlink_to(root)  # a symlink loop
    (root / "dangling.txt").symlink_to(root / "gone.txt")
    return root


def test_extract_names_each_bad_file_and_reads_the_good_ones(folder, capsys):
    assert main(["extract", str(folder)]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    records = [json.loads(line) for line in out.splitlines()]
    by_source: dict[str, list] = {}
    for record in records:
        by_source.setdefault(record["source"], []).append(record)
    assert set(by_source) == {"good.txt", "nul.txt", "utf16.txt"}
    texts = [r["text"] for r in by_source["good.txt"]]
    assert [r["text"] for r in by_source["nul.txt"]] == texts  # NUL and BEL removed
    assert [r["text"] for r in by_source["utf16.txt"]] == texts
    assert not any("\x00" in line for line in out.splitlines())
    assert "skipped 3 files: 1 .csv, 1 .gz, 1 .png" in err
    expected = {
        "big.txt": "bytes is over the 1,000,000-byte limit",
        "empty.txt": "file is empty",
        "notes.txt": "not an action plan",
        "binary.txt": "binary file",
        "dangling.txt": "file not found",
    }
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == len(expected), err
    for name, reason in expected.items():
        assert any(line.startswith(f"error: {folder / name}: ") and reason in line
                   for line in errors), (name, err)


def test_not_an_action_plan_names_the_path_as_given(tmp_path, capsys, monkeypatch):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.txt").write_text("Minutes of the meeting.\n")
    monkeypatch.chdir(tmp_path)
    for command in ("extract", "index", "check"):
        assert main([command, os.path.join("docs", "notes.txt")]) == 1
        assert "error: docs/notes.txt: not an action plan" in capsys.readouterr().err


def test_an_unforeseen_failure_in_one_file_is_one_line_and_the_others_go_on(
        folder, capsys, monkeypatch):
    real = pipeline.parse_plan

    def parse(path):
        if path.name == "utf16.txt":
            raise ValueError("something no check foresaw")
        if path.name == "nul.txt":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(pipeline, "parse_plan", parse)
    assert main(["extract", str(folder)]) == 1
    out, err = capsys.readouterr()
    assert {json.loads(line)["source"] for line in out.splitlines()} == {"good.txt"}
    assert (f"error: {folder / 'sub' / 'utf16.txt'}: cannot be read as a plan (ValueError: "
            "something no check foresaw)") in err
    assert f"error: {folder / 'sub' / 'nul.txt'}: cannot read file (Permission denied)" in err
    assert "Traceback" not in err


def test_index_untouched_when_nothing_new_was_read(folder, tmp_path, capsys):
    data = tmp_path / "data"
    build_index([kirklees()], data)
    live = os.readlink(data / "current")
    for name in ("good.txt", "sub"):
        target = folder / name
        if target.is_dir():
            for child in target.iterdir():
                if child.is_symlink() or child.suffix == ".txt":
                    child.unlink()
        else:
            target.unlink()
    assert main(["index", "--index", str(data), "--quiet", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "error: no plans read; the index is unchanged" in err
    assert os.readlink(data / "current") == live


def test_index_reads_the_good_ones_beside_bad_ones(folder, tmp_path, capsys):
    data = tmp_path / "data"
    assert main(["index", "--index", str(data), "--quiet", str(folder)]) == 1  # some failed
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert out.startswith("indexed 3 plan(s)")
