"""Adapters from the other packages' interfaces to the plain shapes the web app uses.

Similar actions and repeat groups (``index.similar``, ``index.repeats``), theme evidence and
the model card (``models``) are written by other engineers; this module is the one place that
knows their function names, so a change there is a change here only. Each loader returns
``None`` when its part is not installed.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from webapp.backend import EvidenceFn, RepeatsFn, SimilarFn, read_json


def _module(name: str) -> Any | None:
    try:
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
        except KeyError:  # an id the vectors do not know (added after they were built)
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
    from actionplans.config import active_model_path

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


# --- review mode: the models and the rebuilds it drives ------------------------------------

def load_thresholds(data_dir: Path | None) -> dict[str, float]:
    """The active model's per-theme thresholds (the data directory's retrained model, else the
    shipped one), from the metadata saved beside it; ``{}`` when none is readable."""
    from actionplans.config import active_model_path

    artifact = active_model_path(data_dir) or (
        Path(__file__).resolve().parent.parent / "models" / "themes.skops")
    metadata = read_json(artifact.with_name(artifact.name + ".json")) or {}
    thresholds = metadata.get("thresholds") or {}
    return {str(k): float(v) for k, v in thresholds.items()} if isinstance(thresholds, dict) \
        else {}


def reindex(data_dir: Path) -> dict[str, Any]:
    """Rebuild the index from its stored plans, replaying every correction."""
    from actionplans.retrain import reindex as rebuild

    rebuild(data_dir)
    return {"reindexed": str(data_dir)}


def retrain(data_dir: Path, progress: Any, fast: bool = False) -> dict[str, Any]:
    """Retrain with the corrections; swapped in only if not worse (``actionplans.retrain``)."""
    from actionplans.retrain import retrain as run

    return run(data_dir, progress, fast=fast).to_dict()
