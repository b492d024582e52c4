"""Adapters from the other packages' interfaces to the plain shapes the web app uses.

The search index (``index.search``), similar actions and repeat groups (``index.similar``,
``index.repeats``), theme definitions, evidence and the model card (``models``) are written by
other engineers; this module is the one place in ``webapp`` that imports another package
(``tests/test_imports.py`` checks it), so a change there is a change here only. Each optional
loader returns ``None`` when its part is not installed.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from index.corrections import read_report
from index.layout import active_model_path
from index.limits import FACETS, MAX_PER_PAGE, MAX_QUERY_CHARS
from nlp.errors import ActionPlansError
from nlp.records import KINDS
from review.apply import with_status
from review.queue import QueueItem, queue_counts, review_queue
from review.store import ReviewError, ReviewStore

__all__ = ["FACETS", "MAX_PER_PAGE", "MAX_QUERY_CHARS", "ActionPlansError", "EvidenceFn",
           "RepeatsFn", "SimilarFn", "load_evidence", "load_model_card", "load_repeats",
           "load_similar", "open_index", "read_json", "theme_definitions", "version",
           # review mode
           "RECORD_KINDS", "ReviewError", "ReviewStore", "corrections_report",
           "corrections_with_status", "load_thresholds", "queue"]

SimilarFn = Callable[[str, int, bool], list[dict[str, Any]]]
RepeatsFn = Callable[[], list[dict[str, Any]]]
EvidenceFn = Callable[[Any], dict[str, list[str]]]


def read_json(path: Path) -> dict[str, Any] | None:
    """A JSON object from a file, or ``None`` if it is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def version() -> str:
    """The installed package's version (from its metadata: no import of the CLI package)."""
    try:
        return importlib.metadata.version("actionplans")
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"


def open_index(data_dir: Path) -> Any:
    """The search index in ``data_dir`` (``index.search.ActionIndex``)."""
    # lazy: Whoosh and numpy load when an app is created, not when webapp is imported
    from index.search import ActionIndex

    return ActionIndex(data_dir)


def theme_definitions() -> dict[str, str]:
    """``{theme: definition}`` in taxonomy order (raises if the taxonomy is unreadable)."""
    from models.taxonomy import load_themes  # lazy: optional for serving; pages degrade

    return {t.name: t.definition for t in load_themes()}


def _module(name: str) -> Any | None:
    """An optional module, or ``None`` if it is not installed."""
    try:  # lazy: optional parts, each loaded on first use
        return importlib.import_module(name)
    except ImportError:
        return None


def load_similar(data_dir: Path | None, index: Any) -> SimilarFn | None:
    """``(id, limit, all_providers) -> [{"id", "score", "shared_terms"}]`` or ``None``.

    ``None`` when ``index.similar`` is missing or the index was built without vectors.
    """
    module = _module("index.similar")
    if module is None or data_dir is None:
        return None
    if not (module.vectors_dir(data_dir) / "meta.json").is_file():
        return None

    def similar(record_id: str, limit: int, all_providers: bool) -> list[dict[str, Any]]:
        try:
            found = module.similar_actions(data_dir, record_id, limit=limit,
                                           include_same_provider=all_providers)
        except LookupError:  # an id the vectors do not know (added after they were built)
            return []
        return [{"id": s.id, "score": s.score, "shared_terms": list(s.shared_terms)}
                for s in found]

    return similar


def load_repeats(data_dir: Path | None, index: Any) -> RepeatsFn | None:
    """``() -> [{"kind", "ids", "providers", "representative", "repeated_flag"}]`` or ``None``.

    ``None`` when ``index.repeats`` is missing or the index was built without repeat groups.
    """
    module = _module("index.repeats")
    similar = _module("index.similar")
    if module is None or similar is None or data_dir is None:
        return None
    if not (similar.vectors_dir(data_dir) / module.REPEATS_FILE).is_file():
        return None

    def repeats() -> list[dict[str, Any]]:
        return [{"kind": g.kind, "ids": list(g.ids), "providers": list(g.providers),
                 "representative": g.representative, "repeated_flag": bool(g.repeated_flag)}
                for g in module.repeat_groups(data_dir)]

    return repeats


def load_evidence(data_dir: Path | None = None) -> EvidenceFn | None:
    """``record -> {theme: [terms]}`` from the active classifier (the data directory's
    retrained model, else the shipped one), or ``None``."""
    module = _module("models.classifier")
    if module is None or not hasattr(module, "explain"):
        return None
    explain = module.explain
    retrained = active_model_path(data_dir)
    if retrained is not None:
        explain = module.ThemeClassifier.load(retrained).explain

    def evidence(record: Any) -> dict[str, list[str]]:
        return explain(record.text)

    return evidence


def _evaluation_rows(evaluation: dict[str, Any]) -> list[dict[str, Any]]:
    """Per-theme rows from ``models.evaluate.Evaluation.to_dict()``, baseline F1 beside."""
    baseline = {row.get("theme"): row for row in evaluation.get("baseline") or []}
    rows = []
    for row in evaluation.get("model") or []:
        rows.append({**row, "baseline_f1": (baseline.get(row.get("theme")) or {}).get("f1")})
    return rows


def load_model_card(model_dir: Path | None) -> dict[str, Any] | None:
    """What the About page shows of the classifier: training facts and evaluation figures.

    Read from the metadata JSON beside the shipped artifact (``themes.skops.json``) and, if
    present, a saved evaluation (``evaluation.json``, the output of ``actionplans evaluate
    --json``, or an ``evaluation`` key in the metadata). ``None`` when no model ships.
    """
    base = model_dir or Path(__file__).resolve().parent.parent / "models"
    metadata = read_json(base / "themes.skops.json")
    if metadata is None:
        return None
    evaluation = metadata.get("evaluation") or read_json(base / "evaluation.json") or {}
    return {
        "trained": metadata.get("trained_at") or metadata.get("trained") or metadata.get("date"),
        "n_labelled": metadata.get("n_labelled"),
        "n_examples": metadata.get("n_examples"),
        "plans": metadata.get("plans") or [],
        "themes": metadata.get("themes") or [],
        "thresholds": metadata.get("thresholds") or {},
        "scikit_learn": metadata.get("scikit_learn"),
        "rows": _evaluation_rows(evaluation),
        "macro_f1": evaluation.get("macro_f1"),
        "baseline_macro_f1": evaluation.get("baseline_macro_f1"),
        "n_records": evaluation.get("n_records"),
        "inner_cv_macro_f1": metadata.get("inner_cv_macro_f1"),
    }


# --- review mode: corrections, the queue, and the active model's thresholds ---------------
# (the rebuild and retrain jobs are given to create_app by the CLI, which wires the layers)

RECORD_KINDS = KINDS


def load_thresholds(data_dir: Path | None) -> dict[str, float]:
    """The active model's per-theme thresholds (the data directory's retrained model, else the
    shipped one), from the metadata saved beside it; ``{}`` when none is readable."""
    artifact = active_model_path(data_dir) or (
        Path(__file__).resolve().parent.parent / "models" / "themes.skops")
    metadata = read_json(artifact.with_name(artifact.name + ".json")) or {}
    thresholds = metadata.get("thresholds") or {}
    return {str(k): float(v) for k, v in thresholds.items()} if isinstance(thresholds, dict) \
        else {}


def corrections_report(generation: Path | None) -> dict[str, Any]:
    """What the build of ``generation`` made of each correction (empty without one)."""
    if generation is None:
        return {"corrections": [], "corrected_ids": []}
    return read_report(Path(generation))


def corrections_with_status(store: ReviewStore, report: dict[str, Any],
                            record_id: str | None = None) -> list[dict[str, Any]]:
    """Corrections (all, or one record's) with ``status`` and ``reason`` from ``report``."""
    return with_status(store.corrections(record_id), report)


def queue(records: list[Any], data_dir: Path, store: ReviewStore, skipped: list[str]
          ) -> tuple[list[QueueItem], dict[str, int]]:
    """The review queue in order, and how many items are left by reason."""
    items = review_queue(records, load_thresholds(data_dir), store.corrections(), skipped)
    return items, queue_counts(items)
