"""Search quality on graded judgements: nDCG@10 and recall@20, this search vs plain FTS5 BM25.

    .venv/bin/python -m bench.search_quality [--queries bench/queries.jsonl] [--json]

Judgements (``bench/queries.jsonl``): one query per line with ``relevant``: a list of
``{grade, text, id}``, grade 2 = answers the need, 1 = partly. A judged action is found by the
start of its text (``text``), so the judgements survive parser changes that renumber or merge
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
            found = [rid for rid, text in texts if _norm(judged["text"]) in text]
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
            table[name]["per_query"][item["query"]] = {
                "ndcg@10": ndcg_at(ranked, item["relevant"]),
                "recall@20": recall_at(ranked, item["relevant"]),
            }
    for scores in table.values():
        rows = scores["per_query"].values()
        scores["ndcg@10"] = sum(r["ndcg@10"] for r in rows) / len(rows)
        scores["recall@20"] = sum(r["recall@20"] for r in rows) / len(rows)
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--queries", type=Path, default=HERE / "queries.jsonl")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    queries = load_queries(args.queries)
    plans = sample_plans()
    records = [r for p in plans for r in p.records]
    queries, missing = resolve(queries, records)
    if missing:
        print(f"warning: {len(missing)} judged actions not found: {missing[:3]}",
              file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        build_index(plans, Path(tmp))
        index = ActionIndex(Path(tmp))
        baseline = Fts5Baseline(records)
        systems = {
            "whoosh": lambda q: [h.record.id for h in index.search(q, per_page=20).hits],
            "fts5_bm25": lambda q: baseline.ranked_ids(q, 20),
        }
        table = evaluate(queries, systems)
    if args.json:
        print(json.dumps(table, indent=2))
        return 0
    print(f"{len(queries)} queries, {len(records)} actions (bundled sample plans)\n")
    print(f"{'query':42} {'whoosh nDCG':>11} {'fts5 nDCG':>9} {'whoosh R@20':>11} {'fts5 R@20':>9}")
    for item in queries:
        w = table["whoosh"]["per_query"][item["query"]]
        f = table["fts5_bm25"]["per_query"][item["query"]]
        print(f"{item['query'][:42]:42} {w['ndcg@10']:11.3f} {f['ndcg@10']:9.3f} "
              f"{w['recall@20']:11.3f} {f['recall@20']:9.3f}")
    print(f"\n{'mean':42} {table['whoosh']['ndcg@10']:11.3f} {table['fts5_bm25']['ndcg@10']:9.3f} "
          f"{table['whoosh']['recall@20']:11.3f} {table['fts5_bm25']['recall@20']:9.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
