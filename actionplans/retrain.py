"""Retraining the theme classifier from reviewers' corrections, and swapping it in safely.

Wires ``review`` (corrections as labels), ``models`` (train, leave-one-plan-out) and ``index``
(re-tag and rebuild). The new model lives in the data directory (``model/themes.skops``), never
over the shipped one. It replaces the current model only if its leave-one-plan-out macro-F1,
measured the same way (same seed, grid and scored records), is not worse; the model it
replaces is kept under ``model/previous/``. Then every stored plan is re-tagged with it and the
index rebuilt (corrections are replayed on top, as on every build).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.build import build_index
from index.corrections import parsed_store_of, stored_plans
from index.layout import MODEL_DIR, active_model_path, data_model_path, resolve_generation
from index.store import Store
from models.classifier import PARAM_GRID, ThemeClassifier, metadata_path, tag_records, train
from models.evaluate import evaluate
from models.labels import LABELS_PATH
from review.learning import correction_labels, write_labels
from review.store import ReviewStore

Progress = Callable[[str, float], None]
LABELS_FILE = "corrections-labels.jsonl"
# The smallest grid: one hyper-parameter setting (tests and quick retrains; thresholds are
# still chosen by cross-validation).
FAST_GRID_SIZE = 1


@dataclass
class RetrainResult:
    swapped: bool
    n_corrections: int
    current_macro_f1: float
    new_macro_f1: float
    model: str
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"swapped": self.swapped, "n_corrections": self.n_corrections,
                "current_macro_f1": round(self.current_macro_f1, 4),
                "new_macro_f1": round(self.new_macro_f1, 4), "model": self.model,
                "seconds": round(self.seconds, 1), "notes": self.notes}


def corrections_labels_file(data_dir: Path, out: Path | None = None) -> tuple[Path, int]:
    """Write the data directory's theme corrections as a labels file; (path, how many)."""

    rows = correction_labels(ReviewStore(data_dir).corrections())
    path = out or Path(data_dir) / MODEL_DIR / LABELS_FILE
    return write_labels(rows, path), len(rows)


def _grid(fast: bool) -> list[dict[str, Any]] | None:

    return list(PARAM_GRID[:FAST_GRID_SIZE]) if fast else None


def lopo_macro_f1(extra_labels: Path | None, fast: bool, cache: Path | None = None) -> float:
    """Leave-one-plan-out macro-F1 (action and measure records) with ``extra_labels``
    in the training folds; remembered in ``cache`` by the labels' content (a fold is minutes
    of training, and the current model's figure is asked for on every retrain)."""

    digest = hashlib.sha256(LABELS_PATH.read_bytes())
    digest.update(extra_labels.read_bytes() if extra_labels else b"")
    key = f"{digest.hexdigest()}-{'fast' if fast else 'full'}"
    known: dict[str, float] = {}
    if cache is not None and cache.is_file():
        try:
            known = json.loads(cache.read_text(encoding="utf-8"))
        except ValueError:
            known = {}
    if key not in known:
        known[key] = evaluate(extra_labels=extra_labels, grid=_grid(fast)).macro_f1
        if cache is not None:
            cache.write_text(json.dumps(known, indent=1), encoding="utf-8")
    return float(known[key])


def retrain(data_dir: Path, progress: Progress | None = None, fast: bool = False
            ) -> RetrainResult:
    """Train on the shipped labels plus the corrections, swap in if not worse, re-index."""
    started = time.perf_counter()
    say = progress or (lambda stage, fraction: None)
    data_dir = Path(data_dir)
    model_dir = data_dir / MODEL_DIR
    model_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    labels, n = corrections_labels_file(data_dir, model_dir / f"labels-{stamp}.jsonl")
    say("evaluating the current model", 0.05)
    current = active_model_path(data_dir)
    current_labels = model_dir / LABELS_FILE if current else None
    if current_labels is not None and not current_labels.is_file():
        current_labels = None
    cache = model_dir / "lopo-cache.json"
    current_f1 = lopo_macro_f1(current_labels, fast, cache)
    say("evaluating with the corrections", 0.35)
    new_f1 = lopo_macro_f1(labels if n else None, fast, cache)
    result = RetrainResult(False, n, current_f1, new_f1, str(current or "shipped"))
    if new_f1 < current_f1:
        result.notes.append("the retrained model evaluates worse; the current model is kept")
        labels.unlink(missing_ok=True)
        say("kept the current model", 1.0)
        result.seconds = time.perf_counter() - started
        return result
    say("training", 0.65)
    candidate = model_dir / f"candidate-{stamp}.skops"
    classifier = train(out=candidate, extra_labels=labels if n else None, grid=_grid(fast))
    classifier.metadata["lopo_macro_f1"] = new_f1
    say("swapping the model in", 0.8)
    _swap_model(data_dir, candidate, labels)
    result.swapped = True
    result.model = str(data_model_path(data_dir))
    say("re-tagging and re-indexing", 0.85)
    reindex(data_dir, retag=True)
    say("done", 1.0)
    result.seconds = time.perf_counter() - started
    _log_result(model_dir, result)
    return result


def _swap_model(data_dir: Path, candidate: Path, labels: Path) -> None:
    """Keep the current data-directory model under ``previous/``, then rename the candidate
    (artifact, metadata, labels) into place, each with one ``os.replace``."""
    target = data_model_path(data_dir)
    model_dir = target.parent
    if target.is_file():
        keep = model_dir / "previous" / time.strftime("%Y%m%dT%H%M%S")
        keep.mkdir(parents=True, exist_ok=True)
        for path in (target, metadata_path(target), model_dir / LABELS_FILE):
            if path.is_file():
                shutil.copy2(path, keep / path.name)
    os.replace(metadata_path(candidate), metadata_path(target))
    os.replace(candidate, target)
    os.replace(labels, model_dir / LABELS_FILE)


def _log_result(model_dir: Path, result: RetrainResult) -> None:
    with open(model_dir / "retrain-log.jsonl", "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                                 **result.to_dict()}) + "\n")


def reindex(data_dir: Path, retag: bool = False) -> None:
    """Rebuild the index from its stored plans (corrections replayed); with ``retag``, first
    re-tag every parsed record with the active model."""
    if not retag:
        build_index([], data_dir)
        return
    store = Store(parsed_store_of(resolve_generation(data_dir)))
    try:
        plans = stored_plans(store)
    finally:
        store.close()
    model = active_model_path(data_dir)
    tag_records([r for p in plans for r in p.records],
                ThemeClassifier.load(model) if model else None)
    build_index(plans, data_dir, rebuild=True)
