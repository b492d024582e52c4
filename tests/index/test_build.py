"""Building data directories: add/replace by source, rebuild, and atomic swaps."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from index import build
from index.build import build_index
from index.search import ActionIndex, IndexMissing
from tests.index.sample_records import durham, west_yorkshire

ROOT = Path(__file__).resolve().parents[2]


def generations(data_dir: Path) -> list[Path]:
    return sorted(data_dir.glob("gen-*"))


def test_add_then_replace_by_source(tmp_path):
    report = build_index([west_yorkshire()], tmp_path)
    assert (report.plans_added, report.n_actions) == (1, 4)
    report = build_index([durham()], tmp_path)
    assert (report.plans_added, report.n_plans, report.n_actions) == (1, 2, 6)
    smaller = west_yorkshire()
    smaller.records = smaller.records[:1]
    report = build_index([smaller], tmp_path)
    assert (report.plans_replaced, report.n_actions) == (1, 3)
    ix = ActionIndex(tmp_path)
    assert ix.count() == 3
    assert ix.search("premises").total == 0
    assert ix.search("UPW").total == 2


def test_rebuild_keeps_only_the_given_plans(tmp_path):
    build_index([west_yorkshire(), durham()], tmp_path)
    build_index([durham()], tmp_path, rebuild=True)
    assert [p.source for p in ActionIndex(tmp_path).plans()] == ["dtv.txt"]


def test_open_reader_keeps_answering_across_a_swap(tmp_path):
    build_index([west_yorkshire()], tmp_path)
    before = ActionIndex(tmp_path)
    build_index([durham()], tmp_path, rebuild=True)
    assert before.search("premises").total == 1
    assert ActionIndex(tmp_path).search("premises").total == 0
    build_index([west_yorkshire()], tmp_path)
    assert len(generations(tmp_path)) == 2  # live + previous; older ones removed


def test_failed_build_leaves_old_index_and_no_debris(tmp_path, monkeypatch):
    build_index([west_yorkshire()], tmp_path)
    live = generations(tmp_path)

    def broken(store, generation, progress):
        raise RuntimeError("vector builder crashed")

    monkeypatch.setattr(build, "DERIVED_BUILDERS", [*build.DERIVED_BUILDERS, broken])
    with pytest.raises(RuntimeError):
        build_index([durham()], tmp_path)
    assert generations(tmp_path) == live
    assert ActionIndex(tmp_path).search("premises").total == 1


_KILLED_BUILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from index import build
    from tests.index.sample_records import durham

    def stall(store, generation, progress):
        Path(sys.argv[2]).write_text(str(generation))
        time.sleep(60)

    build.DERIVED_BUILDERS.append(stall)
    build.build_index([durham()], Path(sys.argv[1]), rebuild=True)
""")


def test_killed_build_leaves_old_index_readable(tmp_path):
    data_dir = tmp_path / "data"
    build_index([west_yorkshire()], data_dir)
    marker = tmp_path / "started"
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_BUILD, str(data_dir), str(marker)],
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        deadline = time.monotonic() + 30
        while not marker.exists():
            assert proc.poll() is None, "the build script ended early"
            assert time.monotonic() < deadline, "the build never reached its last stage"
            time.sleep(0.05)
        partial = Path(marker.read_text())
        assert (partial / "whoosh").is_dir()  # the new index was fully written...
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    # ...but never swapped in: readers still get the old plans.
    ix = ActionIndex(data_dir)
    assert [p.source for p in ix.plans()] == ["wy.txt"]
    assert ix.search("premises").total == 1
    # The next build clears the abandoned directory.
    build_index([durham()], data_dir)
    assert not partial.exists()


def test_missing_index_is_a_clear_error(tmp_path):
    with pytest.raises(IndexMissing, match="actionplans index"):
        ActionIndex(tmp_path)


def test_cli_index_and_search(tmp_path, capsys):
    import json

    from actionplans.cli import main
    from actionplans.config import sample_plan_paths

    data_dir = tmp_path / "data"
    assert main(["index", str(sample_plan_paths()[0]), "--index", str(data_dir), "--quiet"]) == 0
    assert "1 plans" in capsys.readouterr().out
    assert main(["search", "--index", str(data_dir), "--json", "--per-page", "3", "unpaid",
                 "work"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["total"] > 0 and len(out["hits"]) <= 3
    assert all("<mark>" in hit["highlight"] for hit in out["hits"])
    assert main(["search", "--index", str(tmp_path / "nothing"), "x"]) == 1
    assert "actionplans index" in capsys.readouterr().err


def test_index_from_another_version_is_refused_then_rebuilt_from_its_store(tmp_path, capsys):
    import numpy as np

    from actionplans.cli import main
    from index.search import ARRAYS_FILE, WHOOSH_DIR, resolve_generation

    build_index([west_yorkshire()], tmp_path)
    arrays = resolve_generation(tmp_path) / WHOOSH_DIR / ARRAYS_FILE
    np.savez(arrays, format=np.array(0))
    with pytest.raises(IndexMissing, match="another version"):
        ActionIndex(tmp_path)
    assert main(["index", "--index", str(tmp_path), "--quiet"]) == 0
    assert "4 actions" in capsys.readouterr().out
    assert ActionIndex(tmp_path).search("premises").total == 1


def test_spelling_words_are_each_stems_commonest_word_first_seen_on_a_tie():
    from collections import Counter

    from index.build import spelling_words

    tokens = Counter("Trained, training the train. trains; (trains) Training 2019 c.r.c".lower()
                     .split())
    assert spelling_words(tokens) == {"train": "training"}  # 2 and 2: training came first
    tokens.update(["trains"])
    assert spelling_words(tokens) == {"train": "trains"}
