"""Test helpers for the models tests: fixture paths and quick training grids."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SMALL_LABELS = FIXTURES / "labels_small.jsonl"
ONE_CANDIDATE = [{"c": 4.0}]  # selection is tested on its own; one candidate keeps tests fast
# For tests of wiring (CLI, folds) rather than of the model: one uncalibrated candidate.
QUICK = [{"c": 4.0, "calibrate": False}]
