"""Re-measure the design variants compared in the model card, under the same protocol.

Each variant is a leave-one-plan-out run (``models.evaluate``) with one option changed, so
every figure in the card's comparison table comes from a command:

    .venv/bin/python -m models.variants                 # every variant (a few minutes each)
    .venv/bin/python -m models.variants shipped whole-text
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from models.classifier import PARAM_GRID
from models.evaluate import evaluate


def _grid(**change: Any) -> list[dict[str, Any]]:
    return [{**params, **change} for params in PARAM_GRID]


VARIANTS: dict[str, dict[str, Any]] = {
    "shipped": {},
    "no-acronyms": {"expand_acronyms": False},
    "acronyms-abbreviate": {"grid": _grid(acronym_how="abbreviate")},
    "whole-text": {"combines": ("whole",)},  # no sentence-level scoring
    "chars": {"grid": _grid(chars=True)},
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"of {', '.join(VARIANTS)} (default: all)")
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in VARIANTS]
    if unknown:
        parser.error(f"unknown variant(s): {', '.join(unknown)}")
    for name in args.names or list(VARIANTS):
        result = evaluate(**VARIANTS[name])
        every = result.all_records or {}
        per_theme = " ".join(f"{s.theme}={s.f1:.3f}" for s in result.model)
        print(f"{name:<16} {result.scope}: macro-F1 {result.macro_f1:.3f} ({per_theme}); "
              f"all records: {every.get('macro_f1', result.macro_f1):.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
