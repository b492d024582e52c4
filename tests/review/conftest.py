"""Small plans and a correction factory for the review tests."""

from __future__ import annotations

import itertools

import pytest

from nlp.records import ActionRecord, Plan, Recommendation
from review.store import Correction


def record(n: int, text: str, **fields) -> ActionRecord:
    values = dict(id=f"p-r1-{n:02d}", source="p.txt", provider="Somewhere CRC",
                  provider_short="Somewhere", submitted=None, published=None, rec_number="1",
                  rec_text="Improve assessment", addressee="CRC", agreement="agreed",
                  repeated=False, kind="action", text=text, position=n)
    values.update(fields)
    return ActionRecord(**values)


def plan(*records: ActionRecord) -> Plan:
    return Plan("p.txt", "Somewhere CRC", "Somewhere", None, None,
                [Recommendation("1", "Improve assessment", "CRC", "agreed"),
                 Recommendation("2", "Train staff in safeguarding", "NPS", "partly agreed")],
                list(records))


@pytest.fixture
def make():
    """``make(record, field, old, new)``: a correction of ``record`` as it reads now."""
    ids = itertools.count(1)

    def correction(target: ActionRecord, field: str, old, new, **fields) -> Correction:
        values = dict(id=next(ids), record_id=target.id, source=target.source, field=field,
                      old_value=old, new_value=new, anchor=target.text, reviewer="ann",
                      created_at="2026-01-01T00:00:00Z")
        values.update(fields)
        return Correction(**values)

    return correction
