"""The ``actionplans`` command: one subcommand per capability, each a thin wire to a package.

Heavy imports (spaCy, scikit-learn, Whoosh, Flask) happen inside the handlers so that
``actionplans --help`` and ``extract`` start fast.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from actionplans import __version__

PLAN_SUFFIXES = {".txt", ".md", ".html", ".htm"}


def _expand_paths(paths: Sequence[str]) -> list[Path]:
    """Files as given, folders expanded to the plan files inside them."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in PLAN_SUFFIXES))
        else:
            out.append(path)
    return out


def cmd_extract(args: argparse.Namespace) -> int:
    from actionplans.pipeline import read_plans

    plans, errors = read_plans(_expand_paths(args.files))
    records = [r for plan in plans for r in plan.records]
    if args.format == "csv":
        writer = csv.writer(sys.stdout)
        columns = list(records[0].to_dict()) if records else []
        writer.writerow(columns)
        for record in records:
            row = record.to_dict()
            writer.writerow(
                [json.dumps(v) if isinstance(v, list | dict) else ("" if v is None else v)
                 for v in (row[c] for c in columns)]
            )
    else:
        for record in records:
            sys.stdout.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    return 1 if errors else 0


def cmd_train(args: argparse.Namespace) -> int:
    from models.classifier import ModelError, train
    from models.labels import LabelsError
    from models.taxonomy import TaxonomyError

    try:
        classifier = train(args.labels, args.themes, seed=args.seed, out=args.out)
    except (ModelError, LabelsError, TaxonomyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    meta = classifier.metadata
    print(f"trained on {meta['n_labelled']} labelled records + {meta['n_examples']} taxonomy "
          f"examples; thresholds: "
          + ", ".join(f"{t}={v:.3f}" for t, v in zip(classifier.themes, classifier.thresholds,
                                                     strict=True)))
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from models.classifier import ModelError
    from models.evaluate import evaluate, format_errors, format_report
    from models.labels import LabelsError
    from models.taxonomy import TaxonomyError

    try:
        result = evaluate(args.labels, args.themes, seed=args.seed)
    except (ModelError, LabelsError, TaxonomyError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_report(result))
        if args.errors:
            print(format_errors(result))
    return 0


def cmd_classify(args: argparse.Namespace) -> int:
    from models.classifier import ModelError, ThemeClassifier

    texts = [args.text] if args.text is not None else [line.rstrip("\n") for line in sys.stdin]
    try:
        classifier = ThemeClassifier.load(args.model)
    except ModelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for text, prediction in zip(texts, classifier.predict(texts), strict=True):
        if args.json:
            row = {"text": text, "themes": prediction.themes,
                   "theme_scores": prediction.theme_scores, "evidence": prediction.evidence}
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(f"{','.join(prediction.themes) or '-'}\t{text}\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="actionplans",
        description="Search and classify HM Inspectorate of Probation action plans.",
    )
    parser.add_argument("--version", action="version", version=f"actionplans {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="read plans into action records")
    p.add_argument("files", nargs="+", help="plan files or folders (.txt, .md, .html)")
    p.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    p.set_defaults(handler=cmd_extract)

    p = sub.add_parser("train", help="retrain the theme classifier from the labels file")
    p.add_argument("--labels", type=Path, default=None, help="labels JSONL (default: shipped)")
    p.add_argument("--themes", type=Path, default=None, help="taxonomy TOML (default: shipped)")
    p.add_argument("--out", type=Path, default=None, help="artifact path (default: shipped)")
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(handler=cmd_train)

    p = sub.add_parser("evaluate", help="leave-one-plan-out scores of the theme classifier")
    p.add_argument("--labels", type=Path, default=None, help="labels JSONL (default: shipped)")
    p.add_argument("--themes", type=Path, default=None, help="taxonomy TOML (default: shipped)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true", help="print the full result as JSON")
    p.add_argument("--errors", action="store_true", help="also list the misclassified records")
    p.set_defaults(handler=cmd_evaluate)

    p = sub.add_parser("classify", help="tag each line of stdin (or TEXT) with themes")
    p.add_argument("text", nargs="?", default=None, help="one text (default: read stdin lines)")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.add_argument("--model", type=Path, default=None, help="artifact (default: shipped)")
    p.set_defaults(handler=cmd_classify)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
