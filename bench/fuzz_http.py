"""HTTP fuzz: many generated requests against a real `actionplans serve`, for longer runs than
the property tests in the suite (tests/webapp/test_api_properties.py).

Starts the server (waitress) on a free loopback port over an index built from the bundled
sample plans (or --url points at a running one), then sends --requests generated requests
from --clients concurrent keep-alive connections: searches with generated query text (words,
stop words, phrases, every field and alias, doubled and dangling operators, brackets, ranges,
wildcards, control and non-ASCII characters, arbitrary Unicode), odd numeric parameters
(``²``, ``①``, thousands of digits), filters, ids that decode to ``//``, percent-encoded junk
paths, exports, and some HEAD/POST/DELETE. It counts what must never happen:

- a 5xx answer;
- a hang (no answer within --timeout seconds);
- a dropped connection (reset or closed without an answer);
- an answer under /api/ that is not JSON (Content-Type and body).

It also counts the server's "Task queue depth" log lines (throttled to one a minute). Writes
bench/results/fuzz_http.json; exits 1 if anything of the above happened.

    .venv/bin/python bench/fuzz_http.py                      # 10 000 requests, 8 clients
    .venv/bin/python bench/fuzz_http.py --requests 100000 --seed 7
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load_test import start_server  # noqa: E402 - after the path is set

RESULTS = ROOT / "bench" / "results" / "fuzz_http.json"
SERVER_LOG = ROOT / "bench" / "results" / "fuzz_http_server.log"

WORDS = ["training", "staff", "the", "of", "a", "UPW", "unpaid work", "premisses", "west",
         "yorkshire", "2019", "2019-06", "completed", "partly agreed", "ETE", "MAPPA", "e-mail",
         "safeguarding", "domestic abuse", "risk", "OASys", "x"]
FIELDS = ["text", "aliases", "rec", "owner", "owners", "who", "provider", "by", "theme",
          "themes", "status", "agreement", "kind", "year", "target", "due", "date", "id",
          "source", "rec_number", "recommendation", "pairs", "row", "nosuchfield", ""]
OPERATORS = ["AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "-", "+", "and", "not", "AND AND",
             "ANDNOT ANDNOT", "ANDMAYBE ANDMAYBE", "ANDNOT ANDMAYBE", "OR OR"]
SYNTAX = ['"', '""', "(", ")", "((", "))", "[", "]", "{", "}", "..", ":", "*", "?", "~", "~3",
          "^2", "\\", "/", "//", "TO", "'", "<script>alert(1)</script>", "&amp;", "%", "%00",
          "\x00", "\x1b", "\t", "\u00a0", "²", "①", "١", "\u202e", "\ufeff", "é", "💥", "\ud7ff"]
NUMBERS = ["1", "2", "0", "-1", "00", "0001", "100", "101", "1000", "1001", "1.5", "1e3", "²",
           "①", "١", "٣", "", " ", "9" * 30, "9" * 5000, "0x10", "abc", "\u00a0"]
SORTS = ["relevance", "target", "", "TARGET", "random", "\x00"]
FILTERS = ["theme", "provider", "agreement", "status", "year", "kind", "owner"]


def random_text(rng: random.Random, size: int) -> str:
    """Arbitrary Unicode (surrogates left out: they cannot be encoded in a URL)."""
    out = []
    for _ in range(size):
        code = rng.choice([rng.randint(0, 0x7f), rng.randint(0x80, 0x7ff),
                           rng.randint(0x800, 0xd7ff), rng.randint(0xe000, 0x10ffff)])
        out.append(chr(code))
    return "".join(out)


def query_text(rng: random.Random) -> str:
    pieces = []
    for _ in range(rng.randint(0, 10)):
        kind = rng.random()
        if kind < 0.3:
            pieces.append(rng.choice(WORDS))
        elif kind < 0.45:
            pieces.append(rng.choice(OPERATORS))
        elif kind < 0.6:
            pieces.append(rng.choice(SYNTAX))
        elif kind < 0.75:
            value = rng.choice(WORDS + SYNTAX)
            quoted = rng.random() < 0.4
            pieces.append(f'{rng.choice(FIELDS)}:{chr(34) + value + chr(34) if quoted else value}')
        elif kind < 0.82:
            pieces.append(f"{rng.choice(FIELDS)}:{rng.choice(['', '2019', 'x'])}.."
                          f"{rng.choice(['', '2020', 'z'])}")
        elif kind < 0.9:
            pieces.append(f'"{rng.choice(WORDS + SYNTAX + [""])}"')
        else:
            pieces.append(random_text(rng, rng.randint(1, 8)))
    glue = rng.choice([" ", " ", " ", "", "  "])
    text = glue.join(pieces)
    return text * rng.choice([1, 1, 1, 1, 2, 60])  # sometimes over the 500-character limit


def params(rng: random.Random) -> dict[str, str]:
    out: dict[str, str] = {}
    if rng.random() < 0.9:
        out["q"] = query_text(rng)
    for name in ("page", "per_page"):
        if rng.random() < 0.3:
            out[name] = rng.choice(NUMBERS)
    if rng.random() < 0.2:
        out["sort"] = rng.choice(SORTS)
    for name in rng.sample(FILTERS, rng.randint(0, 2)):
        out[name] = rng.choice(WORDS + SYNTAX + NUMBERS + [random_text(rng, 5)])
    return out


def request_for(rng: random.Random, ids: list[str]) -> tuple[str, str]:
    """(method, path with query string) of one generated request."""
    method = rng.choices(["GET", "HEAD", "POST", "DELETE"], [90, 4, 4, 2])[0]
    some_id = rng.choice(ids + ["//", "%2F%2F", "..", "%2e%2e", "x" * 300, quote("<script>"),
                                quote(random_text(rng, 4), safe=""), ""])
    kind = rng.random()
    if kind < 0.35:
        path, query = "/api/search", params(rng)
    elif kind < 0.6:
        path, query = "/search", params(rng)
    elif kind < 0.68:
        path, query = rng.choice(["/search/export.json", "/search/export.csv"]), params(rng)
    elif kind < 0.78:
        path = f"/api/actions/{some_id}" + rng.choice(["", "/similar"])
        query = {"limit": rng.choice(NUMBERS)} if rng.random() < 0.5 else {}
    elif kind < 0.84:
        path, query = f"/actions/{some_id}", {}
    elif kind < 0.9:
        path = rng.choice(["/api/repeats", "/repeats", "/api/plans", "/plans", "/api/themes",
                           "/themes", "/about", "/api/health", "/api/openapi.json", "/"])
        query = {name: rng.choice(WORDS + SYNTAX) for name in rng.sample(["theme", "provider"],
                                                                         rng.randint(0, 2))}
    else:
        junk = "".join(rng.choice(["/", "api", "%2F", "%00", "..", "%", "a", "%ZZ", "?", "#",
                                   "//", "plans", "%E2%80%AE"]) for _ in range(rng.randint(1, 6)))
        path, query = "/" + junk.lstrip("/"), {}
        if rng.random() < 0.5:
            path = "/api/" + junk.lstrip("/")
    encoded = urlencode(query, quote_via=quote) if query else ""
    return method, path + ("?" + encoded if encoded else "")


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: Counter[int] = Counter()
        self.problems: dict[str, list[str]] = {"5xx": [], "hang": [], "dropped": [],
                                               "api_not_json": []}
        self.latencies: list[float] = []
        self.slowest: list[tuple[float, str]] = []

    def problem(self, kind: str, what: str) -> None:
        with self.lock:
            self.problems[kind].append(what[:300])


def client(base: str, work: list[tuple[str, str]], tally: Tally, timeout: float) -> None:
    parts = urlsplit(base)
    connection = None
    for method, target in work:
        if connection is None:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        started = time.perf_counter()
        try:
            connection.request(method, target)
            response = connection.getresponse()
            body = response.read()
        except TimeoutError:
            tally.problem("hang", f"{method} {target}")
            connection.close()
            connection = None
            continue
        except (ConnectionError, http.client.HTTPException, OSError) as exc:
            tally.problem("dropped", f"{method} {target}: {type(exc).__name__}: {exc}")
            connection.close()
            connection = None
            continue
        elapsed = time.perf_counter() - started
        with tally.lock:
            tally.statuses[response.status] += 1
            tally.latencies.append(elapsed)
            tally.slowest = sorted([*tally.slowest, (elapsed, f"{method} {target}")],
                                   reverse=True)[:5]
        if response.status >= 500:
            tally.problem("5xx", f"{response.status} {method} {target}")
        path = urlsplit(target).path
        if path.startswith("/api/") and method != "HEAD":
            content_type = response.getheader("Content-Type", "")
            try:
                json.loads(body)
                ok = content_type.startswith("application/json")
            except ValueError:
                ok = False
            if not ok:
                tally.problem("api_not_json",
                              f"{response.status} {method} {target} ({content_type})")
        if response.getheader("Connection", "").lower() == "close":
            connection.close()
            connection = None
    if connection is not None:
        connection.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=30.0,
                        help="seconds without an answer that count as a hang")
    parser.add_argument("--url", default=None, help="a running server (default: start one)")
    parser.add_argument("--index", default=None,
                        help="data directory to serve (default: one built from the samples)")
    args = parser.parse_args(argv)

    process = None
    with tempfile.TemporaryDirectory(prefix="fuzz-http-") as scratch:
        base = args.url
        if base is None:
            index = args.index
            if index is None:
                index = str(Path(scratch) / "data")
                subprocess.run([sys.executable, "-m", "actionplans", "index", "--quiet",
                                "--index", index, str(ROOT / "actionplans" / "sample_plans")],
                               cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
            process, base = start_server(index, SERVER_LOG)
        try:
            connection = http.client.HTTPConnection(urlsplit(base).hostname,
                                                    urlsplit(base).port, timeout=30)
            connection.request("GET", "/api/search?per_page=100")
            ids = [h["id"] for h in json.loads(connection.getresponse().read())["hits"]]
            # Untimed warm-up: the first action pages load the classifier, spaCy and the
            # vectors (seconds each on a busy machine); the fuzz measures the warm server.
            for record_id in ids[:5]:
                connection.request("GET", f"/actions/{record_id}")
                connection.getresponse().read()
            connection.close()
            rng = random.Random(args.seed)
            work = [request_for(rng, ids) for _ in range(args.requests)]
            tally = Tally()
            started = time.perf_counter()
            threads = [threading.Thread(target=client,
                                        args=(base, work[n::args.clients], tally, args.timeout))
                       for n in range(args.clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            seconds = time.perf_counter() - started
        finally:
            if process is not None:
                process.terminate()
                process.wait(timeout=30)

    queue_lines = (SERVER_LOG.read_text(errors="replace").count("Task queue depth")
                   if process is not None else None)
    tracebacks = (SERVER_LOG.read_text(errors="replace").count("Traceback")
                  if process is not None else None)
    latencies = sorted(tally.latencies)
    summary = {
        "requests": args.requests, "clients": args.clients, "seed": args.seed,
        "seconds": round(seconds, 1),
        "answered": sum(tally.statuses.values()),
        "statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
        **{kind: len(items) for kind, items in tally.problems.items()},
        "p50_ms": round(1000 * latencies[len(latencies) // 2], 1) if latencies else None,
        "max_ms": round(1000 * latencies[-1], 1) if latencies else None,
        "server_queue_depth_lines": queue_lines,
        "server_tracebacks": tracebacks,
        "slowest": [f"{1000 * t:.0f} ms {what[:200]}" for t, what in tally.slowest],
        "examples": {kind: items[:10] for kind, items in tally.problems.items() if items},
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps({k: v for k, v in summary.items() if k != "examples"}, indent=2))
    for kind, items in summary["examples"].items():
        print(f"{kind}:", *items, sep="\n  ")
    bad = sum(len(items) for items in tally.problems.values())
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
