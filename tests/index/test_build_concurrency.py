"""Concurrent index runs on one data directory: one writer at a time, nothing lost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from index.search import ActionIndex

ROOT = Path(__file__).resolve().parents[2]
_ADD = """
import sys
from pathlib import Path
from index.build import build_index
from tests.index import sample_records
build_index([getattr(sample_records, sys.argv[2])()], Path(sys.argv[1]))
"""


def test_two_index_runs_at_once_both_land(tmp_path):
    data_dir = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [subprocess.Popen([sys.executable, "-c", _ADD, str(data_dir), plan], cwd=ROOT,
                             env=env, stderr=subprocess.PIPE, text=True)
            for plan in ("west_yorkshire", "durham")]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    ix = ActionIndex(data_dir)
    # The build lock serialises them: the second adds to the first's result, not beside it.
    assert sorted(p.source for p in ix.plans()) == ["dtv.txt", "wy.txt"]
    assert ix.search("premises").total == 1
    generations = [p for p in data_dir.iterdir() if p.name.startswith("gen-")]
    assert len(generations) <= 2  # the live one and at most the previous
