"""Applying corrections to the parser's output, in the order they were made.

Every index build reads the plans as parsed (and tagged) and replays every correction on them,
so a re-index or a parser upgrade keeps what people fixed. A correction is applied only if the
record still exists and still reads as it did when the correction was made (its text, and for
a field its old value); otherwise it is reported as needing attention and left unapplied,
never silently applied or dropped. Theme corrections are deltas (themes added, themes removed)
on top of whatever the classifier now says: they are a person's judgement of that text.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from nlp.dates import target_month, target_status
from nlp.records import KINDS, ActionRecord, Plan
from review.store import Correction

APPLIED = "applied"
ATTENTION = "attention"


@dataclass(frozen=True)
class Outcome:
    """What became of one correction in one build."""

    id: int
    record_id: str
    field: str
    status: str  # APPLIED or ATTENTION
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def split_id(record_id: str, correction_id: int) -> str:
    """The id of the second half of a split record: stable, URL-safe, one per correction."""
    return f"{record_id}-s{correction_id}"


class _Records:
    """Every plan's records, findable by id, changed in place."""

    def __init__(self, plans: list[Plan]) -> None:
        self.plans = plans
        self.plan_of: dict[str, Plan] = {}
        for plan in plans:
            for record in plan.records:
                self.plan_of[record.id] = plan

    def get(self, record_id: str) -> ActionRecord | None:
        plan = self.plan_of.get(record_id)
        return next((r for r in plan.records if r.id == record_id), None) if plan else None

    def insert_after(self, record: ActionRecord, new: ActionRecord) -> None:
        plan = self.plan_of[record.id]
        plan.records.insert(plan.records.index(record) + 1, new)
        self.plan_of[new.id] = plan
        _renumber(plan)

    def remove(self, record: ActionRecord) -> None:
        plan = self.plan_of.pop(record.id)
        plan.records.remove(record)
        _renumber(plan)

    def next_of(self, record: ActionRecord) -> ActionRecord | None:
        records = self.plan_of[record.id].records
        at = records.index(record)
        return records[at + 1] if at + 1 < len(records) else None


def _renumber(plan: Plan) -> None:
    for position, record in enumerate(plan.records):
        record.position = position


def apply_corrections(plans: list[Plan], corrections: Iterable[Correction]
                      ) -> tuple[list[Plan], list[Outcome]]:
    """Copies of ``plans`` with ``corrections`` replayed, and what became of each."""
    plans = copy.deepcopy(plans)
    records = _Records(plans)
    outcomes = []
    for correction in sorted(corrections, key=lambda c: c.id):
        reason = _apply_one(records, correction)
        outcomes.append(Outcome(correction.id, correction.record_id, correction.field,
                                ATTENTION if reason else APPLIED, reason or ""))
    return plans, outcomes


def _apply_one(records: _Records, c: Correction) -> str | None:
    """Apply ``c``; ``None`` when applied, else why it needs attention."""
    record = records.get(c.record_id)
    if record is None:
        return "the record no longer exists"
    if record.text != c.anchor:
        return "the record's text has changed since the correction was made"
    if c.field == "accept":
        return None
    if c.field == "themes":
        added = set(c.new_value) - set(c.old_value)
        removed = set(c.old_value) - set(c.new_value)
        kept = [t for t in record.themes if t not in removed]
        record.themes = kept + sorted(added - set(kept))
        return None
    if c.field in ("kind", "owners", "target", "rec_number"):
        current = getattr(record, c.field)
        if current != c.old_value and current != c.new_value:
            return (f"{c.field} is now {current!r}, not {c.old_value!r} as when corrected")
        return _set_field(records, record, c.field, c.new_value)
    if c.field == "split":
        first, second = c.new_value
        if (first + " " + second).split() != record.text.split():
            return "the split parts no longer make up the record's text"
        part = copy.deepcopy(record)
        part.id = split_id(record.id, c.id)
        part.text = second
        part.step = None
        record.text = first
        records.insert_after(record, part)
        return None
    if c.field in ("merge", "move"):
        other = records.get(c.old_value.get("other_id", ""))
        if other is None:
            return f"the record to merge in ({c.old_value.get('other_id')}) no longer exists"
        if other.text != c.old_value.get("other_text"):
            return f"the text of {other.id} has changed since the correction was made"
        if c.field == "merge" and records.next_of(record) is not other:
            return f"{other.id} no longer follows this record"
        if c.field == "move" and other.kind != "unplaced":
            return f"{other.id} is no longer unplaced text"
        record.text = c.new_value
        records.remove(other)
        return None
    return f"unknown field {c.field!r}"


def _set_field(records: _Records, record: ActionRecord, name: str, value: Any) -> str | None:
    if name == "kind" and value not in KINDS:
        return f"kind {value!r} is not one of {', '.join(KINDS)}"
    setattr(record, name, value)
    if name == "target":
        record.target_month = target_month(value)
        record.status = target_status(value)
    if name == "rec_number":
        plan = records.plan_of[record.id]
        match = next((r for r in plan.recommendations if r.number == value), None)
        if match is not None:
            record.rec_text = match.text
            record.agreement = match.agreement
            record.addressee = match.addressee
            record.repeated = match.repeated
    return None


def corrected_ids(outcomes: Iterable[Outcome]) -> set[str]:
    """Records changed by an applied correction (for the "corrected" mark)."""
    ids = set()
    for o in outcomes:
        if o.status == APPLIED and o.field != "accept":
            ids.add(o.record_id)
            if o.field == "split":
                ids.add(split_id(o.record_id, o.id))
    return ids


def with_status(corrections: Iterable[Correction], report: dict[str, Any]
                ) -> list[dict[str, Any]]:
    """Each correction as a dict with what a build made of it (``report``, the generation's
    ``corrections.json``): ``applied``, ``attention`` (with the reason) or ``pending`` (made
    since that build)."""
    outcomes = {o["id"]: o for o in report.get("corrections", [])}
    return [{**c.to_dict(), "status": outcomes.get(c.id, {}).get("status", "pending"),
             "reason": outcomes.get(c.id, {}).get("reason", "")} for c in corrections]
