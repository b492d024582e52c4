"""Why a text got a theme: the model's linear score split back onto the words of the text.

Each theme's model is a logistic regression over word n-gram and character n-gram TF-IDF
features. A feature's contribution (value x weight, through the calibration's slope) is shared
among the lemmas it came from: a word bigram between its two words, a character n-gram among
the words that contain it. Summing per lemma gives an exact, fast split of the score that works
for texts of any length.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.pipeline import Pipeline

from models.features import CHARS, FEATURES, LEMMAS, MODEL, WORDS


def effective_coefficients(calibrated) -> np.ndarray:
    """The logit weights of one theme's calibrated model, averaged over calibration folds.

    Sigmoid calibration maps a decision value f to 1 / (1 + exp(a f + b)), so -a f is the
    calibrated logit: each fold's weights are scaled by its -a before averaging.
    """
    parts = [-float(c.calibrators[0].a_) * c.estimator.coef_[0]
             for c in calibrated.calibrated_classifiers_]
    return np.mean(parts, axis=0)


def term_contributions(pipeline: Pipeline, text: str, theme_indices: Sequence[int],
                       ) -> list[dict[str, float]]:
    """For each requested theme, ``{lemma: share of the theme's logit}`` for ``text``."""
    lemma_text = pipeline[LEMMAS].transform([text])[0]
    tokens = set(lemma_text.split())
    vectorizers = dict(pipeline[FEATURES].transformer_list)
    words, chars = vectorizers[WORDS], vectorizers[CHARS]
    x_words = words.transform([lemma_text]).tocoo()
    x_chars = chars.transform([lemma_text]).tocoo()
    word_names = words.get_feature_names_out()
    char_names = chars.get_feature_names_out()
    owners = _char_ngram_owners(chars, tokens)
    offset = len(word_names)
    results = []
    for k in theme_indices:
        coef = effective_coefficients(pipeline[MODEL].estimators_[k])
        per_term: dict[str, float] = defaultdict(float)
        for j, value in zip(x_words.col, x_words.data, strict=True):
            parts = word_names[j].split()
            for part in parts:
                per_term[part] += value * coef[j] / len(parts)
        for j, value in zip(x_chars.col, x_chars.data, strict=True):
            holders = owners.get(char_names[j], ())
            for holder in holders:
                per_term[holder] += value * coef[offset + j] / len(holders)
        results.append({term: float(w) for term, w in per_term.items() if _is_term(term)})
    return results


def _char_ngram_owners(chars, tokens: set[str]) -> dict[str, list[str]]:
    """Which tokens each character n-gram of the text comes from (char_wb stays in a word)."""
    analyse = chars.build_analyzer()
    owners: dict[str, list[str]] = defaultdict(list)
    for token in sorted(tokens):
        for gram in set(analyse(token)):
            owners[gram].append(token)
    return owners


def _is_term(term: str) -> bool:
    """Worth showing a reader: not a stop word, not a fragment."""
    return len(term) > 2 and term not in ENGLISH_STOP_WORDS
