"""A correction factory for the review tests (the small plans are in tests/review/helpers.py)."""

from __future__ import annotations

import itertools

import pytest

from nlp.records import ActionRecord
from review.store import Correction


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
