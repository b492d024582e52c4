"""Search speed: index throughput, query latency (with facets and highlights) and memory.

    .venv/bin/python -m bench.search_bench [--sizes 10000 100000] [--repeat 5] [--json]
        [--out bench/results/search_bench.json] [--all-builders] [--no-http]

For each size, builds a corpus by recombining the sample records across invented providers
(bench/corpus.py), indexes it with ``index.build.build_index`` (store + Whoosh), then in a
fresh process opens it with ``ActionIndex`` and runs a fixed query mix: the graded queries of
bench/queries.jsonl plus phrases, field filters, ranges, NOT, a typo, filter arguments and a
target-date sort, every query returning 20 highlighted hits and the five facet counts. The
same records and query strings go to SQLite FTS5 (porter, bm25, snippet(), GROUP BY facets)
in another fresh process. Memory is the resident set of each query process.

Over HTTP, where users meet it: a real ``actionplans serve`` (granian) on the index, fresh for
each run so the first pass is cold, answering ``/api/search`` (20 hits, facets, highlights) to
one client and then to 20 concurrent clients (each loops over the mix ``--passes`` times on a
keep-alive connection, starting at a different query); p50/p95 include the first (cold) pass.
Timing starts once the server has finished its start-up warm-up (a background thread loading
the summaries and building the index's shared parts with a few searches of the first record's
words, ``ActionIndex.warm_up``): every query of the mix is still cold (read, scored and its
records decoded for the first time in each worker). With 20 clients the run reports how many
connections each worker holds (the kernel's split, which the p95 depends on).
The load generator shares the machine: its own CPU time per request is reported beside the
server's (``client_cpu_ms``, ``server_cpu_ms``: the server and its workers, per request).
Beside it, FTS5 behind a minimal threaded HTTP server (``http.server``, JSON: hits with
snippets, total, facets) over the same records and the same query strings. Server memory is
the resident set of the server process after the runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

EXTRA_QUERIES: list[tuple[str, dict[str, str], str]] = [
    ('"domestic abuse"', {}, "relevance"),
    ("theme:ETE", {}, "relevance"),
    ('provider:"North Shire"', {}, "relevance"),
    ('owner:"Head of Performance"', {}, "relevance"),
    ("target:2019-01..2019-12 accommodation", {}, "relevance"),
    ("upw NOT women", {}, "relevance"),
    ("safeguard", {}, "relevance"),
    ("risk", {}, "relevance"),
    ("training", {"theme": "training"}, "relevance"),
    ("risk management", {"status": "ongoing"}, "relevance"),
    ("assessment quality", {}, "target"),
    ("", {"year": "2019"}, "relevance"),
]


def query_mix() -> list[tuple[str, dict[str, str], str]]:
    graded = [json.loads(line)["query"] for line in (HERE / "queries.jsonl").read_text()
              .splitlines() if line.strip()]
    return [(q, {}, "relevance") for q in graded] + EXTRA_QUERIES


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timings_summary(times: list[float]) -> dict[str, float]:
    return {"p50_ms": percentile(times, 50) * 1000, "p95_ms": percentile(times, 95) * 1000,
            "mean_ms": statistics.fmean(times) * 1000, "n": len(times)}


def run_whoosh_queries(data_dir: Path, repeat: int) -> dict:
    """In this (fresh) process: open the index, run the mix, report latency and memory."""
    from index.search import ActionIndex

    before = rss_mb()
    started = time.perf_counter()
    index = ActionIndex(data_dir)
    opened = time.perf_counter() - started
    mix = query_mix()
    cold = []
    for q, filters, sort in mix:  # first pass: each term's postings read from disk
        t = time.perf_counter()
        index.search(q, filters=filters, sort=sort, per_page=20)
        cold.append(time.perf_counter() - t)
    times = []
    for _ in range(repeat):
        for q, filters, sort in mix:
            t = time.perf_counter()
            result = index.search(q, filters=filters, sort=sort, per_page=20)
            times.append(time.perf_counter() - t)
            assert all(h.highlight is not None for h in result.hits)
    first = timings_summary(cold)
    return {**timings_summary(times), "cold_p50_ms": first["p50_ms"],
            "cold_p95_ms": first["p95_ms"], "open_s": opened, "rss_mb": rss_mb(),
            "rss_index_mb": rss_mb() - before}


def run_fts5_queries(data_dir: Path, repeat: int) -> dict:
    from bench.fts5 import Fts5Baseline
    from index.search import resolve_generation
    from index.store import STORE_FILE, Store

    records = Store(resolve_generation(data_dir) / STORE_FILE).records()
    before = rss_mb()
    started = time.perf_counter()
    baseline = Fts5Baseline(records)
    built = time.perf_counter() - started
    mix = query_mix()
    for q, _, _ in mix:
        baseline.search(q)
    times = []
    for _ in range(repeat):
        for q, _, _ in mix:
            t = time.perf_counter()
            baseline.search(q)
            times.append(time.perf_counter() - t)
    return {**timings_summary(times), "build_s": built,
            "index_actions_per_s": len(records) / built, "rss_index_mb": rss_mb() - before}


# --- over HTTP -------------------------------------------------------------------------------

def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (the worker processes of ``serve --workers``)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in children:
            found.extend(_process_tree(int(child)))
    return found


def _process_rss_mb(pid: int) -> dict[str, float]:
    """Resident memory of the server and its workers, summed: ``rss_mb`` counts pages shared
    between them once per process (an upper bound); ``pss_mb`` shares them out (the kernel's
    proportional set size: what the server as a whole holds)."""
    out = {"rss_mb": 0.0, "peak_rss_mb": 0.0, "pss_mb": 0.0}
    for process in _process_tree(pid):
        try:
            status = Path(f"/proc/{process}/status").read_text().splitlines()
            rollup = Path(f"/proc/{process}/smaps_rollup").read_text().splitlines()
        except OSError:
            continue
        for line in status:
            if line.startswith("VmRSS:"):
                out["rss_mb"] += int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                out["peak_rss_mb"] += int(line.split()[1]) / 1024
        for line in rollup:
            if line.startswith("Pss:"):
                out["pss_mb"] += int(line.split()[1]) / 1024
    out["processes"] = len(_process_tree(pid))
    return out


def _start(command: list[str], port: int, log: Path):  # noqa: ANN202 - subprocess.Popen
    import urllib.request

    with log.open("w") as handle:  # a file, not a pipe: a full pipe would stall the server
        process = subprocess.Popen(command, cwd=HERE.parent, stdout=handle,
                                   stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"error: the server exited: {log.read_text()[-2000:]}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2).read()
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("error: the server did not start within 300 s")


def _cpu_seconds(pid: int) -> float:
    """CPU time of the server and its workers."""
    total = 0
    for process in _process_tree(pid):
        try:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _connections(pid: int, port: int) -> list[int]:
    """How many established connections to ``port`` each server process holds, most first.

    Each granian worker listens on its own socket (SO_REUSEPORT): the kernel gives each new
    connection to one of them by a hash of its addresses, and a keep-alive client stays with
    that worker. A 13/7 split of 20 clients makes the 13 wait about 13/10 as long as an even
    split would: the 20-client p95 depends on it, so the run reports it."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "01" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(f"socket:[{fields[9]}]")
    counts = []
    for process in _process_tree(pid):
        held = 0
        try:
            descriptors = os.listdir(f"/proc/{process}/fd")
        except OSError:
            continue
        for fd in descriptors:
            try:
                held += os.readlink(f"/proc/{process}/fd/{fd}") in inodes
            except OSError:
                continue
        if held:
            counts.append(held)
    return sorted(counts, reverse=True)


def _wait_idle(pid: int, limit: float = 300.0) -> float:
    """Wait until the server (every worker) has finished its start-up warm-up (summaries, in
    a background thread): its CPU time stops growing. Seconds waited."""
    started = time.monotonic()
    before = _cpu_seconds(pid)
    while time.monotonic() - started < limit:
        time.sleep(1.0)
        now = _cpu_seconds(pid)
        if now - before < 0.05:
            break
        before = now
    return time.monotonic() - started


def _http_client(port: int, requests: list[str], out: list[float], errors: list[str]) -> None:
    """One keep-alive client: each URL in turn, the time to its whole answer appended to ``out``.

    HTTP/1.1 over a plain socket, reading the status line, ``Content-Length`` and the body
    (both servers measured answer so; anything else is an error): the load generator shares
    the 2 cores with the server, and ``http.client`` (headers parsed by the email package)
    cost 0.25-0.3 ms of CPU a request against about 0.05 ms here (README "Speed")."""
    connection = None
    for url in requests:
        started = time.perf_counter()
        try:
            if connection is None:
                connection = _connect(port)
            status, keep_alive = _exchange(connection, url)
        except (OSError, ValueError) as exc:
            errors.append(f"{type(exc).__name__} {url}")
            if connection is not None:
                connection.close()
            connection = None
            continue
        if not keep_alive:
            connection.close()
            connection = None
        if status != 200:
            errors.append(f"{status} {url}")
            continue
        out.append(time.perf_counter() - started)
    if connection is not None:
        connection.close()


def _connect(port: int):  # noqa: ANN202 - socket.socket
    import socket

    connection = socket.create_connection(("127.0.0.1", port), timeout=60)
    connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return connection


def _exchange(connection, url: str) -> tuple[int, bool]:  # noqa: ANN001 - a socket
    """Send one GET, read its whole answer: (status, whether the connection stays open)."""
    connection.sendall(f"GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode("ascii"))
    received = b""
    while (end := received.find(b"\r\n\r\n")) < 0:
        chunk = connection.recv(65536)
        if not chunk:
            raise ValueError("connection closed before the headers")
        received += chunk
    head = received[:end].decode("latin-1").lower().split("\r\n")
    status = int(head[0].split(" ", 2)[1])
    headers = dict(line.split(":", 1) for line in head[1:] if ":" in line)
    if "content-length" not in headers:
        raise ValueError("an answer without Content-Length")
    missing = end + 4 + int(headers["content-length"]) - len(received)
    while missing > 0:
        chunk = connection.recv(max(missing, 65536))
        if not chunk:
            raise ValueError("connection closed inside the body")
        missing -= len(chunk)
    if missing < 0:
        raise ValueError("more bytes than Content-Length")
    connection_header = headers.get("connection", "").strip()
    if head[0].startswith("http/1.0"):
        return status, connection_header == "keep-alive"
    return status, connection_header != "close"


def _urls(with_filters: bool) -> list[str]:
    from urllib.parse import urlencode

    urls = []
    for q, filters, sort in query_mix():
        params = {"q": q, "per_page": "20", **(filters if with_filters else {})}
        if with_filters and sort != "relevance":
            params["sort"] = sort
        urls.append(f"/api/search?{urlencode(params)}")
    return urls


def http_run(command: list[str], port: int, clients: int, passes: int, with_filters: bool,
             log: Path) -> dict:
    """A fresh server, ``clients`` concurrent clients, each ``passes`` times over the mix."""
    import threading

    process = _start(command, port, log)
    try:
        warm_up_s = _wait_idle(process.pid)
        urls = _urls(with_filters)
        times: list[float] = []
        cold: list[float] = []
        cold_cpu = 0.0
        errors: list[str] = []
        split: list[int] = []
        started = time.perf_counter()
        client_cpu, server_cpu = time.process_time(), _cpu_seconds(process.pid)
        if clients == 1:  # the first pass on one connection, the others on a second one
            _http_client(port, urls, cold, errors)
            cold_cpu = _cpu_seconds(process.pid) - server_cpu
            times = list(cold)
            _http_client(port, urls * (passes - 1), times, errors)
        else:
            threads = [threading.Thread(target=_http_client, args=(
                port, (urls[i % len(urls):] + urls[:i % len(urls)]) * passes, times, errors))
                for i in range(clients)]
            for thread in threads:
                thread.start()
            time.sleep(0.5)  # every client connected
            split = _connections(process.pid, port)
            for thread in threads:
                thread.join()
        elapsed = time.perf_counter() - started
        client_cpu = time.process_time() - client_cpu
        server_cpu = _cpu_seconds(process.pid) - server_cpu
        memory = _process_rss_mb(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)
    out = {**timings_summary(times), "clients": clients, "errors": len(errors),
           "error_examples": errors[:3], "throughput_rps": len(times) / elapsed,
           "client_cpu_ms": client_cpu / max(1, len(times)) * 1000,
           "server_cpu_ms": server_cpu / max(1, len(times)) * 1000,
           "warm_up_s": warm_up_s, "load_average": os.getloadavg()[0],
           "connections_per_process": split, **memory}
    if cold:
        first = timings_summary(cold)
        out.update(cold_p50_ms=first["p50_ms"], cold_p95_ms=first["p95_ms"],
                   cold_server_cpu_ms=cold_cpu / max(1, len(cold)) * 1000)
    return out


def http_bench(data_dir: Path, passes: int, workers: int = 1, fts5_max_clients: int = 20,
               threads: int | None = None) -> dict:
    log_dir = HERE / "results"
    log_dir.mkdir(parents=True, exist_ok=True)
    out: dict[str, dict] = {}
    for clients in (1, 20):
        port = _free_port()
        out[f"whoosh_{clients}"] = http_run(
            [sys.executable, "-m", "actionplans", "serve", "--index", str(data_dir), "--port",
             str(port), "--workers", str(workers),
             *(["--threads", str(threads)] if threads else [])], port, clients, passes, True,
            log_dir / "search_bench_server.log")
        if clients > fts5_max_clients:
            continue
        port = _free_port()
        out[f"fts5_{clients}"] = http_run(
            [sys.executable, "-m", "bench.fts5", str(data_dir), str(port)], port, clients,
            passes, False, log_dir / "search_bench_fts5.log")
    return out


def fresh_process(kind: str, data_dir: Path, repeat: int) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "bench.search_bench", "--measure", kind, str(data_dir),
         "--repeat", str(repeat)],
        capture_output=True, text=True, check=True, cwd=HERE.parent)
    return json.loads(out.stdout)


def bench_size(n: int, repeat: int, all_builders: bool, http: bool = True, passes: int = 3,
               workers: int = 1, fts5_max_clients: int = 20, threads: int | None = None
               ) -> dict:
    from bench.corpus import sample_plans, scaled_plans
    from index import build

    load_before = os.getloadavg()[0]
    plans = scaled_plans(sample_plans(), n)
    if not all_builders:  # the search index only: store, glossary, Whoosh
        build.DERIVED_BUILDERS[:] = [build.build_glossary, build.build_whoosh,
                                     build.build_search_arrays]
    with tempfile.TemporaryDirectory() as tmp:
        report = build.build_index(plans, Path(tmp))
        print(f"built {n}: {report.seconds:.0f}s {report.stages}", file=sys.stderr, flush=True)
        size_mb = sum(p.stat().st_size for p in Path(tmp).rglob("*") if p.is_file()) / 2 ** 20
        whoosh = fresh_process("whoosh", Path(tmp), repeat)
        fts5 = fresh_process("fts5", Path(tmp), repeat)
        over_http = (http_bench(Path(tmp), passes, workers, fts5_max_clients, threads)
                     if http else {})
    return {
        "http": over_http,
        "load_average": {"start": load_before, "end": os.getloadavg()[0]},
        "actions": report.n_actions,
        "build_s": report.seconds,
        "index_actions_per_s": report.n_actions / report.seconds,
        "stages_s": report.stages,
        "disk_mb": size_mb,
        "whoosh": whoosh,
        "fts5": fts5,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--out", type=Path, default=None, help="also write the JSON here")
    parser.add_argument("--all-builders", action="store_true",
                        help="build vectors and repeat groups too (default: search index only)")
    parser.add_argument("--no-http", action="store_true", help="in-process timings only")
    parser.add_argument("--passes", type=int, default=3,
                        help="passes over the query mix per HTTP client (the first is cold)")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1),
                        help="`actionplans serve --workers` (default: one per core, at most 2)")
    parser.add_argument("--threads", type=int, default=None,
                        help="`actionplans serve --threads` (default: the server's own)")
    parser.add_argument("--fts5-max-clients", type=int, default=20,
                        help="skip the FTS5 HTTP runs with more clients (at 100 000 actions its "
                        "20-client run takes tens of minutes)")
    parser.add_argument("--measure", nargs=2, metavar=("KIND", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        kind, data_dir = args.measure
        run = run_whoosh_queries if kind == "whoosh" else run_fts5_queries
        print(json.dumps(run(Path(data_dir), args.repeat)))
        return 0
    results = {}
    for n in args.sizes:
        print(f"{n}: load average {os.getloadavg()[0]:.1f} at the start", file=sys.stderr,
              flush=True)
        results[n] = result = bench_size(n, args.repeat, args.all_builders,
                                         not args.no_http, args.passes, args.workers,
                                         args.fts5_max_clients, args.threads)
        if not args.json:
            w, f = result["whoosh"], result["fts5"]
            print(f"{result['actions']} actions, {len(query_mix())} queries x {args.repeat}")
            print(f"  whoosh: index {result['index_actions_per_s']:.0f} actions/s "
                  f"({result['build_s']:.1f}s, {result['disk_mb']:.0f} MB on disk), open "
                  f"{w['open_s']:.2f}s, search p50 {w['p50_ms']:.1f} ms p95 {w['p95_ms']:.1f} ms"
                  f" (first pass p50 {w.get('cold_p50_ms', 0):.1f} p95 "
                  f"{w.get('cold_p95_ms', 0):.1f}),"
                  f" RSS {w['rss_mb']:.0f} MB ({w['rss_index_mb']:.0f} MB for the index)")
            print(f"  fts5:   index {f['index_actions_per_s']:.0f} actions/s, search p50 "
                  f"{f['p50_ms']:.1f} ms p95 {f['p95_ms']:.1f} ms, RSS {f['rss_index_mb']:.0f}"
                  f" MB for the index", flush=True)
            for name, run in result["http"].items():
                cold = (f" (first pass p95 {run['cold_p95_ms']:.1f}, server CPU "
                        f"{run['cold_server_cpu_ms']:.2f} ms a request)"
                        if "cold_p95_ms" in run else "")
                split = "/".join(map(str, run.get("connections_per_process") or []))
                split = f" (connections per worker {split})" if "/" in split else ""
                print(f"  http {name:10s} p50 {run['p50_ms']:.1f} ms p95 {run['p95_ms']:.1f} ms"
                      f"{cold}{split}, {run['throughput_rps']:.0f} req/s, {run['errors']} errors, "
                      f"CPU a request: server {run['server_cpu_ms']:.2f} ms, client "
                      f"{run['client_cpu_ms']:.2f} ms, "
                      f"server RSS {run['rss_mb']:.0f} MB (peak {run['peak_rss_mb']:.0f}, "
                      f"PSS {run['pss_mb']:.0f}, {run['processes']} processes; load "
                      f"{run['load_average']:.1f})",
                      flush=True)
    if args.json:
        print(json.dumps(results, indent=2))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
