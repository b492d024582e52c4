"""Sentence-level scoring: a long action holds several commitments, so each sentence counts.

A record of six sentences with one about ETE provision has a diluted whole-text score; its
best sentence does not. How the whole-text and best-sentence scores are combined (``whole``:
ignore sentences, ``max``: the higher of the two, ``mean``: their average) is chosen, like the
thresholds, on out-of-fold scores inside the training plans of each fit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

COMBINES = ("whole", "max", "mean")  # in order of preference on a tie
MAX_SENTENCES = 200  # a pathological text is scored on its first sentences only


@lru_cache(maxsize=20_000)
def split_sentences(text: str) -> tuple[str, ...]:
    """The sentences of ``text`` that hold a word; empty when there is only one."""
    # lazy: spaCy takes seconds to import; only when text is analysed
    from nlp.language import sentences

    parts = tuple(s for s in sentences(text) if any(c.isalpha() for c in s))
    return parts[:MAX_SENTENCES] if len(parts) > 1 else ()


def best_sentence_scores(predict: Callable[[list[str]], np.ndarray], texts: Sequence[str],
                         whole: np.ndarray) -> np.ndarray:
    """Per text and theme the highest score of any of its sentences (the whole-text score
    for a text of one sentence)."""
    best = np.array(whole, dtype=float, copy=True)
    parts: list[str] = []
    owners: list[int] = []
    for i, text in enumerate(texts):
        sentences = split_sentences(text)
        parts.extend(sentences)
        owners.extend([i] * len(sentences))
    if parts:
        multi = sorted(set(owners))
        best[multi] = 0.0
        np.maximum.at(best, np.array(owners), predict(parts))
    return best


def combine(whole: np.ndarray, best_sentence: np.ndarray, how: str) -> np.ndarray:
    """The record's scores from its whole-text and best-sentence scores."""
    if how == "whole":
        return whole
    if how == "max":
        return np.maximum(whole, best_sentence)
    if how == "mean":
        return (whole + best_sentence) / 2
    raise ValueError(f"unknown sentence combination {how!r} (one of {', '.join(COMBINES)})")
