"""Leave-one-plan-out evaluation of the classifier beside the keyword baseline.

Each fold holds out every record of one plan, fits the classifier on the other plans (its
thresholds chosen by cross-validation inside those plans only), and tags the held-out plan. The
keyword rules tag the same held-out records. Predictions are pooled over folds before precision,
recall and F1 are computed, so every record counts once.

The headline figures are over the action and measure records (the issue's definition of the
dataset); the same predictions scored over every record, context paragraphs included, are
reported beside them (``all_records``). Training always uses every labelled record of the
training plans.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from models.classifier import DEFAULT_SEED, ThemeClassifier, TrainingData
from models.keywords import keyword_themes
from models.labels import LABELS_PATH, LabelledRecord, LabelsError, load_labels, with_extra
from models.taxonomy import load_acronyms, load_cue_groups, load_themes, load_unthemed_examples

HEADLINE_KINDS = ("action", "measure")


@dataclass
class ThemeScore:
    """Precision, recall and F1 of one theme, with its support (labelled positives)."""

    theme: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class Evaluation:
    """Per-theme scores of the model and the baseline, their macro-F1, and every prediction."""

    themes: list[str]
    plans: list[str]
    n_records: int
    model: list[ThemeScore]
    baseline: list[ThemeScore]
    predictions: list[dict[str, Any]] = field(default_factory=list)
    scope: str = "all records"
    all_records: dict[str, Any] | None = None  # the same figures over every record

    @property
    def macro_f1(self) -> float:
        return macro_f1(self.model)

    @property
    def baseline_macro_f1(self) -> float:
        return macro_f1(self.baseline)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "macro_f1": self.macro_f1,
                "baseline_macro_f1": self.baseline_macro_f1}


def macro_f1(scores: list[ThemeScore]) -> float:
    """Mean F1 over the themes that have support."""
    supported = [s.f1 for s in scores if s.support]
    return sum(supported) / len(supported) if supported else 0.0


def theme_scores(themes: list[str], truth: list[set[str]], predicted: list[set[str]],
                 ) -> list[ThemeScore]:
    """Per-theme precision, recall and F1 (0 where undefined)."""
    out = []
    for theme in themes:
        tp = sum(theme in t and theme in p for t, p in zip(truth, predicted, strict=True))
        fp = sum(theme not in t and theme in p for t, p in zip(truth, predicted, strict=True))
        fn = sum(theme in t and theme not in p for t, p in zip(truth, predicted, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out.append(ThemeScore(theme, round(precision, 4), round(recall, 4), round(f1, 4),
                              tp + fn))
    return out


def leave_one_plan_out(records: list[LabelledRecord], themes_path: Path | None = None,
                       seed: int = DEFAULT_SEED, use_examples: bool = True,
                       grid: Sequence[dict[str, Any]] | None = None,
                       expand_acronyms: bool = True, combines: Sequence[str] | None = None,
                       kinds: Sequence[str] = HEADLINE_KINDS,
                       extra_training: Sequence[LabelledRecord] = ()) -> Evaluation:
    """Evaluate on ``records`` holding out one plan (``source``) at a time.

    The headline scores are over records whose ``kind`` is in ``kinds`` (records without a
    kind always count); ``all_records`` scores every record. ``expand_acronyms`` and
    ``combines`` are passed to :meth:`ThemeClassifier.fit` (to measure their worth).
    ``extra_training`` (reviewers' labels) join the training folds only, never the scored
    records, and never in the fold that holds out their own plan; one with the id of a
    labelled record replaces that record's label in training.
    """
    themes = load_themes(themes_path)
    acronyms = load_acronyms(themes_path) if expand_acronyms else None
    cue_groups = load_cue_groups(themes_path)
    names = [t.name for t in themes]
    plans = sorted({r.source for r in records})
    if len(plans) < 2:
        raise LabelsError("leave-one-plan-out evaluation needs records from at least two plans")
    truth: list[set[str]] = []
    model_tags: list[set[str]] = []
    rule_tags: list[set[str]] = []
    rows: list[dict[str, Any]] = []
    for plan in plans:
        held_out = [r for r in records if r.source == plan]
        train = TrainingData.from_records(with_extra(
            [r for r in records if r.source != plan],
            [r for r in extra_training if r.source != plan]))
        classifier = ThemeClassifier.fit(train, themes, seed=seed, use_examples=use_examples,
                                         grid=grid, cue_groups=cue_groups,
                                         unthemed=load_unthemed_examples(themes_path),
                                         acronyms=acronyms, combines=combines)
        predictions = classifier.predict([r.text for r in held_out])
        for record, prediction in zip(held_out, predictions, strict=True):
            truth.append(set(record.themes))
            model_tags.append(set(prediction.themes))
            rule_tags.append(set(keyword_themes(record.text, names)))
            rows.append({"id": record.id, "source": plan, "kind": record.kind,
                         "text": record.text,
                         "themes": list(record.themes), "predicted": prediction.themes,
                         "keywords": keyword_themes(record.text, names),
                         "scores": prediction.theme_scores})
    everything = Evaluation(names, plans, len(records), theme_scores(names, truth, model_tags),
                            theme_scores(names, truth, rule_tags))
    keep = [i for i, row in enumerate(rows) if not row["kind"] or row["kind"] in kinds]
    headline = Evaluation(
        names, plans, len(keep),
        theme_scores(names, [truth[i] for i in keep], [model_tags[i] for i in keep]),
        theme_scores(names, [truth[i] for i in keep], [rule_tags[i] for i in keep]),
        rows, scope=" and ".join(kinds) + " records",
        all_records={"n_records": everything.n_records,
                     "model": [asdict(s) for s in everything.model],
                     "baseline": [asdict(s) for s in everything.baseline],
                     "macro_f1": everything.macro_f1,
                     "baseline_macro_f1": everything.baseline_macro_f1})
    return headline


def evaluate(labels_path: Path | None = None, themes_path: Path | None = None,
             seed: int = DEFAULT_SEED, **options: Any) -> Evaluation:
    """Leave-one-plan-out evaluation of the labels file (default: the shipped one)."""
    names = [t.name for t in load_themes(themes_path)]
    records = load_labels(Path(labels_path or LABELS_PATH), names)
    extra = options.pop("extra_labels", None)
    if extra:
        options["extra_training"] = load_labels(Path(extra), names)
    return leave_one_plan_out(records, themes_path, seed=seed, **options)


def score_statements(classifier: ThemeClassifier, path: Path,
                     ) -> tuple[list[ThemeScore], list[ThemeScore]]:
    """Model and keyword scores on a separate labelled file of statements (no plan held out:
    the statements must simply never have been trained on)."""
    records = load_labels(path, classifier.themes)
    truth = [set(r.themes) for r in records]
    predicted = [set(p.themes) for p in
                 classifier.predict([r.text for r in records], with_evidence=False)]
    rules = [set(keyword_themes(r.text, classifier.themes)) for r in records]
    return (theme_scores(classifier.themes, truth, predicted),
            theme_scores(classifier.themes, truth, rules))


def format_report(evaluation: Evaluation) -> str:
    """A plain-text table: model and keyword baseline side by side, per theme, then macro-F1."""
    title = (f"leave-one-plan-out over {len(evaluation.plans)} plans, "
             f"{evaluation.n_records} labelled {evaluation.scope}")
    report = format_table(title, evaluation.model, evaluation.baseline)
    extra = evaluation.all_records
    if extra and extra["n_records"] != evaluation.n_records:
        report += "\n\n" + format_table(
            f"the same predictions over all {extra['n_records']} records (context included)",
            [ThemeScore(**s) for s in extra["model"]],
            [ThemeScore(**s) for s in extra["baseline"]])
    return report


def format_table(title: str, model: list[ThemeScore], baseline: list[ThemeScore]) -> str:
    """Per-theme model and keyword-baseline scores side by side, then macro-F1."""
    lines = [title,
             f"{'theme':<14}{'support':>8}   {'model P':>8}{'R':>7}{'F1':>7}   "
             f"{'keyword P':>10}{'R':>7}{'F1':>7}"]
    for m, b in zip(model, baseline, strict=True):
        lines.append(f"{m.theme:<14}{m.support:>8}   {m.precision:>8.3f}{m.recall:>7.3f}"
                     f"{m.f1:>7.3f}   {b.precision:>10.3f}{b.recall:>7.3f}{b.f1:>7.3f}")
    lines.append(f"{'macro-F1':<14}{'':>8}   {'':>8}{'':>7}{macro_f1(model):>7.3f}   "
                 f"{'':>10}{'':>7}{macro_f1(baseline):>7.3f}")
    return "\n".join(lines)


def format_errors(evaluation: Evaluation) -> str:
    """Every held-out record the model tagged wrongly, for error analysis."""
    out = []
    for row in evaluation.predictions:
        if set(row["themes"]) != set(row["predicted"]):
            out.append(f"[{row['id']}] ({row.get('kind') or '?'}) gold={row['themes']} "
                       f"model={row['predicted']} "
                       f"keywords={row['keywords']}\n    {row['text'][:300]}")
    return "\n".join(out)
