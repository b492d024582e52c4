"""The record pipeline shared by the CLI and the web app: plan files -> plans with records.

Reading is done by ``nlp``; themes are added by ``models`` once a trained classifier ships.
A file that fails is reported by name and skipped; the others still go through.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from actionplans.config import sample_plan_paths
from index.layout import IndexMissing, active_model_path, has_vectors, resolve_generation
from nlp import parse_plan
from nlp.records import Plan, PlanError


def read_plans(paths: Iterable[Path], model: Path | None = None) -> tuple[list[Plan], list[str]]:
    """Parse each file; return the plans read and one error line per file that failed.

    Themes come from ``model`` (a data directory's retrained model), else the shipped one.
    """
    plans: list[Plan] = []
    errors: list[str] = []
    for path in paths:
        try:
            plans.append(parse_plan(path))
        except PlanError as exc:
            errors.append(str(exc))
        except OSError as exc:
            errors.append(f"{path}: cannot read file ({exc.strerror or exc})")
    errors.extend(add_themes(plans, model))
    return plans, errors


def originals_of(plans: list[Plan], paths: Iterable[Path]) -> dict[str, Path]:
    """Each read plan's source name -> the file it was read from (kept by the index)."""
    sources = {plan.source for plan in plans}
    return {path.name: path for path in paths if path.name in sources}


def add_themes(plans: list[Plan], model: Path | None = None) -> list[str]:
    """Tag every record with the theme classifier (``model``, else the shipped one); an
    unusable model is one error line."""
    # lazy: numpy/scikit-learn only when a model is used (module docstring)
    from models.classifier import ModelError, ThemeClassifier, tag_records

    try:
        classifier = ThemeClassifier.load(model) if model else None
        # Unplaced text is kept for review, not read as a commitment: it gets no themes.
        tag_records([record for plan in plans for record in plan.records
                     if record.kind != "unplaced"], classifier)
    except ModelError as exc:
        return [f"themes not added: {exc}"]
    return []


def ensure_index(data_dir: Path) -> Path:
    """The data directory, first building its index from the bundled sample plans if missing.

    An index built before similar-actions vectors existed gets them (from its own plans).

    So ``actionplans search`` and the web app work with no arguments on a fresh install.
    """
    # lazy: Whoosh, numpy and spaCy only for commands that use the index
    from index.build import build_index
    from index.search import search_index_current

    try:
        generation = resolve_generation(data_dir)
    except IndexMissing:
        paths = sample_plan_paths()
        plans, _errors = read_plans(paths, active_model_path(data_dir))
        build_index(plans, data_dir, originals=originals_of(plans, paths))
        return data_dir
    if not has_vectors(generation) or not search_index_current(generation):
        # Built by an older version: re-derive everything from the stored plans.
        build_index([], data_dir)
    return data_dir
