"""Similar actions: who else promised this?

An action is scored against every other by the cosine of their vectors from
:mod:`index.vectors`: lemmas with acronyms expanded, provider names dropped, plan-speak
down-weighted, and the recommendation the action answers mixed in as context. Matching the
best pair of sentences (a long action holds several commitments) is implemented and can be
blended in, but measured worse on the hand judgements (``bench/similar_quality.py``), so the
default weight is 0. Vectors are built at index time and loaded lazily, once per index
generation, so a call is one sparse product. Where the index was built with the optional
embeddings extra, ``SIMILAR_WEIGHT`` x the MiniLM cosine is added (:mod:`index.embeddings`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.embeddings import SIMILAR_WEIGHT, load_embeddings
from index.layout import VECTORS_META, vectors_dir
from index.vectors import VectorSpace
from nlp.errors import ActionPlansError

# The blend that measured best (bench/similar_quality.py): the whole action's vector alone.
DOC_WEIGHT = 1.0
PAIR_WEIGHT = 0.0
SHARED_TERMS = 6


@dataclass
class SimilarAction:
    id: str
    score: float
    provider: str
    text: str
    shared_terms: list[str]


def similarity_scores(space: VectorSpace, row: int, *, doc_weight: float = DOC_WEIGHT,
                      pair_weight: float = PAIR_WEIGHT, coverage_weight: float = 0.0
                      ) -> np.ndarray:
    """Similarity of action ``row`` to every action (its own entry included).

    ``pair`` is the best cosine between one of its sentences and one of the other's;
    ``coverage`` is the share of its content (IDF mass) the other action matches sentence by
    sentence.
    """
    scores = np.zeros(space.docs.shape[0], dtype=np.float32)
    if doc_weight:
        scores += doc_weight * (space.docs @ space.docs[row].T).toarray().ravel()
    if pair_weight or coverage_weight:
        start, end = space.offsets[row], space.offsets[row + 1]
        query = space.sentences[start:end]
        matches = (space.sentences @ query.T).toarray()
        per_doc = np.maximum.reduceat(matches, space.offsets[:-1], axis=0)
        if pair_weight:
            scores += pair_weight * per_doc.max(axis=1)
        if coverage_weight:
            mass = space.mass[start:end]
            total = float(mass.sum()) or 1.0
            scores += coverage_weight * (per_doc @ mass) / total
    return scores


def _text_weights(space: VectorSpace, row: int) -> dict[int, float]:
    """An action's own term weights (its sentences summed: no recommendation context)."""
    rows = space.sentences[space.offsets[row]:space.offsets[row + 1]]
    weights: dict[int, float] = {}
    for j, w in zip(rows.indices.tolist(), rows.data.tolist(), strict=True):
        weights[j] = weights.get(j, 0.0) + w
    return weights


def shared_terms(space: VectorSpace, a: int, b: int, limit: int = SHARED_TERMS,
                 display: dict[str, tuple[str, list[str]]] | None = None) -> list[str]:
    """The terms two actions' own texts share, weightiest first.

    ``display`` maps a term to how it is shown and the terms that showing it hides: an acronym
    (``"da": ("domestic abuse (DA)", ["domestic", "abuse"])``) shows once, spelled out, instead
    of as "da", "domestic", "abuse"; a lemma shows as its commonest written form
    (``"premise": ("premises", [])``).
    """
    concepts = display or {}
    weights_a, weights_b = _text_weights(space, a), _text_weights(space, b)
    common = sorted(((w * weights_b[j], space.terms[j]) for j, w in weights_a.items()
                     if j in weights_b), key=lambda pair: -pair[0])
    hidden = {word for _, term in common if term in concepts for word in concepts[term][1]}
    hidden |= {word for _, term in common if " " in term for word in term.split()}
    out: list[str] = []
    for _, term in common:
        if term in concepts:
            out.append(concepts[term][0])
        elif " " in term or term not in hidden:
            out.append(term)
    return list(dict.fromkeys(out))[:limit]


class _Loaded:
    """One generation's vectors and record metadata, read once."""

    def __init__(self, directory: Path) -> None:
        self.space, meta = VectorSpace.load(directory)
        self.ids: list[str] = meta["ids"]
        self.providers: list[str] = meta["providers"]
        self.texts: list[str] = meta["texts"]
        self.display = {k: (v[0], v[1]) for k, v in meta.get("display", {}).items()}
        self.rows = {record_id: row for row, record_id in enumerate(self.ids)}
        codes = {p: i for i, p in enumerate(dict.fromkeys(self.providers))}
        self.provider_codes = np.array([codes[p] for p in self.providers], dtype=np.int32)
        stored = load_embeddings(directory)  # only where the optional extra built them
        self.embedded = stored[1] if stored is not None else None


class UnknownAction(ActionPlansError, LookupError):
    """An action id that is not in the index (or not in its similarity vectors)."""


_cache: dict[Path, _Loaded] = {}
_lock = threading.Lock()


def _load(data_dir: Path) -> _Loaded:
    directory = vectors_dir(data_dir).resolve()
    with _lock:
        loaded = _cache.get(directory)
        if loaded is None:
            if not (directory / VECTORS_META).is_file():
                raise FileNotFoundError(
                    f"{directory}: no similarity vectors here; rebuild the index "
                    "(actionplans index --rebuild ...)")
            loaded = _Loaded(directory)
            _cache.clear()  # keep only the live generation in memory
            _cache[directory] = loaded
        return loaded


def similar_actions(data_dir: Path, record_id: str, *, limit: int = 10,
                    include_same_provider: bool = False) -> list[SimilarAction]:
    """The actions most like ``record_id``, by default from other providers only.

    Raises :class:`UnknownAction` for an id that is not in the index.
    """
    loaded = _load(data_dir)
    row = loaded.rows.get(record_id)
    if row is None:
        raise UnknownAction(f"no action with id {record_id!r} in the index")
    scores = similarity_scores(loaded.space, row)
    if loaded.embedded is not None:
        scores += SIMILAR_WEIGHT * (loaded.embedded @ loaded.embedded[row])
    scores[row] = -np.inf
    if not include_same_provider:
        scores[loaded.provider_codes == loaded.provider_codes[row]] = -np.inf
    limit = max(0, min(limit, int(np.isfinite(scores).sum())))
    if limit == 0:
        return []
    top = np.argpartition(-scores, limit - 1)[:limit]
    top = top[np.argsort(-scores[top], kind="stable")]
    return [SimilarAction(loaded.ids[i], round(float(scores[i]), 4), loaded.providers[i],
                          loaded.texts[i],
                          shared_terms(loaded.space, row, int(i), display=loaded.display))
            for i in top if scores[i] > 0]
