"""The scikit-learn pipeline: lemma text -> word TF-IDF + taxonomy cue counts -> linear model.

Lemmas (from ``nlp.language``) let "workshops" and "workshop" share a feature. The cue counts
carry what the theme definitions name (``themes.toml``), so the model starts from domain
knowledge and learns from the labels how much each cue, and each other word, matters; this is
what lets it tag plans and phrasings the labelled data never showed.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline

from models.acronyms import AcronymTable, as_table, expand_acronyms

# Step names other modules rely on (evidence reads the vectorizers and the model).
LEMMAS, FEATURES, MODEL = "lemmas", "features", "model"
WORDS, CUES, CHARS = "words", "cues", "chars"


@lru_cache(maxsize=20_000)
def lemma_text(text: str) -> str:
    """The text as space-separated lower-case lemmas, keeping only tokens with a letter."""
    # lazy: spaCy takes seconds to import; only when text is analysed
    from nlp.language import lemmas

    return " ".join(t for t in lemmas(text) if any(c.isalpha() for c in t))


def surface_forms(text: str) -> dict[str, str]:
    """Each lemma of ``text`` mapped to the word as first written there ("premise" ->
    "premises"), so evidence reads as the plan does."""
    # lazy: spaCy takes seconds to import; only when text is analysed
    from nlp.language import language

    pipeline = language()
    lowered = text.lower()  # as nlp.language.lemmas does: the lookup tables are lower-case
    doc = pipeline.make_doc(lowered)
    for _, proc in pipeline.pipeline:
        doc = proc(doc)
    same_offsets = len(lowered) == len(text)
    forms: dict[str, str] = {}
    for token in doc:
        written = text[token.idx:token.idx + len(token)] if same_offsets else token.text
        forms.setdefault((token.lemma_ or token.text).lower(), written)
    return forms


class LemmaText(TransformerMixin, BaseEstimator):
    """Stateless step turning raw texts into lemma texts (cached: CV refits see texts often).

    With ``acronyms`` (``{"UPW": "unpaid work"}``) each acronym use, and each acronym the text
    defines itself, is followed by its long form first (``models.acronyms``).
    """

    def __init__(self, acronyms: dict[str, str] | None = None, how: str = "expand"):
        self.acronyms = acronyms
        self.how = how

    def fit(self, texts, y=None):  # noqa: D102 - sklearn protocol
        return self

    def transform(self, texts):  # noqa: D102 - sklearn protocol
        acronyms = getattr(self, "acronyms", None)  # absent from artifacts saved before it
        if acronyms is None:
            return [lemma_text(t or "") for t in texts]
        table = as_table(acronyms)
        if getattr(self, "how", "expand") == "abbreviate":
            return [abbreviated_lemma_text(t or "", table) for t in texts]
        return [lemma_text(expand_acronyms(t or "", table)) for t in texts]


def acronym_token(acronym: str) -> str:
    """The word feature an acronym becomes ("L&D" -> "ld")."""
    return re.sub(r"[^a-z]", "", acronym.lower())


@lru_cache(maxsize=64)
def _long_forms(table: AcronymTable) -> tuple[tuple[str, str], ...]:
    return tuple((lemma_text(long), acronym_token(acronym)) for acronym, long in table)


@lru_cache(maxsize=20_000)
def abbreviated_lemma_text(text: str, table: AcronymTable = ()) -> str:
    """The lemma text with each long form followed by its acronym ("education training and
    employment ete"), from the curated table and the text's own definitions: the long form
    and the acronym meet in one feature, and no word of a long form ("training") is added
    where only the acronym was written."""
    # lazy: spaCy takes seconds to import; only when text is analysed
    from nlp.language import acronym_definitions

    own = as_table(acronym_definitions(text)) if "(" in text else ()
    padded = f" {lemma_text(text)} "
    for long, token in _long_forms(table) + _long_forms(own):
        if long and token and f" {long} " in padded:
            padded = padded.replace(f" {long} ", f" {long} {token} ")
    return padded.strip()


class CueCounts(TransformerMixin, BaseEstimator):
    """One feature per cue group: ``weight * log(1 + matches)`` of its terms in a lemma text.

    Terms are lemmatised once at fit time and matched as whole lemma sequences, so the cue
    "learning event" matches "learning events" but not "e-learning eventually".
    """

    def __init__(self, groups: dict[str, tuple[str, ...]] | None = None, weight: float = 0.5):
        self.groups = groups
        self.weight = weight

    def fit(self, texts, y=None):  # noqa: D102 - sklearn protocol
        groups = self.groups or {}
        self.names_ = list(groups)
        self.terms_ = [sorted({lemma_text(term) for term in groups[n]} - {""}) for n in self.names_]
        return self

    def matches(self, lemma_text_: str) -> list[list[str]]:
        """For each group, the cue terms found in ``lemma_text_`` (once per occurrence)."""
        padded = f" {lemma_text_} "
        return [[term for term in terms for _ in range(padded.count(f" {term} "))]
                for terms in self.terms_]

    def transform(self, texts):  # noqa: D102 - sklearn protocol
        rows = [[len(found) for found in self.matches(text)] for text in texts]
        counts = np.array(rows, dtype=float).reshape(len(texts), len(self.names_))
        return sp.csr_matrix(self.weight * np.log1p(counts))

    def get_feature_names_out(self, input_features=None):  # noqa: D102 - sklearn protocol
        return np.array([f"cue:{n}" for n in self.names_], dtype=object)


def build_pipeline(seed: int = 0, c: float = 16.0, cue_groups: dict | None = None,
                   cue_weight: float = 0.5, ngrams: int = 2, chars: bool = False,
                   calibrate: bool = True, calibration_folds: int = 3,
                   acronyms: dict[str, str] | None = None, acronym_how: str = "expand",
                   ) -> Pipeline:
    """A fresh, unfitted pipeline; every random choice is fixed by ``seed``.

    ``calibrate`` wraps each theme's logistic regression in sigmoid (Platt) calibration so
    scores read as probabilities; ``chars`` adds character n-gram TF-IDF, which measured
    worse (models/README.md) and is off by default. ``acronyms`` (``None``: no expansion)
    is the curated acronym list; texts' own definitions are used whenever it is given.
    """
    parts: list[tuple[str, object]] = [
        (WORDS, TfidfVectorizer(ngram_range=(1, ngrams), sublinear_tf=True,
                                token_pattern=r"(?u)\b[a-z][a-z'-]+\b")),
        (CUES, CueCounts(cue_groups or {}, cue_weight)),
    ]
    if chars:
        parts.append((CHARS, TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5),
                                             sublinear_tf=True, min_df=2)))
    linear = LogisticRegression(C=c, class_weight="balanced", max_iter=5000, random_state=seed)
    per_theme = (CalibratedClassifierCV(linear, method="sigmoid", cv=calibration_folds)
                 if calibrate else linear)
    return Pipeline([
        (LEMMAS, LemmaText(acronyms, acronym_how)),
        (FEATURES, FeatureUnion(parts)),
        (MODEL, OneVsRestClassifier(per_theme)),
    ])
