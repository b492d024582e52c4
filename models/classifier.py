"""The theme classifier: train it, persist it with skops, load it lazily, predict and explain.

Importing this module is cheap: scikit-learn, numpy and skops are imported only when a model
is trained, loaded or used, so the CLI and the web app start fast.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.acronyms import as_table, expansion_words
from models.labels import LABELS_PATH, load_labels, with_extra
from models.taxonomy import (
    THEMES_PATH,
    Theme,
    all_cue_groups,
    load_acronyms,
    load_cue_groups,
    load_themes,
    load_unthemed_examples,
    theme_examples,
)
from nlp.errors import ActionPlansError

if TYPE_CHECKING:
    import numpy as np
    from sklearn.pipeline import Pipeline

    from models.labels import LabelledRecord
    from nlp.records import ActionRecord

MODELS_DIR = Path(__file__).resolve().parent
ARTIFACT_PATH = MODELS_DIR / "themes.skops"
ARTIFACT_FORMAT = 1
DEFAULT_SEED = 0
MAX_CHARS = 100_000  # a record is a few hundred characters; cap pathological input
EVIDENCE_TERMS = 5
EXAMPLES_GROUP = "themes.toml"
# Candidate hyper-parameters (LR inverse regularisation, cue feature weight), chosen per fit by
# inner cross-validation; on a tie the earlier entry is kept.
PARAM_GRID: tuple[dict[str, Any], ...] = (
    {"c": 16.0, "cue_weight": 0.5}, {"c": 16.0, "cue_weight": 1.0},
    {"c": 4.0, "cue_weight": 0.5}, {"c": 4.0, "cue_weight": 1.0},
)

# Every type the artifact may hold, listed explicitly: skops refuses anything else on load.
TRUSTED_TYPES = [
    "builtins.dict",
    "builtins.list",
    "builtins.slice",
    "builtins.str",
    "builtins.tuple",
    "models.features.CueCounts",
    "models.features.LemmaText",
    "numpy.dtype",
    "numpy.float64",
    "numpy.int64",
    "numpy.ndarray",
    "scipy.sparse._csr.csr_matrix",
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.multiclass.OneVsRestClassifier",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.pipeline.Pipeline",
    "sklearn.preprocessing._label.LabelBinarizer",
]


class ModelError(ActionPlansError, RuntimeError):
    """A model that cannot be trained or loaded; the message is one line naming the file."""


@dataclass
class ThemePrediction:
    """Themes for one text, the probability of every theme, and the terms behind each tag."""

    themes: list[str]
    theme_scores: dict[str, float]
    evidence: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class TrainingData:
    """Texts with their 0/1 theme matrix and the plan (group) each came from."""

    texts: list[str]
    labels: list[list[str]]
    groups: list[str]

    def matrix(self, themes: Sequence[str]) -> np.ndarray:
        # lazy: numpy/scikit-learn/skops only when a model is used (module docstring)
        import numpy as np

        return np.array([[int(t in row) for t in themes] for row in self.labels], dtype=int)

    def subset(self, indices: Sequence[int]) -> TrainingData:
        return TrainingData([self.texts[i] for i in indices], [self.labels[i] for i in indices],
                            [self.groups[i] for i in indices])

    def __add__(self, other: TrainingData) -> TrainingData:
        return TrainingData(self.texts + other.texts, self.labels + other.labels,
                            self.groups + other.groups)

    @classmethod
    def from_records(cls, records: Sequence[LabelledRecord]) -> TrainingData:
        return cls([r.text for r in records], [list(r.themes) for r in records],
                   [r.source for r in records])

    @classmethod
    def from_taxonomy(cls, themes: Sequence[Theme], unthemed: Sequence[str] = ()) -> TrainingData:
        pairs = theme_examples(list(themes), tuple(unthemed))
        return cls([t for t, _ in pairs], [labels for _, labels in pairs],
                   [EXAMPLES_GROUP] * len(pairs))


def _clip(text: str | None) -> str:
    return (text or "")[:MAX_CHARS]


class ThemeClassifier:
    """A fitted pipeline plus the theme order and one decision threshold per theme."""

    def __init__(self, pipeline: Pipeline, themes: list[str], thresholds: list[float],
                 metadata: dict[str, Any] | None = None, combine: str = "whole") -> None:
        self.pipeline = pipeline
        self.themes = list(themes)
        self.thresholds = [float(t) for t in thresholds]
        self.metadata = metadata or {}
        self.combine = combine  # how whole-text and sentence scores combine (sentence_scores)

    # -- training -------------------------------------------------------------------------
    @classmethod
    def fit(cls, data: TrainingData, themes: Sequence[Theme], seed: int = DEFAULT_SEED,
            use_examples: bool = True, grid: Sequence[dict[str, Any]] | None = None,
            cue_groups: dict[str, tuple[str, ...]] | None = None,
            unthemed: Sequence[str] = (), acronyms: dict[str, str] | None = None,
            combines: Sequence[str] | None = None) -> ThemeClassifier:
        """Fit on ``data`` plus the taxonomy examples.

        The hyper-parameters (from ``grid``, default :data:`PARAM_GRID`) and the per-theme
        thresholds are both chosen on out-of-fold scores inside ``data``, so an outer
        evaluation fold is never looked at. ``cue_groups`` are the taxonomy's non-theme cue
        groups (``[cues]`` in themes.toml); each theme's own cues are always used.
        ``unthemed`` are the taxonomy's example statements that carry no theme. ``acronyms``
        (the taxonomy's ``[acronyms]``; ``None``: no expansion) are expanded before
        featurising. How whole-text and best-sentence scores combine is chosen from
        ``combines`` (ways in :data:`models.sentence_scores.COMBINES`, default all of them:
        a long record holds several commitments) on the same out-of-fold scores.
        """
        # lazy: numpy/scikit-learn only when a model is used (module docstring)
        from models.sentence_scores import COMBINES

        names = [t.name for t in themes]
        cues = all_cue_groups(list(themes), cue_groups)
        fixed = {"cue_groups": cues, "acronyms": acronyms}
        grid = [{**params, **fixed} for params in (grid or PARAM_GRID)]
        extra = (TrainingData.from_taxonomy(themes, unthemed) if use_examples
                 else TrainingData([], [], []))
        params, how, thresholds, inner_f1 = _select(data, extra, names, seed, grid,
                                                    tuple(combines or COMBINES))
        everything = data + extra
        pipeline = _fit_pipeline(everything, names, seed, **params)
        metadata = {
            "seed": seed,
            "params": {k: v for k, v in params.items() if k not in fixed},
            "grid": [{k: v for k, v in g.items() if k not in fixed} for g in grid],
            "combine": how,
            "cue_groups": {k: list(v) for k, v in cues.items()},
            "acronyms": dict(acronyms) if acronyms is not None else None,
            "inner_cv_macro_f1": inner_f1,
            "use_examples": use_examples,
            "n_labelled": len(data.texts),
            "n_examples": len(extra.texts),
            "positives": {n: int(c) for n, c in zip(names, everything.matrix(names).sum(axis=0),
                                                     strict=True)},
            "plans": sorted(set(data.groups)),
        }
        return cls(pipeline, names, thresholds, metadata, combine=how)

    # -- prediction -----------------------------------------------------------------------
    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities, one row per text, one column per theme (each text's
        whole-text and best-sentence scores combined as chosen in training)."""
        # lazy: numpy/scikit-learn/skops only when a model is used (module docstring)
        import numpy as np

        if not texts:
            return np.zeros((0, len(self.themes)))
        return _scores(self.pipeline, [_clip(t) for t in texts], (self.combine,))[self.combine]

    def predict(self, texts: list[str], *, with_evidence: bool = True,
                ) -> list[ThemePrediction]:
        """Themes (score >= the theme's threshold), all scores, and evidence for each tag."""
        predictions = []
        for text, row in zip(texts, self.scores(texts), strict=True):
            scores = {n: round(float(s), 4) for n, s in zip(self.themes, row, strict=True)}
            tagged = [n for n, s, t in zip(self.themes, row, self.thresholds, strict=True)
                      if s >= t and text and text.strip()]
            evidence = self._evidence(text, tagged) if tagged and with_evidence else {}
            predictions.append(ThemePrediction(tagged, scores, evidence))
        return predictions

    def explain(self, text: str) -> dict[str, list[str]]:
        """For each theme the text is tagged with, the few terms that pushed it there."""
        return self.predict([text])[0].evidence

    def _evidence(self, text: str, themes: list[str]) -> dict[str, list[str]]:
        # lazy: numpy/scikit-learn only when a model is used (module docstring)
        from models.evidence import term_contributions
        from models.features import surface_forms

        text = _clip(text)
        contributions = term_contributions(self.pipeline, text,
                                           [self.themes.index(t) for t in themes])
        forms = {**_expansion_forms(self.pipeline, text), **surface_forms(text)}
        evidence = {}
        for theme, per_term in zip(themes, contributions, strict=True):
            ranked = [term for term, weight in sorted(per_term.items(), key=lambda kv: -kv[1])
                      if weight > 0]
            # consecutive words an acronym stands for read as the acronym once
            written = (" ".join(k for k, _ in groupby(forms.get(word, word)
                                                      for word in term.split()))
                       for term in ranked)
            evidence[theme] = list(dict.fromkeys(written))[:EVIDENCE_TERMS]
        return evidence

    # -- persistence ----------------------------------------------------------------------
    def save(self, path: Path | None = None) -> Path:
        """Write the skops artifact and, beside it, a JSON file describing the training.

        Each file is written aside and renamed into place, so a reader never sees half a file.
        """
        # lazy: scikit-learn only when a model is used (module docstring)
        import sklearn
        import skops
        import skops.io as sio

        path = Path(path or ARTIFACT_PATH)
        staged = path.with_name(path.name + ".partial")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            sio.dump({"format": ARTIFACT_FORMAT, "themes": self.themes,
                      "thresholds": self.thresholds, "combine": self.combine,
                      "pipeline": self.pipeline}, staged,
                     compression=zipfile.ZIP_DEFLATED, compresslevel=9)
            metadata = {**self.metadata, "themes": self.themes,
                        "thresholds": dict(zip(self.themes, self.thresholds, strict=True)),
                        "artifact": path.name,
                        "trained_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                        "artifact_sha256": hashlib.sha256(staged.read_bytes()).hexdigest(),
                        "scikit_learn": sklearn.__version__, "skops": skops.__version__}
            meta_staged = staged.with_name(staged.name + ".json")
            meta_staged.write_text(json.dumps(metadata, indent=2, sort_keys=True) + "\n",
                                   encoding="utf-8")
            os.replace(staged, path)
            os.replace(meta_staged, metadata_path(path))
        except OSError as exc:
            raise ModelError(f"{path}: cannot write model file ({exc.strerror or exc})") from exc
        return path

    @classmethod
    def load(cls, path: Path | None = None) -> ThemeClassifier:
        """Load a saved classifier (default: the shipped one); :class:`ModelError` if unusable."""
        path = Path(path or ARTIFACT_PATH)
        if not path.is_file():
            raise ModelError(f"{path}: model file not found (run `actionplans train`)")
        # lazy: skops (~0.75 s: it lists every estimator) only when a model is saved or loaded
        import skops.io as sio

        try:
            untrusted = sorted(set(sio.get_untrusted_types(file=path)) - set(TRUSTED_TYPES))
            if untrusted:
                raise ModelError(f"{path}: model file holds untrusted types: "
                                 f"{', '.join(untrusted)}")
            state = sio.load(path, trusted=TRUSTED_TYPES)
        except ModelError:
            raise
        except Exception as exc:  # zip, JSON or skops errors all mean the same to a user
            raise ModelError(f"{path}: model file is corrupt or unreadable "
                             f"({type(exc).__name__})") from exc
        if (not isinstance(state, dict) or state.get("format") != ARTIFACT_FORMAT
                or len(state.get("themes", [])) != len(state.get("thresholds", []))):
            raise ModelError(f"{path}: not a theme classifier artifact (format "
                             f"{ARTIFACT_FORMAT} expected)")
        metadata: dict[str, Any] = {}
        meta_file = metadata_path(path)
        if meta_file.is_file():
            try:
                metadata = json.loads(meta_file.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError):
                metadata = {}
        # lazy: numpy/scikit-learn only when a model is used (module docstring)
        from models.sentence_scores import COMBINES

        combine = state.get("combine", "whole")
        if combine not in COMBINES:
            raise ModelError(f"{path}: unknown sentence combination {combine!r}")
        return cls(state["pipeline"], list(state["themes"]), list(state["thresholds"]), metadata,
                   combine=combine)


def metadata_path(artifact: Path) -> Path:
    """Where the training metadata of ``artifact`` lives (``themes.skops.json``)."""
    return artifact.with_name(artifact.name + ".json")


def _fit_pipeline(data: TrainingData, themes: Sequence[str], seed: int, **params: Any) -> Pipeline:
    # lazy: numpy/scikit-learn only when a model is used (module docstring)
    from models.features import build_pipeline

    y = data.matrix(themes)
    counts = [min(int(col.sum()), len(col) - int(col.sum())) for col in y.T]
    thin = [t for t, c in zip(themes, counts, strict=True) if c < 2]
    if thin:
        raise ModelError(f"theme(s) {', '.join(thin)}: fewer than 2 positive (or negative) "
                         "examples to train on; label more records or add examples")
    pipeline = build_pipeline(seed=seed, calibration_folds=min(3, min(counts)), **params)
    return pipeline.fit(data.texts, y)


def _inner_splits(data: TrainingData, seed: int) -> list[tuple[list[int], list[int]]]:
    """Folds that hold out whole plans when there are enough plans, else random thirds."""
    # lazy: numpy/scikit-learn/skops only when a model is used (module docstring)
    import numpy as np
    from sklearn.model_selection import GroupKFold, KFold

    n = len(data.texts)
    plans = sorted(set(data.groups))
    if len(plans) >= 3:
        splitter = GroupKFold(n_splits=min(len(plans), 5))
        folds = splitter.split(np.zeros(n), groups=data.groups)
    elif n >= 6:
        folds = KFold(n_splits=3, shuffle=True, random_state=seed).split(np.zeros(n))
    else:
        return []
    return [(list(train), list(test)) for train, test in folds]


def _scores(pipeline: Pipeline, texts: list[str], combines: Sequence[str] = ("whole",),
            ) -> dict[str, np.ndarray]:
    """Probabilities for ``texts`` under each requested way of combining whole-text and
    best-sentence scores (sentences are scored only if a way needs them)."""
    # lazy: numpy/scikit-learn only when a model is used (module docstring)
    from models.sentence_scores import best_sentence_scores, combine

    whole = pipeline.predict_proba(texts)
    if all(how == "whole" for how in combines):
        return {"whole": whole}
    best = best_sentence_scores(pipeline.predict_proba, texts, whole)
    return {how: combine(whole, best, how) for how in combines}


def _expansion_forms(pipeline: Pipeline, text: str) -> dict[str, str]:
    """Terms the acronym handling added to ``text``, mapped to what the text wrote: an
    expanded word to its acronym, an added acronym to its long form."""
    # lazy: numpy/scikit-learn only when a model is used (module docstring)
    from models.features import LEMMAS, acronym_token, lemma_text

    step = pipeline[LEMMAS]
    acronyms = getattr(step, "acronyms", None)
    if acronyms is None:
        return {}
    if getattr(step, "how", "expand") == "abbreviate":
        # lazy: spaCy takes seconds to import; only when text is analysed
        from nlp.language import acronym_definitions

        return {acronym_token(a): long for a, long in {**acronyms,
                                                       **acronym_definitions(text)}.items()}
    return {lemma_text(word): acronym
            for word, acronym in expansion_words(text, as_table(acronyms)).items()}


def out_of_fold_scores(data: TrainingData, extra: TrainingData, themes: Sequence[str],
                       seed: int, combines: Sequence[str] = ("whole",), **params: Any,
                       ) -> dict[str, np.ndarray] | None:
    """Probabilities for each labelled record from a model fitted without its plan, for each
    way of combining whole-text and sentence scores (``{"whole": ..., "max": ...}``).

    ``extra`` (the taxonomy examples) is in every fold's training data and never scored.
    Returns ``None`` when there is too little data to hold anything out.
    """
    # lazy: numpy/scikit-learn/skops only when a model is used (module docstring)
    import numpy as np

    splits = _inner_splits(data, seed)
    if not splits:
        return None
    scores: dict[str, np.ndarray] = {}
    for train, test in splits:
        pipeline = _fit_pipeline(data.subset(train) + extra, themes, seed, **params)
        texts = [_clip(data.texts[i]) for i in test]
        for how, fold in _scores(pipeline, texts, combines).items():
            scores.setdefault(how, np.zeros((len(data.texts), len(themes))))[test] = fold
    return scores


def _select(data: TrainingData, extra: TrainingData, themes: Sequence[str], seed: int,
            grid: Sequence[dict[str, Any]], combines: Sequence[str] = ("whole",),
            ) -> tuple[dict[str, Any], str, list[float], float | None]:
    """The grid entry and sentence combination with the best out-of-fold macro-F1, its
    thresholds and that score (on a tie the earlier entry, then combination, is kept)."""
    # lazy: numpy/scikit-learn only when a model is used (module docstring)
    from models.thresholds import DEFAULT_THRESHOLD, choose_thresholds, macro_f1_at

    y = data.matrix(themes)
    best: tuple[dict[str, Any], str, list[float], float | None] = (
        dict(grid[0]), combines[0], [DEFAULT_THRESHOLD] * len(themes), None)
    for params in grid:
        per_combine = out_of_fold_scores(data, extra, themes, seed, combines=combines,
                                         **params)
        if per_combine is None:  # too little data to hold anything out
            return best
        for how in combines:
            thresholds = choose_thresholds(y, per_combine[how])
            score = macro_f1_at(y, per_combine[how], thresholds)
            if best[3] is None or score > best[3]:
                best = (dict(params), how, thresholds, round(score, 4))
    return best


def train(labels_path: Path | None = None, themes_path: Path | None = None,
          seed: int = DEFAULT_SEED, out: Path | None = None,
          extra_labels: Path | None = None,
          grid: Sequence[dict[str, Any]] | None = None) -> ThemeClassifier:
    """Retrain from the labels file and the taxonomy, save the artifact, return the model.

    ``extra_labels`` (reviewers' corrections, same format) are added; where one has the id of
    a shipped label it replaces it, since a reviewer read that text later.
    """
    themes = load_themes(themes_path)
    labels_path = Path(labels_path or LABELS_PATH)
    records = load_labels(labels_path, [t.name for t in themes])
    extra = load_labels(extra_labels, [t.name for t in themes]) if extra_labels else []
    records = with_extra(records, extra)
    classifier = ThemeClassifier.fit(TrainingData.from_records(records), themes, seed=seed,
                                     cue_groups=load_cue_groups(themes_path),
                                     unthemed=load_unthemed_examples(themes_path),
                                     acronyms=load_acronyms(themes_path), grid=grid)
    classifier.metadata["n_corrections"] = len(extra)
    classifier.metadata["labels_sha256"] = hashlib.sha256(labels_path.read_bytes()).hexdigest()
    classifier.metadata["taxonomy_sha256"] = hashlib.sha256(
        Path(themes_path or THEMES_PATH).read_bytes()).hexdigest()
    classifier.save(out)
    return classifier


@lru_cache(maxsize=1)
def load_default() -> ThemeClassifier:
    """The shipped classifier, loaded on first use and kept."""
    return ThemeClassifier.load()


def explain(text: str) -> dict[str, list[str]]:
    """Evidence terms per tagged theme for ``text``, from the shipped classifier (for the UI)."""
    return load_default().explain(text)


def tag_records(records: Sequence[ActionRecord], classifier: ThemeClassifier | None = None,
                ) -> None:
    """Fill each record's ``themes`` and ``theme_scores`` in place (default: shipped model)."""
    if not records:
        return
    classifier = classifier or load_default()
    predictions = classifier.predict([r.text for r in records], with_evidence=False)
    for record, prediction in zip(records, predictions, strict=True):
        record.themes = prediction.themes
        record.theme_scores = prediction.theme_scores
