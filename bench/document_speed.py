"""Time reading a 15-page plan PDF: the reader alone (PDF -> rows of cells) and the whole
parse (reader, table parser, page provenance), in one warm process, median of several runs.

Target (issue 11): a 15-page plan PDF read in under 1 s.

    .venv/bin/python -m bench.document_speed [--runs 7] [PDF]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "tests" / "nlp" / "documents" / "000_37c97ea99fc6cc4d.rows.pdf"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pdf", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    import pypdfium2

    from nlp.plan import parse_plan
    from nlp.reading import read_document

    pages = len(pypdfium2.PdfDocument(args.pdf))
    parse_plan(args.pdf)  # warm: imports, spaCy for acronyms
    timings: dict[str, list[float]] = {"read": [], "read + parse + pages": []}
    for _ in range(args.runs):
        started = time.perf_counter()
        read_document(args.pdf)
        timings["read"].append(time.perf_counter() - started)
        started = time.perf_counter()
        records = len(parse_plan(args.pdf).records)
        timings["read + parse + pages"].append(time.perf_counter() - started)
    print(f"{args.pdf.name}: {pages} pages, {records} records, {args.runs} runs")
    for name, values in timings.items():
        print(f"  {name}: median {statistics.median(values):.3f} s, min {min(values):.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
