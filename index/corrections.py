"""The corrected store of a generation: the parser's plans with the reviewers' corrections.

A generation keeps the plans as parsed (``parsed.sqlite``) beside the store everything is
served and indexed from (``actions.sqlite``). Each build replays every correction of the data
directory (``review.sqlite``, outside the generations) on the parsed plans, so corrections
survive re-indexing and parser upgrades, and writes what became of each (``corrections.json``:
applied, or needing attention and why).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from index.layout import CORRECTIONS_REPORT, PARSED_FILE, STORE_FILE
from index.store import Store
from nlp.records import Plan
from review.apply import apply_corrections, corrected_ids
from review.store import ReviewStore


def parsed_store_of(generation: Path) -> Path:
    """The parsed plans of a generation (older generations have only ``actions.sqlite``)."""
    parsed = generation / PARSED_FILE
    return parsed if parsed.is_file() else generation / STORE_FILE


def stored_plans(store: Store, sources: set[str] | None = None) -> list[Plan]:
    """Whole :class:`Plan` objects back from a store (all, or those of ``sources``)."""
    acronyms = store.acronyms_by_source()
    plans = []
    for summary in store.plans():
        if sources is not None and summary.source not in sources:
            continue
        plans.append(Plan(summary.source, summary.provider, summary.provider_short,
                          summary.submitted, summary.published, list(summary.recommendations),
                          store.records(summary.source), acronyms.get(summary.source, {})))
    return plans


def write_corrected(parsed: Store, generation: Path, data_dir: Path) -> Store:
    """Write ``generation``'s served store from ``parsed`` plus every correction; open it.

    Only the plans a correction touches are rebuilt; the others are copied as they are.
    """
    corrections = ReviewStore(data_dir).corrections()
    store = parsed.copy_to(generation / STORE_FILE)
    sources = {c.source for c in corrections}
    plans = stored_plans(parsed, sources) if sources else []
    corrected, outcomes = apply_corrections(plans, corrections)
    if corrected:
        store.put_plans(corrected)
    report = {"corrections": [o.to_dict() for o in outcomes],
              "corrected_ids": sorted(corrected_ids(outcomes))}
    temporary = generation / f".{CORRECTIONS_REPORT}.tmp"
    temporary.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, generation / CORRECTIONS_REPORT)
    return store


def read_report(generation: Path) -> dict[str, Any]:
    """A generation's ``corrections.json`` (empty when it was built without one)."""
    try:
        data = json.loads((generation / CORRECTIONS_REPORT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"corrections": [], "corrected_ids": []}
    return data if isinstance(data, dict) else {"corrections": [], "corrected_ids": []}
