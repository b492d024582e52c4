"""Similar actions and repeat groups, measured on the hand judgements, beside a plain baseline.

    .venv/bin/python bench/similar_quality.py            # quality tables + 10 000-action timing
    .venv/bin/python bench/similar_quality.py --no-timing

Similar actions: for every judged action that shares a topic with another provider's action,
rank the other providers' actions; P@5 is the share of the top 5 that make the same commitment
(share a topic with it), recall@10 the share of those found in the top 10. Each alternative the
similar-actions issue asks about is a row, so what the defaults in ``index/`` keep is visible.
The baseline is plain whole-text TF-IDF cosine (scikit-learn defaults on the raw text).

Repeats: pairwise precision and recall of "these two actions are in one group" against the
judged groups, over a sweep of thresholds, beside whole-text TF-IDF cosine at its best threshold.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index import repeats as repeats_mod  # noqa: E402
from index.glossary import Glossary, load_curated, merge_glossary  # noqa: E402
from index.similar import similarity_scores  # noqa: E402
from index.vectors import (  # noqa: E402
    VectorOptions,
    analyse,
    fit_space,
    glossaries_by_source,
    provider_words,
)
from nlp.records import ActionRecord  # noqa: E402

JUDGEMENTS = ROOT / "bench" / "similar_judgements.json"
Scorer = Callable[[int], np.ndarray]


def load_records() -> tuple[list[ActionRecord], dict[str, dict[str, str]]]:
    from actionplans.config import sample_plan_paths
    from nlp import parse_plan

    plans = [parse_plan(path) for path in sample_plan_paths()]
    return [r for p in plans for r in p.records], {p.source: p.acronyms for p in plans}


def glossaries(acronyms: dict[str, dict[str, str]]) -> tuple[dict[str, Glossary], Glossary]:
    corpus: dict[str, str] = {}
    for own in acronyms.values():
        for acronym, expansion in own.items():
            corpus.setdefault(acronym, expansion)
    merged = {a: e for a, (e, _) in merge_glossary(load_curated(), corpus).items()}
    return glossaries_by_source(merged, acronyms), Glossary(merged)


# --- similar actions -------------------------------------------------------------------------

def relevance(records: Sequence[ActionRecord], topics: list[dict]) -> dict[int, set[int]]:
    """For each judged action, the other providers' actions that share a topic with it."""
    rows = {r.id: i for i, r in enumerate(records)}
    missing = [i for t in topics for i in t["ids"] if i not in rows]
    if missing:
        raise SystemExit(f"{JUDGEMENTS}: ids not in the sample records: {missing[:5]}")
    member: dict[int, set[int]] = {}
    for topic in topics:
        ids = [rows[i] for i in topic["ids"]]
        for i in ids:
            member.setdefault(i, set()).update(ids)
    return {q: {d for d in docs if records[d].provider != records[q].provider}
            for q, docs in member.items()
            if any(records[d].provider != records[q].provider for d in docs)}


def rank_quality(records: Sequence[ActionRecord], relevant: dict[int, set[int]],
                 scorer: Scorer) -> tuple[float, float]:
    """Mean P@5 and recall@10 over the judged queries, other providers' actions only."""
    providers = np.array([r.provider for r in records])
    p5, r10 = [], []
    for q, rel in relevant.items():
        scores = np.asarray(scorer(q), dtype=np.float64).copy()
        scores[providers == providers[q]] = -np.inf
        order = np.argsort(-scores, kind="stable")
        p5.append(len(rel & set(order[:5].tolist())) / 5)
        r10.append(len(rel & set(order[:10].tolist())) / len(rel))
    return float(np.mean(p5)), float(np.mean(r10))


def tfidf_baseline(texts: Sequence[str]):  # noqa: ANN201 - a sparse matrix
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer().fit_transform(texts).tocsr()


def cosine_scorer(matrix) -> Scorer:  # noqa: ANN001
    return lambda q: (matrix @ matrix[q].T).toarray().ravel()


def lsa_scorer(space, dims: int, weight: float, base: Scorer) -> Scorer:  # noqa: ANN001
    from sklearn.decomposition import TruncatedSVD

    dims = min(dims, space.docs.shape[1] - 1, space.docs.shape[0] - 1)
    dense = TruncatedSVD(dims, random_state=0).fit_transform(space.docs)
    dense /= np.maximum(np.linalg.norm(dense, axis=1, keepdims=True), 1e-9)
    return lambda q: (1 - weight) * base(q) + weight * (dense @ dense[q])


def similar_table(records, acronyms, judgements) -> list[tuple[str, float, float]]:  # noqa: ANN001
    relevant = relevance(records, judgements["topics"])
    by_source, fallback = glossaries(acronyms)
    drop = provider_words(records)
    rows = []
    base = tfidf_baseline([r.text for r in records])
    rows.append(("baseline: whole-text TF-IDF cosine", *rank_quality(records, relevant,
                                                                    cosine_scorer(base))))

    groups = [(r.source, r.rec_number) for r in records]
    recs = analyse([replace(r, text=r.rec_text) for r in records], by_source, fallback, drop)

    def space_for(options: VectorOptions):  # noqa: ANN202
        return fit_space(analyse(records, by_source, fallback, drop, options=options), options,
                         groups=groups, context=recs)

    plain = VectorOptions(expand_acronyms=False, drop_provider_words=False, group_idf=False,
                          context_weight=0.0)
    steps = [
        ("lemmas, stop words (whole text)", plain),
        ("+ provider-name words dropped", replace(plain, drop_provider_words=True)),
        ("+ acronyms expanded both ways (glossary)", replace(plain, drop_provider_words=True,
                                                             expand_acronyms=True)),
        ("  (alt: expansions add the acronym only)", replace(plain, drop_provider_words=True,
                                                             expand_acronyms=True,
                                                             acronym_mode="acronym")),
        ("+ recommendation-level term weighting", replace(VectorOptions(), context_weight=0.0)),
        ("+ recommendation text as context 0.3 [default]", VectorOptions()),
        ("  (alt: context 0.6)", replace(VectorOptions(), context_weight=0.6)),
        ("  (alt: + lemma bigrams)", replace(VectorOptions(), bigrams=True)),
    ]
    for name, options in steps:
        space = space_for(options)
        scorer = (lambda s: lambda q: similarity_scores(s, q, doc_weight=1.0,
                                                        pair_weight=0.0))(space)
        rows.append((name, *rank_quality(records, relevant, scorer)))
    space = space_for(VectorOptions())
    blends = [
        ("best sentence pair only", 0.0, 1.0, 0.0),
        ("sentence coverage only", 0.0, 0.0, 1.0),
        ("whole + best pair (0.5/0.5)", 0.5, 0.5, 0.0),
        ("whole + best pair (0.7/0.3)", 0.7, 0.3, 0.0),
        ("whole + best pair (0.3/0.7)", 0.3, 0.7, 0.0),
        ("whole + pair + coverage (1/3 each)", 1 / 3, 1 / 3, 1 / 3),
    ]
    for name, doc_w, pair_w, cov_w in blends:
        scorer = (lambda d, p, c: lambda q: similarity_scores(
            space, q, doc_weight=d, pair_weight=p, coverage_weight=c))(doc_w, pair_w, cov_w)
        rows.append((name, *rank_quality(records, relevant, scorer)))
    default = lambda q: similarity_scores(space, q)  # noqa: E731
    for dims, weight in ((50, 0.3), (100, 0.3)):
        rows.append((f"default + LSA {dims} dims (weight {weight})",
                     *rank_quality(records, relevant, lsa_scorer(space, dims, weight, default))))
    return rows


# --- repeats ---------------------------------------------------------------------------------

def judged_pairs(records, judgements) -> set[tuple[int, int]]:  # noqa: ANN001
    rows = {r.id: i for i, r in enumerate(records)}
    pairs = set()
    for group in judgements["repeats"]:
        ids = sorted(rows[i] for i in group["ids"])
        pairs.update(combinations(ids, 2))
    return pairs


def grouped_pairs(groups: list[list[int]]) -> set[tuple[int, int]]:
    return {pair for g in groups for pair in combinations(sorted(g), 2)}


def pair_scores(predicted: set, truth: set) -> tuple[float, float, float]:
    hit = len(predicted & truth)
    p = hit / len(predicted) if predicted else 0.0
    r = hit / len(truth) if truth else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def repeats_table(records, acronyms, judgements) -> list[tuple[str, float, float, float]]:  # noqa: ANN001
    truth = judged_pairs(records, judgements)
    by_source, fallback = glossaries(acronyms)
    analysed = analyse(records, by_source, fallback, provider_words(records))
    sets = [repeats_mod.shingles(doc) for doc in analysed]
    groups = [(r.source, r.rec_number) for r in records]
    content = repeats_mod.repeat_vectors(analysed, groups)
    rows = []
    base = tfidf_baseline([r.text for r in records])
    sims = (base @ base.T).toarray()
    best = None
    for t in np.arange(0.3, 0.96, 0.05):
        pairs = [(i, j, 0.0) for i, j in zip(*np.nonzero(np.triu(sims, 1) >= t), strict=True)]
        scores = pair_scores(grouped_pairs(repeats_mod._components(len(records), pairs)), truth)
        if best is None or scores[2] > best[1][2]:
            best = (t, scores)
    rows.append((f"baseline: whole-text TF-IDF cosine >= {best[0]:.2f} (its best)", *best[1]))
    for t in (0.3, 0.5, 0.7):
        pairs = repeats_mod.repeat_pairs(sets, threshold=t)
        found = repeats_mod._components(len(records), pairs)
        rows.append((f"shingle containment >= {t:.2f} alone",
                     *pair_scores(grouped_pairs(found), truth)))
    for t in (0.3, 0.4, 0.5):
        found = repeats_mod._components(len(records), repeats_mod.close_pairs(content, t))
        rows.append((f"our vectors' cosine >= {t:.2f} alone",
                     *pair_scores(grouped_pairs(found), truth)))
    for t in (0.3, 0.5):
        for c in (0.3, 0.35, 0.4, 0.5):
            found = [g.ids for g in repeats_mod.group_records(records, sets, content,
                                                               threshold=t, cosine_threshold=c)]
            rows_of = {r.id: i for i, r in enumerate(records)}
            marker = (" [default]" if (t, c) == (repeats_mod.THRESHOLD,
                                              repeats_mod.COSINE_THRESHOLD) else "")
            rows.append((f"containment >= {t:.2f} or cosine >= {c:.2f}{marker}",
                         *pair_scores(grouped_pairs([[rows_of[i] for i in g] for g in found]),
                                      truth)))
    found = [g.ids for g in repeats_mod.group_records(records, sets, content,
                                                       back_references=False)]
    rows.append(("default without the plans' own back-references (\"as above\")",
                 *pair_scores(grouped_pairs([[rows_of[i] for i in g] for g in found]), truth)))
    return rows


# --- speed -----------------------------------------------------------------------------------

def scaled_records(records: Sequence[ActionRecord], n: int, seed: int = 0
                   ) -> list[ActionRecord]:
    """``n`` actions recombined from the sample sentences across invented providers."""
    from nlp.language import sentences

    rng = random.Random(seed)
    pool = [s for r in records for s in sentences(r.text)]
    out = []
    per_provider = max(1, len(records) // 4)
    for i in range(n):
        template = records[i % len(records)]
        k = i // per_provider
        text = " ".join(rng.sample(pool, rng.randint(1, 4)))
        out.append(replace(template, id=f"scaled-{i}", source=f"plan-{k}.txt",
                           provider=f"Provider {k}", provider_short=f"P{k}", text=text))
    return out


def timing(records: Sequence[ActionRecord], n: int, queries: int = 200) -> dict[str, float]:
    from index.similar import shared_terms

    corpus = scaled_records(records, n)
    by_source, fallback = glossaries({})
    started = time.perf_counter()
    analysed = analyse(corpus, by_source, fallback, provider_words(corpus))
    space = fit_space(analysed)
    build = time.perf_counter() - started
    started = time.perf_counter()
    content = repeats_mod.repeat_vectors(analysed, [(r.source, r.rec_number) for r in corpus])
    groups = repeats_mod.group_records(corpus, [repeats_mod.shingles(d) for d in analysed],
                                       content)
    build_repeats = time.perf_counter() - started
    providers = np.array([r.provider for r in corpus])
    rng = random.Random(1)
    times = []
    for q in rng.sample(range(n), queries):
        t0 = time.perf_counter()
        scores = similarity_scores(space, q)
        scores[providers == providers[q]] = -np.inf
        top = np.argpartition(-scores, 9)[:10]
        top = top[np.argsort(-scores[top])]
        for d in top:
            shared_terms(space, q, int(d))
        times.append(time.perf_counter() - t0)
    ms = np.array(times) * 1000
    return {"actions": n, "sentences": int(space.sentences.shape[0]),
            "build_vectors_s": build, "build_repeats_s": build_repeats,
            "repeat_groups": len(groups),
            "similar_p50_ms": float(np.percentile(ms, 50)),
            "similar_p95_ms": float(np.percentile(ms, 95))}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-timing", action="store_true")
    parser.add_argument("--actions", type=int, default=10_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    judgements = json.loads(JUDGEMENTS.read_text(encoding="utf-8"))
    records, acronyms = load_records()
    similar = similar_table(records, acronyms, judgements)
    repeated = repeats_table(records, acronyms, judgements)
    speed = None if args.no_timing else timing(records, args.actions)
    if args.json:
        print(json.dumps({"similar": similar, "repeats": repeated, "timing": speed}, indent=1))
        return 0
    relevant = relevance(records, judgements["topics"])
    ceiling = np.mean([min(5, len(rel)) / 5 for rel in relevant.values()])
    print(f"Similar actions: {len(judgements['topics'])} topics, {len(relevant)} judged queries "
          f"({len(records)} sample actions; best possible P@5 {ceiling:.3f})")
    print(f"{'method':<46} {'P@5':>6} {'R@10':>6}")
    for name, p5, r10 in similar:
        print(f"{name:<46} {p5:6.3f} {r10:6.3f}")
    print(f"\nRepeat groups: {len(judgements['repeats'])} judged groups, "
          f"{len(judged_pairs(records, judgements))} pairs")
    print(f"{'method':<56} {'prec':>6} {'recall':>6} {'F1':>6}")
    for name, p, r, f in repeated:
        print(f"{name:<56} {p:6.3f} {r:6.3f} {f:6.3f}")
    if speed:
        print(f"\nSpeed on {speed['actions']} recombined actions ({speed['sentences']} sentences): "
              f"vectors built in {speed['build_vectors_s']:.1f}s, repeats in "
              f"{speed['build_repeats_s']:.1f}s; similar (top 10 + shared terms) "
              f"p50 {speed['similar_p50_ms']:.1f} ms, p95 {speed['similar_p95_ms']:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
