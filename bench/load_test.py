"""Load test: N concurrent clients searching for S seconds against `actionplans serve`.

Starts the real server (waitress) on a free loopback port over the default index (built from
the bundled sample plans on first run) unless --url points at one already running. Each client
keeps one HTTP/1.1 connection and loops over a fixed mix of searches, alternating the HTML
results page and the JSON API, with facet filters and page changes, for the given time. Prints
p50/p95/p99 latency, throughput and the error count (any non-200 answer or socket error), and
writes them as JSON to bench/results/load_test.json. A warm-up of untimed searches from one
client comes first (the server loads its classifier and vectors in the background at start).

    .venv/bin/python bench/load_test.py              # 20 clients, 30 s
    .venv/bin/python bench/load_test.py --clients 5 --seconds 5 --url http://127.0.0.1:8000
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "load_test.json"
SERVER_LOG = ROOT / "bench" / "results" / "load_test_server.log"

# What inspectors type: words, phrases, acronyms, a typo, field filters, plus facet clicks.
QUERIES = [
    {"q": "safeguarding"},
    {"q": '"domestic abuse"'},
    {"q": "UPW"},
    {"q": "unpaid work", "sort": "target"},
    {"q": "premisses"},
    {"q": "training staff", "theme": "training"},
    {"q": "ETE employment"},
    {"q": "risk assessment OASys", "page": "2"},
    {"q": "theme:safeguarding police"},
    {"q": "quality assurance", "agreement": "agreed"},
    {"q": "", "theme": "ETE"},
    {"q": "home visits NOT children"},
]
PATHS = ("/search", "/api/search")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(index: str | None, server_log: Path = SERVER_LOG
                 ) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [sys.executable, "-m", "actionplans", "serve", "--port", str(port)]
    if index:
        command += ["--index", index]
    server_log.parent.mkdir(parents=True, exist_ok=True)
    with server_log.open("w") as log:  # a file, not a pipe: a full pipe would stall the server
        process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"error: the server exited: {server_log.read_text()[-2000:]}")
        try:
            urllib.request.urlopen(base + "/api/health", timeout=2).read()
            return process, base
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("error: the server did not start within 180 s")


def client(base: str, offset: int, stop_at: float, out: list, errors: list) -> None:
    """One user: a keep-alive connection looping over the query mix until ``stop_at``."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    i = offset
    while time.monotonic() < stop_at:
        params = {k: v for k, v in QUERIES[i % len(QUERIES)].items() if v}
        path = PATHS[(i // len(QUERIES)) % len(PATHS)]
        url = f"{path}?{urlencode(params)}"
        started = time.perf_counter()
        try:
            connection.request("GET", url)
            response = connection.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            if response.status == 200:
                out.append((path, elapsed))
            else:
                errors.append(f"{response.status} {url}")
        except (OSError, http.client.HTTPException) as exc:
            errors.append(f"{type(exc).__name__} {url}")
            connection.close()
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        i += 1
    connection.close()


def summarise(samples: list[tuple[str, float]], errors: list[str], seconds: float,
              clients: int) -> dict:
    def stats(values: list[float]) -> dict:
        ms = [v * 1000 for v in values]
        return {"requests": len(ms), "p50_ms": round(percentile(ms, 50), 1),
                "p95_ms": round(percentile(ms, 95), 1), "p99_ms": round(percentile(ms, 99), 1),
                "mean_ms": round(statistics.fmean(ms), 1) if ms else None}

    return {
        "clients": clients,
        "seconds": round(seconds, 1),
        "requests": len(samples),
        "errors": len(errors),
        "error_examples": errors[:5],
        "throughput_rps": round(len(samples) / seconds, 1),
        "all": stats([s for _, s in samples]),
        **{path: stats([s for p, s in samples if p == path]) for path in PATHS},
        "machine": {"cpus": os.cpu_count()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--url", default=None, help="a running server (default: start one)")
    parser.add_argument("--index", default=None, help="data directory for the started server")
    parser.add_argument("--warmup", type=float, default=15.0,
                        help="seconds of untimed searches first (the server loads its models)")
    args = parser.parse_args(argv)
    process = None
    base = args.url
    if base is None:
        process, base = start_server(args.index)
    parsed = urlsplit(base)
    if parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("error: load tests only run against loopback addresses")
    try:
        client(base, 0, time.monotonic() + args.warmup, [], [])
        samples: list[tuple[str, float]] = []
        errors: list[str] = []
        started = time.monotonic()
        stop_at = started + args.seconds
        threads = [threading.Thread(target=client, args=(base, n, stop_at, samples, errors))
                   for n in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        summary = summarise(samples, errors, time.monotonic() - started, args.clients)
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=10)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"{summary['clients']} clients, {summary['seconds']} s: {summary['requests']} "
          f"requests ({summary['throughput_rps']}/s), {summary['errors']} errors")
    for name in ("all", *PATHS):
        s = summary[name]
        print(f"  {name:12s} n={s['requests']:5d}  p50 {s['p50_ms']} ms  p95 {s['p95_ms']} ms  "
              f"p99 {s['p99_ms']} ms")
    return 1 if summary["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
