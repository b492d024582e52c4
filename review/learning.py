"""Corrections as labelled examples for the theme classifier, with their provenance.

A reviewer who changes a record's themes, or accepts them as they are, has read that text and
decided: the latest such decision per record is a label (``models/labels.jsonl`` format), made
of the text the reviewer saw, with the reviewer and the time as ``labelled_by``. Corrections
of other fields are not theme labels.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from review.store import Correction

THEME_FIELDS = ("themes", "accept")


def correction_labels(corrections: Iterable[Correction]) -> list[dict[str, Any]]:
    """One label row per record whose themes a reviewer decided (the latest decision wins)."""
    latest: dict[str, Correction] = {}
    for c in sorted(corrections, key=lambda c: c.id):
        if c.field in THEME_FIELDS:
            latest[c.record_id] = c
    rows = []
    for record_id, c in latest.items():
        themes = c.new_value if c.field == "themes" else c.old_value
        rows.append({
            "id": record_id,
            "source": c.source,
            "text": c.anchor,
            "themes": list(themes),
            "labelled_by": f"reviewer {c.reviewer} ({c.created_at}), correction #{c.id}",
            "note": c.note,
        })
    return rows


def write_labels(rows: list[dict[str, Any]], path: Path) -> Path:
    """Write label rows as JSONL (what ``models.labels.load_labels`` reads)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    return path
