"""The scikit-learn pipeline: lemma text -> word and character n-gram TF-IDF -> linear model.

Lemmas (from ``nlp.language``) let "workshops", "workshop" and "workshopping" share a feature;
character n-grams carry unseen word forms and acronyms ("safeguarders", "MARACs"). One
calibrated logistic regression per theme gives probabilities that thresholds can be tuned on.
"""

from __future__ import annotations

from functools import lru_cache

from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline

# Step names other modules rely on (evidence reads the vectorizers and the model).
LEMMAS, FEATURES, WORDS, CHARS, MODEL = "lemmas", "features", "words", "chars", "model"


@lru_cache(maxsize=20_000)
def lemma_text(text: str) -> str:
    """The text as space-separated lower-case lemmas, keeping only tokens with a letter."""
    from nlp.language import lemmas

    return " ".join(t for t in lemmas(text) if any(c.isalpha() for c in t))


class LemmaText(TransformerMixin, BaseEstimator):
    """Stateless step turning raw texts into lemma texts (cached: CV refits see texts often)."""

    def fit(self, texts, y=None):  # noqa: D102 - sklearn protocol
        return self

    def transform(self, texts):  # noqa: D102 - sklearn protocol
        return [lemma_text(t or "") for t in texts]


def build_pipeline(seed: int = 0, c: float = 4.0, calibration_folds: int = 3) -> Pipeline:
    """A fresh, unfitted pipeline; every random choice is fixed by ``seed``."""
    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1,
                            token_pattern=r"(?u)\b[a-z][a-z'-]+\b")
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2)
    linear = LogisticRegression(C=c, class_weight="balanced", max_iter=5000, random_state=seed)
    model = OneVsRestClassifier(
        CalibratedClassifierCV(linear, method="sigmoid", cv=calibration_folds))
    return Pipeline([
        (LEMMAS, LemmaText()),
        (FEATURES, FeatureUnion([(WORDS, words), (CHARS, chars)])),
        (MODEL, model),
    ])
