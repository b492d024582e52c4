"""Issue 10's figures on the layout splits: gold plans re-laid in layouts of the family.

    .venv/bin/python bench/layout_quality.py --split dev            # per layout + aggregate
    .venv/bin/python bench/layout_quality.py --split dev --misses   # what went wrong, per plan
    .venv/bin/python bench/layout_quality.py --split probe          # new dev-side material
    .venv/bin/python bench/layout_quality.py --split test           # aggregate only (held out)

The material (gold, renderer, splits, scorer) is in ``tests/nlp/layouts/``; see its README.
Tune on dev only; the test split is the held-out measure and is reported as the headline.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp import PlanError  # noqa: E402
from tests.nlp.layouts.material import parse_rendered, render_split  # noqa: E402
from tests.nlp.layouts.score import (  # noqa: E402
    THRESHOLDS,
    PlanScore,
    aggregate,
    header_matches,
    meets,
    score_plan,
)

COLUMNS = ["found", "units_exact", "owners_exact", "target_months", "rec_numbers",
           "junk_records", "unplaced_words", "lost_words", "headers", "accounting_clean"]


def score_split(split: str) -> list[PlanScore]:
    scores = []
    for rendered in render_split(split):
        try:
            plan = parse_rendered(rendered)
        except PlanError:
            plan = None
        records = [r.to_dict() for r in plan.records] if plan else []
        score = score_plan(rendered.name, rendered.expected, records, rendered.text,
                           rendered.table_start, rendered.table_end,
                           rendered.furniture, rendered.junk)
        if plan is not None:
            score.header_ok = header_matches(vars(plan), rendered.header)
            accounting = getattr(plan, "accounting", None)  # issue 10's contract, once built
            score.accounting_clean = None if accounting is None else bool(accounting.clean)
        scores.append(score)
    return scores


def _row(label: str, figures: dict) -> str:
    cells = [f"{figures[c]:.3f}" if isinstance(figures[c], float) else
             "-" if figures[c] is None else str(figures[c]) for c in COLUMNS]
    return f"{label:<22}" + "".join(f"{c:>17}" for c in cells) + f"{figures['plans']:>7}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "probe", "test"], default="dev")
    parser.add_argument("--detail", action="store_true",
                        help="per-layout figures for the test split too")
    parser.add_argument("--misses", action="store_true",
                        help="list each plan's misses and lost words (dev and probe only)")
    parser.add_argument("--json", action="store_true", help="aggregate figures as JSON")
    args = parser.parse_args(argv)
    scores = score_split(args.split)
    total = aggregate(scores)
    if args.json:
        print(json.dumps({"split": args.split, **total, "meets": meets(total)}, indent=1))
        return 0
    print(f"{'':<22}" + "".join(f"{c:>17}" for c in COLUMNS) + f"{'plans':>7}")
    if args.split != "test" or args.detail:
        by_layout: dict[str, list[PlanScore]] = defaultdict(list)
        for s in scores:
            by_layout[s.name.split(":")[1]].append(s)
        for layout, group in by_layout.items():
            print(_row(layout, aggregate(group)))
    print(_row(f"ALL ({args.split})", total))
    print(f"{'threshold':<22}" + "".join(
        f"{('>= ' if c not in ('junk_records', 'lost_words') else '<= ') + str(THRESHOLDS[c]):>17}"
        if c in THRESHOLDS else f"{'':>17}" for c in COLUMNS))
    met = meets(total)
    print("met: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in met.items()))
    if args.misses and args.split != "test":
        for s in scores:
            if s.misses or s.lost_words or s.junk_records:
                print(f"\n{s.name}: {s.found}/{s.gold} found, {s.junk_records} junk, "
                      f"{s.lost_words} lost {s.lost_sample}")
                for miss in s.misses:
                    print("   ", miss)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
