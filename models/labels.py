"""The labelled dataset (``labels.jsonl``): one hand-labelled action or measure per line.

Each line is ``{"id", "source", "text", "themes": [...], "labelled_by"}``. ``source`` is the
plan the record came from: evaluation holds out whole plans, so it must be present.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from nlp.errors import ActionPlansError

LABELS_PATH = Path(__file__).resolve().parent / "labels.jsonl"


class LabelsError(ActionPlansError, ValueError):
    """A labels file that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class LabelledRecord:
    """One labelled record: its text, its plan and the themes a reader gave it."""

    id: str
    source: str
    text: str
    themes: tuple[str, ...]
    labelled_by: str = ""
    kind: str = ""  # action, measure or context (as extracted); "" if not given


def load_labels(path: Path | None = None, known_themes: list[str] | None = None,
                ) -> list[LabelledRecord]:
    """Read and check the labels file; themes outside ``known_themes`` are an error."""
    path = path or LABELS_PATH
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise LabelsError(f"{path}: cannot read labels file ({exc.strerror or exc})") from exc
    records: list[LabelledRecord] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LabelsError(f"{where}: not valid JSON ({exc.msg})") from exc
        if not isinstance(row, dict):
            raise LabelsError(f"{where}: expected a JSON object")
        for key in ("id", "source", "text"):
            if not isinstance(row.get(key), str) or not row[key].strip():
                raise LabelsError(f"{where}: field '{key}' must be a non-empty string")
        themes = row.get("themes")
        if not isinstance(themes, list) or not all(isinstance(t, str) for t in themes):
            raise LabelsError(f"{where}: field 'themes' must be a list of strings")
        unknown = sorted(set(themes) - set(known_themes)) if known_themes is not None else []
        if unknown:
            raise LabelsError(f"{where}: unknown theme(s) {', '.join(unknown)}")
        if row["id"] in seen:
            raise LabelsError(f"{where}: duplicate id {row['id']!r}")
        seen.add(row["id"])
        records.append(LabelledRecord(row["id"], row["source"], row["text"],
                                      tuple(dict.fromkeys(themes)),
                                      str(row.get("labelled_by", "")), str(row.get("kind", ""))))
    if not records:
        raise LabelsError(f"{path}: no labelled records")
    return records


def with_extra(records: list[LabelledRecord], extra: list[LabelledRecord]
               ) -> list[LabelledRecord]:
    """``records`` with ``extra`` added; an extra record replaces one with the same id."""
    replaced = {r.id for r in extra}
    return [r for r in records if r.id not in replaced] + list(extra)
