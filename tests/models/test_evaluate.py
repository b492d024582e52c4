import dataclasses

import pytest

from models import evaluate as evaluation
from models.evaluate import format_report, leave_one_plan_out, theme_scores
from tests.models.helpers import QUICK


def test_theme_scores_count_per_theme():
    truth = [{"a"}, {"a", "b"}, set()]
    predicted = [{"a"}, {"b"}, {"a"}]
    a, b = theme_scores(["a", "b"], truth, predicted)
    assert (a.precision, a.recall, a.support) == (0.5, 0.5, 2)
    assert (b.precision, b.recall, b.f1, b.support) == (1.0, 1.0, 1.0, 1)


def test_each_fold_trains_without_the_held_out_plan(small_records, monkeypatch):
    seen_train_plans = []
    real_fit = evaluation.ThemeClassifier.fit

    def spy(data, *args, **kwargs):
        seen_train_plans.append(set(data.groups))
        return real_fit(data, *args, **kwargs)

    monkeypatch.setattr(evaluation.ThemeClassifier, "fit", spy)
    result = leave_one_plan_out(small_records, grid=QUICK)
    plans = {r.source for r in small_records}
    assert sorted(result.plans) == sorted(plans)
    assert [plans - s for s in seen_train_plans] == [{p} for p in result.plans]
    assert result.n_records == len(result.predictions) == len(small_records)
    report = format_report(result)
    assert "macro-F1" in report and "keyword" in report
    assert 0.0 <= result.macro_f1 <= 1.0 and 0.0 <= result.baseline_macro_f1 <= 1.0


def test_one_plan_is_not_enough(small_records):
    with pytest.raises(ValueError, match="at least two plans"):
        leave_one_plan_out([r for r in small_records if r.source == "plan_a.txt"])


def test_headline_figures_are_over_action_and_measure_records_beside_all(small_records):
    records = [dataclasses.replace(r, kind="context" if i % 4 == 0 else "action")
               for i, r in enumerate(small_records)]
    result = leave_one_plan_out(records, grid=QUICK, combines=("whole",))
    contexts = sum(r.kind == "context" for r in records)
    assert result.n_records == len(records) - contexts
    assert result.all_records["n_records"] == len(records) == len(result.predictions)
    assert sum(s.support for s in result.model) < sum(
        s["support"] for s in result.all_records["model"])
    assert "over all" in format_report(result)
