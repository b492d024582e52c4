"""What labelling queued items and retraining is worth: figures before and after.

Builds a data directory from the bundled sample plans (shipped model), enters the labels of
``bench/review_queue_labels.jsonl`` (the first 20 items of the review queue, labelled by reading
each text against models/LABELLING.md) as reviewer corrections, exactly as the review screen
stores them (``themes`` when the reading differs from the model's tags, ``accept`` when it
agrees), then measures:

- test: the hand-written statements never trained on (``models/statements.jsonl``, 44 short;
  ``models/long_statements.jsonl``, 32 multi-sentence): the shipped model against the model
  retrained with the corrections;
- dev: leave-one-plan-out macro-F1 over the labelled action and measure records of the sample
  plans, without and with the corrections in the training folds (``actionplans evaluate
  --index DIR`` prints the same two tables).

    .venv/bin/python bench/review_learning.py [--data DIR] [--out FILE.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "bench" / "review_queue_labels.jsonl"
REVIEWER = "review-helper"


def enter_corrections(data_dir: Path, labels: list[dict]) -> dict[str, int]:
    """Store each label as the review screen would; returns counts by kind of row."""
    from index.search import ActionIndex
    from review.store import ReviewStore

    store = ReviewStore(data_dir)
    done = {c.record_id for c in store.corrections()}
    index = ActionIndex(data_dir)
    counts = {"themes": 0, "accept": 0, "already": 0}
    for label in labels:
        record = index.get(label["id"])
        if record is None or record.text != label["text"]:
            raise SystemExit(f"{label['id']}: not in the index with the labelled text; "
                             "re-read it (the parser changed)")
        if record.id in done:
            counts["already"] += 1
            continue
        same = sorted(record.themes) == sorted(label["themes"])
        field = "accept" if same else "themes"
        store.add(record_id=record.id, source=record.source, field=field,
                  old_value=list(record.themes),
                  new_value=list(record.themes) if same else list(label["themes"]),
                  anchor=record.text, reviewer=REVIEWER, note=label.get("note", ""))
        counts[field] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="data directory (default: temp)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" /
                        "review_learning.json")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from actionplans.config import sample_plan_paths
    from actionplans.pipeline import read_plans
    from actionplans.retrain import corrections_labels_file
    from index.build import build_index
    from models.classifier import ThemeClassifier, train
    from models.evaluate import evaluate, macro_f1, score_statements
    from models.labels import load_labels

    data_dir = args.data or Path(tempfile.mkdtemp(prefix="review-learning-"))
    if not (data_dir / "current").exists():
        plans, _ = read_plans(sample_plan_paths())
        build_index(plans, data_dir)
    labels = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines()
              if line.strip()]
    counts = enter_corrections(data_dir, labels)
    extra, n = corrections_labels_file(data_dir, data_dir / "corrections-labels.jsonl")
    shipped = {r.id: set(r.themes) for r in load_labels()}
    agree_shipped = sum(shipped.get(label["id"]) == set(label["themes"]) for label in labels)
    print(f"{len(labels)} queue items labelled: {counts['themes']} themes corrected, "
          f"{counts['accept']} accepted as tagged; {agree_shipped} agree with the shipped "
          f"labels of the same records", flush=True)

    retrained_path = data_dir / "model" / "themes.skops"
    retrained = train(out=retrained_path, extra_labels=extra)
    figures: dict[str, dict[str, float]] = {}
    for name in ("statements.jsonl", "long_statements.jsonl"):
        path = ROOT / "models" / name
        before, _ = score_statements(ThemeClassifier.load(), path)
        after, _ = score_statements(retrained, path)
        figures[f"test {name}"] = {"before": macro_f1(before), "after": macro_f1(after),
                                   "n": len(load_labels(path))}
        print(f"test {name}: {figures[f'test {name}']}", flush=True)
    without = evaluate()
    with_corrections = evaluate(extra_labels=extra)
    figures["dev leave-one-plan-out"] = {"before": without.macro_f1,
                                         "after": with_corrections.macro_f1,
                                         "n": without.n_records}
    print(f"dev leave-one-plan-out: {figures['dev leave-one-plan-out']}")
    print("\n| | n | before (shipped labels) | after (+ corrections) |\n|---|---|---|---|")
    for name, row in figures.items():
        print(f"| {name} | {row['n']} | {row['before']:.3f} | {row['after']:.3f} |")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"labels": len(labels), "corrections": counts,
                                    "agree_with_shipped_labels": agree_shipped,
                                    "reviewer_labels_used": n, "figures": figures,
                                    "data_dir": str(data_dir)}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
