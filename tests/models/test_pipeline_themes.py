"""``actionplans.pipeline.read_plans`` fills themes with the shipped classifier."""

import models.classifier as classifier
from actionplans.config import sample_plan_paths
from actionplans.pipeline import read_plans


def test_read_plans_fills_themes_and_scores_on_every_record():
    plans, errors = read_plans(sample_plan_paths()[-1:])
    records = [r for plan in plans for r in plan.records]
    assert not errors and records
    assert all(set(r.theme_scores) == {"training", "safeguarding", "ETE", "estates"}
               for r in records)
    assert any(r.themes for r in records)
    assert all(set(r.themes) <= set(r.theme_scores) for r in records)


def test_an_unusable_model_is_one_error_line_and_records_still_come(monkeypatch):
    def broken():
        raise classifier.ModelError("/x/themes.skops: model file is corrupt or unreadable")

    monkeypatch.setattr(classifier, "load_default", broken)
    plans, errors = read_plans(sample_plan_paths()[-1:])
    assert plans and plans[0].records
    assert errors == ["themes not added: /x/themes.skops: model file is corrupt or unreadable"]
