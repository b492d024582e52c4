"""A wide dev-side probe of the table reader: random layouts of the family over dev plans.

    .venv/bin/python bench/layout_probe.py                       # 150 layouts, invented dev plans
    .venv/bin/python bench/layout_probe.py --plans samples --seed 11 --count 300

Each draw picks a dev plan (the three invented dev plans of ``tests/nlp/documents/dev/gold``,
or the four sample plans' gold), a layout (rows per step or per recommendation, step numbers
inline, alone or in a column, plain or paragraph cells, wrapped or not, blank lines, page
breaks, missing number cells, strays, a Progress column, the family's date forms) and a seed,
renders it with ``tests/nlp/layouts/render.py``, parses it and scores it with the layout
scorer. It prints the totals and one line per plan with junk records (a step split or a
fragment made a record), so a new junk kind shows up before the held-out split sees it.
Never run it on the held-out plans: it is for finding faults, on dev material only.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp.dates import target_month  # noqa: E402
from tests.nlp.layouts.material import parse_rendered  # noqa: E402
from tests.nlp.layouts.render import Layout, load_gold, render  # noqa: E402
from tests.nlp.layouts.score import score_plan  # noqa: E402

DEV_GOLD = ROOT / "tests" / "nlp" / "documents" / "dev" / "gold"
SAMPLES = ["sample-000", "sample-001", "sample-002", "sample-004"]


def load_dev_gold(path: Path) -> dict:
    """An invented dev plan (document gold format) completed to the layout gold format: the
    fields the documents do not need (printed dates, title, target months) filled in."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    header = gold["header"]
    for key in ("submitted", "published"):
        year, month, day = header[f"{key}_iso"].split("-")
        header.setdefault(key, f"{day}/{month}/{year}")
    header.setdefault("title", f"A Response to the HMI Probation Inspection: {header['provider']}")
    header.setdefault("title_extra", [])
    header.setdefault("heading", header["provider_short"].split()[0])
    for rec in gold["recommendations"]:
        rec.setdefault("repeated", False)
        for action in rec["actions"]:
            action.setdefault("target_month", target_month(action.get("target")))
    return gold


def random_layout(rng: random.Random) -> Layout:
    step_rows = rng.random() < 0.5
    return replace(
        Layout(name="probe"), rows="step" if step_rows else "rec",
        numbers=rng.choice(["inline", "alone", "column"]) if step_rows else "inline",
        cells=rng.choice(["plain", "html"]),
        wrap=rng.choice([0, 0, 45, 60, 80]) if step_rows else 0,
        blank_in_row=rng.random() < 0.5, page_lines=rng.choice([0, 25, 40, 60]),
        missing_rec_number=rng.random() < 0.5, strays=step_rows and rng.random() < 0.5,
        progress=rng.random() < 0.5, number_steps=rng.random() < 0.5,
        date_forms=rng.random() < 0.5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plans", choices=("invented", "samples"), default="invented")
    parser.add_argument("--count", type=int, default=150)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.plans == "invented":
        golds = {p.stem: load_dev_gold(p) for p in sorted(DEV_GOLD.glob("*.json"))}
    else:
        golds = {name: load_gold(name) for name in SAMPLES}
    rng = random.Random(args.seed)
    totals: Counter[str] = Counter()
    for _ in range(args.count):
        layout, name, seed = random_layout(rng), rng.choice(sorted(golds)), rng.randrange(10_000)
        rendered = render(golds[name], layout, seed)
        records = [r.to_dict() for r in parse_rendered(rendered).records]
        score = score_plan(name, rendered.expected, records, rendered.text,
                           rendered.table_start, rendered.table_end, rendered.furniture,
                           rendered.junk)
        totals.update(plans=1, gold=score.gold, found=score.found, exact=score.units_exact,
                      junk=score.junk_records, unplaced=score.unplaced_words,
                      lost=score.lost_words)
        if score.junk_records:
            print(f"junk {score.junk_records}: {name} seed {seed} {layout}: {score.misses[:3]}")
    gold = totals["gold"] or 1
    print(f"{totals['plans']} plans ({args.plans}, seed {args.seed}): found "
          f"{totals['found'] / gold:.3f}, units exact {totals['exact'] / gold:.3f}, junk "
          f"{totals['junk']}, unplaced words {totals['unplaced']}, lost words {totals['lost']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
