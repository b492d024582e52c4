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
