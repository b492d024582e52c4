"""Damaged variants of the sample plans give records or a PlanError, never a crash."""

from __future__ import annotations

import random

import pytest

from actionplans.config import sample_plan_paths
from nlp import PlanError, parse_plan_text
from tests.nlp.helpers import checked


def _variants(seed: int, count: int):
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in sample_plan_paths()]
    for i in range(count):
        lines = rng.choice(texts).split("\n")
        if i % 4 == 0:
            lines = lines[: rng.randint(0, len(lines))]
        elif i % 4 == 1:
            rng.shuffle(lines)
        elif i % 4 == 2:
            lines = lines[rng.randint(0, len(lines) - 1):]
        else:
            lines = [line.replace("\t", "\t" * rng.randint(0, 3)) for line in lines]
        yield "\n".join(lines)


@pytest.mark.parametrize("text", list(_variants(seed=7, count=40)))
def test_damaged_plans_never_crash(text):
    try:
        plan = checked(parse_plan_text(text, "damaged.txt"), unplaced=None)
    except PlanError as exc:
        assert str(exc).startswith("damaged.txt:")
        return
    assert all(r.text and r.id.startswith("damaged") for r in plan.records)
    assert len({r.id for r in plan.records}) == len(plan.records)
