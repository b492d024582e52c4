"""Search quality on graded judgements: nDCG@10 and recall@20, this search vs plain FTS5 BM25.

    .venv/bin/python -m bench.search_quality [--per-query dev] [--json]

Two judgement sets (bench/QUERIES.md): the test set, held out (``bench/queries_test.jsonl`` and
``bench/queries_test2.jsonl``, each written before a session's ranking changes, never tuned on:
the headline figure) and the dev set the ranking is tuned on (``bench/queries.jsonl`` and the
``queries_dev_*.jsonl`` files), each reported with wins/ties/losses against FTS5, and per file.
Judgements: one query per line with ``relevant``: a list of
``{grade, text, id}``, grade 2 = answers the need, 1 = partly. A judged action is found by the
start of its text (``text``; a record holding it further in only if none starts with
it), so the judgements survive parser changes that renumber or merge
records (a record holding two judged actions takes the higher grade); ``id`` is the record id
when the judgement was written. Both systems run over the same records (the bundled
sample plans through the real pipeline); the baseline is SQLite FTS5 (porter) with the query's
words ORed and ranked by bm25().
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
from pathlib import Path

from bench.corpus import sample_plans
from bench.fts5 import Fts5Baseline
from index.build import build_index
from index.search import ActionIndex

HERE = Path(__file__).resolve().parent
# The dev set: the first 28 queries, and those added from the description of the users
# (bench/QUERIES.md), in three rounds (the later, the less tuned on).
DEV_FILES = [HERE / "queries.jsonl", HERE / "queries_dev_users.jsonl",
             HERE / "queries_dev_more.jsonl", HERE / "queries_dev_fresh.jsonl"]
# The test set: two held-out files, each written before a session's ranking changes and never
# tuned on (bench/QUERIES.md); each is also reported on its own row.
TEST_FILES = [HERE / "queries_test.jsonl", HERE / "queries_test2.jsonl"]


def ndcg_at(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    def dcg(gains: list[int]) -> float:
        return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains[:k]))
    ideal = dcg(sorted(grades.values(), reverse=True))
    return dcg([grades.get(doc, 0) for doc in ranked]) / ideal if ideal else 0.0


def recall_at(ranked: list[str], grades: dict[str, int], k: int = 20) -> float:
    relevant = {d for d, g in grades.items() if g > 0}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def load_queries(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def resolve(queries: list[dict], records: list) -> tuple[list[dict], list[str]]:
    """Each query with ``grades: {record id: grade}``; and the judged snippets not found."""
    texts = [(r.id, _norm(r.text)) for r in records]
    ids = {r.id for r in records}
    missing: list[str] = []
    resolved = []
    for item in queries:
        grades: dict[str, int] = {}
        for judged in item["relevant"]:
            anchor = _norm(judged["text"])
            found = ([rid for rid, text in texts if text.startswith(anchor)]
                     or [rid for rid, text in texts if anchor in text])
            if not found and judged.get("id") in ids:
                found = [judged["id"]]
            if not found:
                missing.append(judged["text"])
            for rid in found:
                grades[rid] = max(grades.get(rid, 0), judged["grade"])
        resolved.append({**item, "relevant": grades})
    return resolved, missing


def evaluate(queries: list[dict], systems: dict) -> dict:
    """Per-query and mean nDCG@10 / recall@20 for each ``name -> ranked(query)`` system."""
    table: dict[str, dict] = {name: {"per_query": {}} for name in systems}
    for item in queries:
        for name, ranked_for in systems.items():
            ranked = ranked_for(item["query"])
            table[name]["per_query"][item["key"]] = {
                "ndcg@10": ndcg_at(ranked, item["relevant"]),
                "recall@20": recall_at(ranked, item["relevant"]),
            }
    for scores in table.values():
        rows = scores["per_query"].values()
        scores["ndcg@10"] = sum(r["ndcg@10"] for r in rows) / len(rows)
        scores["recall@20"] = sum(r["recall@20"] for r in rows) / len(rows)
    return table


def wins_losses(table: dict, queries: list[dict], metric: str = "ndcg@10",
                margin: float = 1e-9) -> tuple[int, int, int]:
    """(wins, ties, losses) of this search against FTS5 over the queries, on ``metric``."""
    wins = ties = losses = 0
    for item in queries:
        ours = table["whoosh"]["per_query"][item["key"]][metric]
        theirs = table["fts5_bm25"]["per_query"][item["key"]][metric]
        if ours > theirs + margin:
            wins += 1
        elif theirs > ours + margin:
            losses += 1
        else:
            ties += 1
    return wins, ties, losses


def print_file_row(name: str, queries: list[dict], table: dict) -> None:
    """One judgement file's means (nDCG@10, recall@20, wins/ties/losses) from its set's table:
    the least tuned dev files say most about queries nobody tuned to."""
    if not queries:
        return
    means = {system: {metric: sum(table[system]["per_query"][q["key"]][metric]
                                  for q in queries) / len(queries)
                      for metric in ("ndcg@10", "recall@20")} for system in table}
    w, t, lost = wins_losses(table, queries)
    print(f"  {name:26} {len(queries):3d} {means['whoosh']['ndcg@10']:6.3f} "
          f"{means['fts5_bm25']['ndcg@10']:6.3f} {means['whoosh']['recall@20']:6.3f} "
          f"{means['fts5_bm25']['recall@20']:6.3f} {f'{w}/{t}/{lost}':>22}")


def _print_per_query(name: str, queries: list[dict], table: dict) -> None:
    print(f"\n{name}: {'query':42} {'ours nDCG':>9} {'fts5 nDCG':>9} {'ours R@20':>9} "
          f"{'fts5 R@20':>9}")
    for item in queries:
        w = table["whoosh"]["per_query"][item["key"]]
        f = table["fts5_bm25"]["per_query"][item["key"]]
        mark = "+" if w["ndcg@10"] > f["ndcg@10"] + 1e-9 else (
            "-" if f["ndcg@10"] > w["ndcg@10"] + 1e-9 else "=")
        print(f"{mark} {item['query'][:48]:48} {w['ndcg@10']:9.3f} {f['ndcg@10']:9.3f} "
              f"{w['recall@20']:9.3f} {f['recall@20']:9.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--test", type=Path, nargs="+", default=TEST_FILES,
                        help="held-out judgements (the headline; one set, from these files)")
    parser.add_argument("--dev", type=Path, nargs="+", default=DEV_FILES,
                        help="judgements the ranking is tuned on (one set, from these files)")
    parser.add_argument("--sets", nargs="+", choices=("test", "dev"), default=["test", "dev"],
                        help="which sets to run (while tuning: --sets dev)")
    parser.add_argument("--per-query", choices=("dev", "test"), action="append", default=[],
                        help="also print one line per query of that set (do not read the "
                             "test set query by query while changing the ranking)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    plans = sample_plans()
    records = [r for p in plans for r in p.records]
    sets: dict[str, list[dict]] = {}
    files = {"test": args.test, "dev": args.dev}
    for name in args.sets:
        # keyed by file and line: two files may hold the same words, judged apart
        queries = [{**q, "key": f"{path.name}:{n}", "file": path.name}
                   for path in files[name] for n, q in enumerate(load_queries(path), 1)]
        sets[name], missing = resolve(queries, records)
        if missing:
            print(f"warning: {name}: {len(missing)} judged actions not found: {missing[:3]}",
                  file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        build_index(plans, Path(tmp))
        index = ActionIndex(Path(tmp))
        baseline = Fts5Baseline(records)
        systems = {
            "whoosh": lambda q: [h.record.id for h in index.search(q, per_page=20).hits],
            "fts5_bm25": lambda q: baseline.ranked_ids(q, 20),
        }
        tables = {name: evaluate(queries, systems) for name, queries in sets.items()}
    if args.json:
        print(json.dumps(tables, indent=2))
        return 0
    print(f"{len(records)} records (bundled sample plans); this search vs SQLite FTS5 BM25 "
          f"(porter, OR of the words)\n")
    print(f"{'set':5} {'queries':>7} {'nDCG@10':>8} {'fts5':>6} {'R@20':>6} {'fts5':>6} "
          f"{'nDCG wins/ties/losses':>22}")
    for name, queries in sets.items():
        table = tables[name]
        w, t, lost = wins_losses(table, queries)
        print(f"{name:5} {len(queries):7d} {table['whoosh']['ndcg@10']:8.3f} "
              f"{table['fts5_bm25']['ndcg@10']:6.3f} {table['whoosh']['recall@20']:6.3f} "
              f"{table['fts5_bm25']['recall@20']:6.3f} {f'{w}/{t}/{lost}':>22}")
    for name in (n for n in sets if len(files[n]) > 1):
        print(f"{name} by file:")
        for path in files[name]:
            print_file_row(path.name, [q for q in sets[name] if q["file"] == path.name],
                           tables[name])
    for name in (n for n in args.per_query if n in sets):
        _print_per_query(name, sets[name], tables[name])
    return 0


if __name__ == "__main__":
    sys.exit(main())
