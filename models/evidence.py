"""Why a text got a theme: the model's linear score split back onto the words of the text.

Each theme's model is a logistic regression over word TF-IDF, taxonomy cue counts and
(optionally) character n-grams. A feature's contribution (value x weight) is given to the
terms it came from: a word feature to its word, a cue feature to the cue terms it matched
(shared equally, so "domestic abuse" can be one term), a character n-gram to the words that
contain it. It is exact for the linear score and fast for texts of any length.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.pipeline import Pipeline

from models.features import CHARS, CUES, FEATURES, LEMMAS, MODEL, WORDS


def effective_coefficients(estimator) -> np.ndarray:
    """One theme's logit weights (averaged over folds when sigmoid-calibrated).

    Sigmoid calibration maps a decision value f to 1 / (1 + exp(a f + b)), so -a f is the
    calibrated logit: each fold's weights are scaled by its -a before averaging.
    """
    if hasattr(estimator, "calibrated_classifiers_"):
        return np.mean([-float(c.calibrators[0].a_) * c.estimator.coef_[0]
                        for c in estimator.calibrated_classifiers_], axis=0)
    return estimator.coef_[0]


def term_contributions(pipeline: Pipeline, text: str, theme_indices: Sequence[int],
                       ) -> list[dict[str, float]]:
    """For each requested theme, ``{term: share of the theme's logit}`` for ``text``."""
    lemma_text = pipeline[LEMMAS].transform([text])[0]
    owners = []  # per feature block: (offset, x (coo), column -> [(term, share)])
    offset = 0
    for name, part in pipeline[FEATURES].transformer_list:
        x = part.transform([lemma_text]).tocoo()
        owners.append((offset, x, _term_shares(name, part, lemma_text)))
        offset += len(part.get_feature_names_out())
    results = []
    for k in theme_indices:
        coef = effective_coefficients(pipeline[MODEL].estimators_[k])
        per_term: dict[str, float] = defaultdict(float)
        for start, x, shares in owners:
            for j, value in zip(x.col, x.data, strict=True):
                for term, share in shares(j):
                    per_term[term] += value * coef[start + j] * share
        results.append({term: float(w) for term, w in per_term.items() if _is_term(term)})
    return results


def _term_shares(name: str, part, lemma_text: str):
    """A function: feature column -> the terms of ``lemma_text`` it came from, with shares."""
    if name == CUES:
        found = part.matches(lemma_text)
        return lambda j: [(term, 1 / len(found[j])) for term in found[j]]
    names = part.get_feature_names_out()
    if name == CHARS:
        holders: dict[str, list[str]] = defaultdict(list)
        analyse = part.build_analyzer()
        for token in sorted(set(lemma_text.split())):
            for gram in set(analyse(token)):
                holders[gram].append(token)
        return lambda j: [(t, 1 / len(holders[names[j]])) for t in holders.get(names[j], ())]
    if name == WORDS:
        return lambda j: [(w, 1 / len(names[j].split())) for w in names[j].split()]
    return lambda j: []


def _is_term(term: str) -> bool:
    """Worth showing a reader: not a stop word, not a fragment."""
    return len(term) > 2 and term not in ENGLISH_STOP_WORDS
