"""Time `actionplans extract` on the bundled sample plans, start-up included.

Target (issue 2): under 5 seconds for all four sample plans together.

    .venv/bin/python bench/extract_speed.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    exe = shutil.which("actionplans", path=str(Path(sys.executable).parent)) or "actionplans"
    plans = ROOT / "actionplans" / "sample_plans"
    times = []
    records = 0
    for _ in range(args.runs):
        start = time.perf_counter()
        out = subprocess.run([exe, "extract", str(plans)], capture_output=True, check=True,
                             env={**os.environ, "PYTHONDONTWRITEBYTECODE": "0"})
        times.append(time.perf_counter() - start)
        records = len(out.stdout.splitlines())
    print(f"extract {records} records from {len(list(plans.iterdir()))} plans, "
          f"{args.runs} runs: min {min(times):.2f} s, median {statistics.median(times):.2f} s, "
          f"max {max(times):.2f} s (target < 5 s)")
    return 0 if statistics.median(times) < 5 else 1


if __name__ == "__main__":
    sys.exit(main())
