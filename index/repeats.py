"""Repeated commitments: is this a promise we have heard before?

Plans restate a commitment under several recommendations, and providers reuse wording from
plan to plan, usually by pasting a passage into a longer action. Two actions repeat each other
when either
- much of the *shorter* one's word shingles (3-grams of content lemmas, sentence by sentence)
  also occur in the other: containment, not Jaccard, which would miss a passage pasted into a
  long action. Candidate pairs come from one sparse product of the action x shingle matrix,
  leaving out shingles too common to be telling (blocking), so no pair-by-pair comparison; or
- their TF-IDF vectors (:mod:`index.vectors`, acronyms expanded, plan-speak down-weighted) are
  close: a short commitment restated in other words ("Create MIS report to monitor EMO" /
  "MIS report to identify when EMO is taking place"). Computed as sparse products in blocks of
  rows, keeping only pairs over the threshold; or
- the plan itself says so: an action that points back ("Implementation of the new model as
  above", "Minimum Contact Standards (see above)", "... (see section 2 above)") restates the
  earlier action of its plan (of that section, if named) that its words match best. Numbered
  cross-references ("see 2.1") are not taken: they cite a related step, not the same promise.
Both thresholds were chosen by measurement on the hand judgements (``bench/similar_quality.py``
prints the sweep). Pairs are joined into groups; a group is "within" one plan or "across" plans
(other providers, or the same provider's plan after a later inspection).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from index.embeddings import (
    CONFIRM_THRESHOLD,
    LOOSE_CONTAINMENT,
    LOOSE_COSINE,
    confirmed_pairs,
)
from index.layout import REPEATS_FILE, vectors_dir
from index.vectors import Sentence, VectorOptions, fit_space
from nlp.records import ActionRecord

SHINGLE = 3
# Chosen on the hand judgements (bench/similar_quality.py prints the sweep).
THRESHOLD = 0.3
COSINE_THRESHOLD = 0.5
MIN_SHARED = 1
_BLOCK_ROWS = 2048
# A shingle in more actions than this says nothing about a particular commitment (blocking).
MAX_SHINGLE_ACTIONS = 50


# "as above", "see above", "see section 2 above", "as set out above": the plan's own word that
# this action restates an earlier one.
_BACK_REFERENCE = re.compile(
    r"\b(?:as|see)\s+(?:(?:set\s+out|detailed|described|stated|outlined)\s+)?"
    r"(?:(?:section|recommendation)\s+(?P<section>\d+)\s+)?above\b", re.IGNORECASE)


@dataclass
class RepeatGroup:
    kind: str  # "within" one plan | "across" plans
    ids: list[str]
    providers: list[str]
    representative: str
    repeated_flag: bool
    rec_numbers: list[str | None]
    targets: list[str | None]


def shingles(sentences: Sequence[Sentence], size: int = SHINGLE) -> set[str]:
    """Word n-grams of each sentence's content lemmas (a shorter sentence is one shingle)."""
    out: set[str] = set()
    for sentence in sentences:
        terms = sentence.terms
        if len(terms) < size:
            if terms:
                out.add(" ".join(terms))
            continue
        out.update(" ".join(terms[i:i + size]) for i in range(len(terms) - size + 1))
    return out


def repeat_pairs(sets: Sequence[set[str]], *, threshold: float = THRESHOLD,
                 min_shared: int = MIN_SHARED, max_df: int = MAX_SHINGLE_ACTIONS
                 ) -> list[tuple[int, int, float]]:
    """``(i, j, containment)`` for every pair of actions that repeat each other (i < j)."""
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for i, found in enumerate(sets):
        for shingle in found:
            rows.append(i)
            cols.append(vocabulary.setdefault(shingle, len(vocabulary)))
    n = len(sets)
    if not rows:
        return []
    matrix = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)),
                               shape=(n, len(vocabulary)))
    df = np.asarray(matrix.sum(axis=0)).ravel()
    telling = np.flatnonzero((df >= 2) & (df <= max(max_df, 2)))
    blocked = matrix[:, telling].tocsr()
    overlap = sparse.triu(blocked @ blocked.T, k=1).tocoo()
    sizes = np.array([len(s) for s in sets], dtype=np.float64)
    smaller = np.minimum(sizes[overlap.row], sizes[overlap.col])
    score = overlap.data / np.maximum(smaller, 1)
    keep = (score >= threshold) & (overlap.data >= min_shared)
    return sorted(zip(overlap.row[keep].tolist(), overlap.col[keep].tolist(),
                      score[keep].tolist(), strict=True))


def repeat_vectors(analysed: Sequence[list[Sentence]], groups: Sequence[object]
                   ) -> sparse.csr_matrix:
    """L2-normalised action vectors for near-duplicate cosine.

    Unlike similar actions: word order counts (lemma bigrams), no recommendation context, and
    every term is kept (min_df=1), or two actions sharing only a stock lead-in sentence, the
    rest of their words unique, would look alike.
    """
    options = VectorOptions(bigrams=True, context_weight=0.0, min_df=1)
    return fit_space(analysed, options, groups=groups).content


def close_pairs(docs: sparse.csr_matrix, threshold: float = COSINE_THRESHOLD, *,
                max_df: int = MAX_SHINGLE_ACTIONS) -> list[tuple[int, int, float]]:
    """``(i, j, cosine)`` for pairs of L2-normalised rows with cosine >= ``threshold``.

    Blocking: only pairs that share a term found in at most ``max_df`` actions are candidates
    (near-duplicates share their specific words, not just "staff" and "monitor"); their exact
    cosine is then computed, in blocks of rows.
    """
    binary = (docs > 0).astype(np.float32).tocsc()
    df = np.diff(binary.indptr)
    telling = binary[:, np.flatnonzero(df <= max(max_df, 2))].tocsr()
    transposed = telling.T.tocsc()
    out: list[tuple[int, int, float]] = []
    for start in range(0, docs.shape[0], _BLOCK_ROWS):
        block = (telling[start:start + _BLOCK_ROWS] @ transposed).tocoo()
        rows = block.row + start
        upper = block.col > rows
        rows, cols = rows[upper], block.col[upper]
        if not len(rows):
            continue
        cosine = np.asarray(docs[rows].multiply(docs[cols]).sum(axis=1)).ravel()
        keep = cosine >= threshold - 1e-6
        out.extend(zip(rows[keep].tolist(), cols[keep].tolist(), cosine[keep].tolist(),
                       strict=True))
    return sorted(out)


def back_reference_pairs(records: Sequence[ActionRecord], docs: sparse.csr_matrix
                         ) -> list[tuple[int, int, float]]:
    """``(earlier, later, cosine)`` for each action that says it restates an earlier one.

    The earlier action is the best-matching one (``docs``: L2-normalised rows) before it in the
    same plan, within the named section if there is one; an action sharing no term with any
    candidate is left alone.
    """
    out: list[tuple[int, int, float]] = []
    by_plan: dict[str, list[int]] = {}
    for i, record in enumerate(records):
        by_plan.setdefault(record.source, []).append(i)
    for later, record in enumerate(records):
        match = _BACK_REFERENCE.search(record.text)
        if match is None:
            continue
        section = match.group("section")
        candidates = [i for i in by_plan[record.source]
                      if records[i].position < record.position
                      and (section is None or records[i].rec_number == section)]
        if not candidates:
            continue
        cosine = np.asarray(docs[candidates] @ docs[later].T.toarray()).ravel()
        best = int(np.argmax(cosine))
        if cosine[best] > 0:
            out.append((candidates[best], later, float(cosine[best])))
    return out


def _components(n: int, pairs: Sequence[tuple[int, int, float]]) -> list[list[int]]:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j, _ in pairs:
        parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i, _, _ in pairs:
        groups.setdefault(find(i), [])
    for x in range(n):
        root = find(x)
        if root in groups:
            groups[root].append(x)
    return [sorted(members) for members in groups.values()]


def group_records(records: Sequence[ActionRecord], sets: Sequence[set[str]],
                  docs: sparse.csr_matrix | None = None, *, threshold: float = THRESHOLD,
                  cosine_threshold: float = COSINE_THRESHOLD,
                  back_references: bool = True,
                  embedded: np.ndarray | None = None) -> list[RepeatGroup]:
    """The repeat groups among ``records``, largest first.

    ``sets`` are their shingles, ``docs`` their L2-normalised TF-IDF rows (optional; the
    cosine and back-reference signals need them). ``embedded`` (optional extra: one
    L2-normalised MiniLM row per record) switches to looser lexical candidates, each kept only
    where the model agrees (:mod:`index.embeddings`).
    """
    if embedded is not None:
        threshold, cosine_threshold = LOOSE_CONTAINMENT, LOOSE_COSINE
    pairs = repeat_pairs(sets, threshold=threshold)
    if docs is not None:
        pairs += close_pairs(docs, cosine_threshold)
        if back_references:
            pairs += back_reference_pairs(records, docs)
    if embedded is not None:
        pairs = confirmed_pairs(pairs, embedded, CONFIRM_THRESHOLD)
    strength = np.zeros(len(records))
    for i, j, score in pairs:
        strength[i] += score
        strength[j] += score
    groups = []
    for members in _components(len(records), pairs):
        chosen = [records[i] for i in members]
        best = max(members, key=lambda i: (strength[i], -len(records[i].text)))
        groups.append(RepeatGroup(
            kind="within" if len({r.source for r in chosen}) == 1 else "across",
            ids=[r.id for r in chosen],
            providers=list(dict.fromkeys(r.provider for r in chosen)),
            representative=records[best].text,
            repeated_flag=any(r.repeated for r in chosen),
            rec_numbers=[r.rec_number for r in chosen],
            targets=[r.target for r in chosen],
        ))
    groups.sort(key=lambda g: (-len(g.ids), g.ids[0]))
    return groups


def save_groups(groups: Sequence[RepeatGroup], directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / REPEATS_FILE).write_text(
        json.dumps([asdict(g) for g in groups], ensure_ascii=False), encoding="utf-8")


class _Loaded:
    def __init__(self, path: Path) -> None:
        self.groups = [RepeatGroup(**g) for g in json.loads(path.read_text(encoding="utf-8"))]
        self.by_id = {record_id: g for g in self.groups for record_id in g.ids}


_cache: dict[Path, _Loaded] = {}
_lock = threading.Lock()


def _load(data_dir: Path) -> _Loaded:
    path = (vectors_dir(data_dir) / REPEATS_FILE).resolve()
    with _lock:
        loaded = _cache.get(path)
        if loaded is None:
            if not path.is_file():
                raise FileNotFoundError(
                    f"{path}: no repeat groups here; rebuild the index "
                    "(actionplans index --rebuild ...)")
            loaded = _Loaded(path)
            _cache.clear()
            _cache[path] = loaded
        return loaded


def repeat_groups(data_dir: Path) -> list[RepeatGroup]:
    """Every repeat group in the index, largest first."""
    return list(_load(data_dir).groups)


def group_of(data_dir: Path, record_id: str) -> RepeatGroup | None:
    """The repeat group ``record_id`` belongs to, if any."""
    return _load(data_dir).by_id.get(record_id)
