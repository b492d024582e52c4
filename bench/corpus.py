"""The records the benchmarks run on: the bundled sample plans, and scaled copies of them.

Scaled corpora recombine the sample records across invented providers: each synthetic action is
a sample action whose last sentence may be swapped for one from another action, with a new
provider, plan, id and target month, so the index sees realistic text, vocabulary and facet
spread at 10 000 or 100 000 actions without inventing prose.
"""

from __future__ import annotations

import random
import re
import sys
from dataclasses import replace

from actionplans.config import sample_plan_paths
from actionplans.pipeline import read_plans
from nlp import parse_plan
from nlp.records import ActionRecord, Plan

PLACES = ["North", "South", "East", "West", "Greater", "Upper", "Lower", "Mid", "Inner", "Outer"]
REGIONS = ["Shire", "Vale", "Moor", "Dale", "Coast", "Marches", "Fens", "Downs", "Wolds",
           "Peaks", "Forest", "Valley", "Borders", "Lakes", "Heath"]
ACTIONS_PER_PLAN = 100
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sample_plans() -> list[Plan]:
    """The bundled plans through the real pipeline (records and themes).

    If the theme step itself fails (a model being retrained), the records go on without
    themes, with a warning: search speed and the graded queries do not depend on them.
    """
    try:
        plans, errors = read_plans(sample_plan_paths())
    except Exception as exc:  # noqa: BLE001 - any failure of the theme model
        print(f"warning: themes not added ({exc!r})", file=sys.stderr)
        plans, errors = [parse_plan(path) for path in sample_plan_paths()], []
    if errors:
        raise SystemExit("cannot read the sample plans: " + "; ".join(errors))
    if not any(r.themes for plan in plans for r in plan.records):
        print("warning: no record has a theme; the theme facet will be empty", file=sys.stderr)
    return plans


def _recombine(text: str, donor: str, rng: random.Random) -> str:
    sentences = _SENTENCE_END.split(text)
    donor_sentences = _SENTENCE_END.split(donor)
    if len(sentences) > 1 and rng.random() < 0.5:
        sentences[-1] = rng.choice(donor_sentences)
    return " ".join(sentences)


def scaled_plans(base: list[Plan], n_actions: int, seed: int = 0) -> list[Plan]:
    """About ``n_actions`` actions in plans of invented providers (deterministic per seed)."""
    rng = random.Random(seed)
    records = [r for plan in base for r in plan.records]
    plans: list[Plan] = []
    made = 0
    while made < n_actions:
        k = len(plans)
        provider = (f"{PLACES[k % len(PLACES)]} {REGIONS[(k // len(PLACES)) % len(REGIONS)]} "
                    f"{'CRC' if k % 3 else 'NPS Division'} {k // (len(PLACES) * len(REGIONS))}")
        source = f"bench-{k:05d}.txt"
        year = rng.choice([2017, 2018, 2019, 2020, 2021])
        chosen = rng.sample(records, min(ACTIONS_PER_PLAN, n_actions - made))
        plan_records: list[ActionRecord] = []
        for i, record in enumerate(chosen):
            month = f"{year + rng.choice([0, 0, 1])}-{rng.randint(1, 12):02d}"
            plan_records.append(replace(
                record, id=f"bench-{k:05d}-{i:03d}", source=source, provider=provider,
                provider_short=provider.split()[0] + provider.split()[1][0],
                submitted=f"{year}-{rng.randint(1, 12):02d}-01", position=i,
                text=_recombine(record.text, rng.choice(records).text, rng),
                target_month=month if record.target_month else None,
            ))
        plans.append(Plan(source, provider, plan_records[0].provider_short,
                          plan_records[0].submitted, None, [], plan_records))
        made += len(plan_records)
    return plans
