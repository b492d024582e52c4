"""Records, hits and plans as JSON-ready dicts and CSV: one shape for the API and the exports."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import asdict, is_dataclass
from typing import Any

from webapp.safe_html import safe_highlight_text

HIT_FIELDS = (
    "id", "text", "provider", "provider_short", "rec_number", "kind", "owners", "target",
    "target_month", "themes",
)
EXPORT_COLUMNS = (
    "id", "provider", "provider_short", "source", "rec_number", "rec_text", "agreement",
    "repeated", "kind", "text", "owners", "target", "target_month", "status", "themes", "score",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def hit_json(hit: Any) -> dict[str, Any]:
    """One search hit in the API's shape (keys in ``HIT_FIELDS`` order, then score and
    highlight): written out as one dict, not zipped into a dict and then patched."""
    r = hit.record
    return {"id": r.id, "text": r.text, "provider": r.provider,
            "provider_short": r.provider_short, "rec_number": r.rec_number, "kind": r.kind,
            "owners": list(r.owners or []), "target": r.target, "target_month": r.target_month,
            "themes": list(r.themes or []), "score": round(float(hit.score), 4),
            "highlight": safe_highlight_text(hit.highlight)}


def facets_json(facets: dict[str, list[tuple[str, int]]]) -> dict[str, list[dict[str, Any]]]:
    """Facets as ``{name: [{"value": ..., "count": n}]}``, in the index's order."""
    return {
        name: [{"value": str(value), "count": int(count)} for value, count in values]
        for name, values in (facets or {}).items()
    }


def search_json(result: Any) -> dict[str, Any]:
    """A whole result page in the API's shape."""
    return {
        "query": result.query,
        "total": result.total,
        "page": result.page,
        "per_page": result.per_page,
        "hits": [hit_json(h) for h in result.hits],
        "facets": facets_json(result.facets),
        "suggestion": result.suggestion,
        "message": result.message,
    }


def as_dict(obj: Any) -> dict[str, Any]:
    """A dataclass (or mapping) as a plain dict."""
    if is_dataclass(obj) and not isinstance(obj, type):
        return asdict(obj)
    if isinstance(obj, dict):
        return dict(obj)
    return dict(vars(obj))


def plan_json(plan: Any) -> dict[str, Any]:
    """A plan summary with its recommendations."""
    out = as_dict(plan)
    out["recommendations"] = [as_dict(r) for r in (getattr(plan, "recommendations", None) or [])]
    return out


def _cell(value: Any) -> str:
    """A CSV cell: lists joined, and text that a spreadsheet would run as a formula made inert."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    if text.startswith(_FORMULA_START):
        text = "'" + text
    return text


def export_rows(hits: Iterable[Any]) -> list[dict[str, Any]]:
    """Hits as flat rows with the export columns (scores rounded)."""
    rows = []
    for hit in hits:
        record = hit.record
        row = {name: getattr(record, name, None) for name in EXPORT_COLUMNS if name != "score"}
        row["score"] = round(float(hit.score), 4)
        rows.append(row)
    return rows


def export_csv(hits: Iterable[Any]) -> str:
    """The result set as CSV text with a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in export_rows(hits):
        writer.writerow([_cell(row[name]) for name in EXPORT_COLUMNS])
    return buffer.getvalue()
