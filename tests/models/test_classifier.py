import numpy as np
import pytest
import skops.io as sio

from models.classifier import (
    ARTIFACT_PATH,
    TRUSTED_TYPES,
    ModelError,
    ThemeClassifier,
    ThemePrediction,
    TrainingData,
    tag_records,
)
from nlp.records import ActionRecord
from tests.models.helpers import ONE_CANDIDATE

STAFF = "Deliver refresher training on risk assessment to all probation staff."
ETE = "Refer people on probation to education, training and employment providers."
BOTH = "Staff will attend a training course on child safeguarding and MARAC referrals."


def test_predictions_carry_every_theme_score_and_evidence_for_each_tag(small_classifier):
    [prediction] = small_classifier.predict([BOTH])
    assert isinstance(prediction, ThemePrediction)
    assert set(prediction.theme_scores) == set(small_classifier.themes)
    assert all(0.0 <= s <= 1.0 for s in prediction.theme_scores.values())
    assert set(prediction.evidence) == set(prediction.themes)
    assert all(terms and all(term in BOTH for term in terms)
               for terms in prediction.evidence.values())


def test_multi_label_output(small_classifier):
    [prediction] = small_classifier.predict([BOTH])
    assert {"training", "safeguarding"} <= set(prediction.themes)


def test_staff_training_is_not_ete_and_ete_is_not_staff_training(small_classifier):
    staff, ete = small_classifier.predict([STAFF, ETE])
    assert "training" in staff.themes and "ETE" not in staff.themes
    assert "ETE" in ete.themes and "training" not in ete.themes


def test_empty_and_blank_input_get_no_themes(small_classifier):
    assert small_classifier.predict([]) == []
    for prediction in small_classifier.predict(["", "   ", "1.2 - 3.4"]):
        assert prediction.themes == [] and prediction.evidence == {}
        assert len(prediction.theme_scores) == len(small_classifier.themes)


def test_very_long_input_is_classified(small_classifier):
    long_text = " ".join([STAFF] * 20_000)  # ~1.4 million characters
    [prediction] = small_classifier.predict([long_text])
    assert "training" in prediction.themes
    assert len(prediction.evidence["training"]) <= 5


def test_save_load_round_trip_gives_identical_scores(small_classifier, saved_small_model):
    loaded = ThemeClassifier.load(saved_small_model)
    texts = [STAFF, ETE, BOTH]
    assert loaded.themes == small_classifier.themes
    assert loaded.thresholds == small_classifier.thresholds
    np.testing.assert_array_equal(loaded.scores(texts), small_classifier.scores(texts))
    assert loaded.metadata["n_labelled"] == 36


def test_artifact_holds_only_explicitly_trusted_types(saved_small_model):
    assert set(sio.get_untrusted_types(file=saved_small_model)) <= set(TRUSTED_TYPES)


def test_missing_model_file_is_a_one_line_error_naming_it(tmp_path):
    missing = tmp_path / "nope.skops"
    with pytest.raises(ModelError) as err:
        ThemeClassifier.load(missing)
    assert str(missing) in str(err.value) and "not found" in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("damage", ["garbage", "truncate", "not-a-classifier"])
def test_corrupt_model_file_is_a_one_line_error_naming_it(tmp_path, saved_small_model, damage):
    bad = tmp_path / "bad.skops"
    if damage == "garbage":
        bad.write_bytes(b"\x00\x01 definitely not a zip")
    elif damage == "truncate":
        bad.write_bytes(saved_small_model.read_bytes()[:500])
    else:
        sio.dump({"format": 99}, bad)
    with pytest.raises(ModelError) as err:
        ThemeClassifier.load(bad)
    assert str(bad) in str(err.value) and "\n" not in str(err.value)


class Smuggled:
    """A type the artifact must never be allowed to construct."""


def test_untrusted_content_is_refused(tmp_path):
    bad = tmp_path / "evil.skops"
    sio.dump({"format": 1, "themes": [], "thresholds": [], "pipeline": Smuggled()}, bad)
    with pytest.raises(ModelError, match="untrusted types: .*Smuggled"):
        ThemeClassifier.load(bad)


def test_retraining_with_same_labels_and_seed_is_reproducible(themes, small_records,
                                                              small_classifier):
    again = ThemeClassifier.fit(TrainingData.from_records(small_records), themes, seed=0,
                                grid=ONE_CANDIDATE)
    texts = [STAFF, ETE, BOTH, "Fix the heating in the office."]
    assert again.thresholds == small_classifier.thresholds
    np.testing.assert_array_equal(again.scores(texts), small_classifier.scores(texts))
    assert again.predict(texts) == small_classifier.predict(texts)


def test_training_refuses_a_theme_with_too_few_examples(themes):
    data = TrainingData(["Run workshops for staff.", "Review caseloads."] * 3,
                        [["training"], []] * 3, ["p"] * 6)
    with pytest.raises(ModelError, match="fewer than 2"):
        ThemeClassifier.fit(data, themes, use_examples=False)


def test_tag_records_fills_themes_and_scores(small_classifier):
    record = ActionRecord(id="r1", source="p.txt", provider="P", provider_short="P",
                          submitted=None, published=None, rec_number="1", rec_text="",
                          addressee=None, agreement="agreed", repeated=False, kind="action",
                          text=BOTH)
    tag_records([record], small_classifier)
    assert "safeguarding" in record.themes
    assert set(record.theme_scores) == set(small_classifier.themes)


def test_the_shipped_artifact_loads_and_tells_staff_training_from_ete():
    classifier = ThemeClassifier.load(ARTIFACT_PATH)
    assert set(sio.get_untrusted_types(file=ARTIFACT_PATH)) <= set(TRUSTED_TYPES)
    staff, ete = classifier.predict([STAFF, ETE])
    assert "training" in staff.themes and "ETE" not in staff.themes
    assert "ETE" in ete.themes and "training" not in ete.themes


def test_hyper_parameters_are_chosen_by_inner_cross_validation(themes, small_records,
                                                               monkeypatch):
    """The candidate whose out-of-fold scores separate the labels best is the one kept."""
    import models.classifier as classifier

    data = TrainingData.from_records(small_records)
    truth = data.matrix([t.name for t in themes]).astype(float)

    def canned(data_, extra, names, seed, c, **other):
        noise = np.full(truth.shape, 0.5)
        return {"whole": truth if c == 16.0 else noise, "max": noise, "mean": noise}

    monkeypatch.setattr(classifier, "out_of_fold_scores", canned)
    model = ThemeClassifier.fit(data, themes, grid=[{"c": 1.0}, {"c": 16.0}])
    assert model.metadata["params"] == {"c": 16.0} and model.combine == "whole"
    assert set(model.metadata["cue_groups"]) == {f"theme:{t.name}" for t in themes}
    assert model.metadata["inner_cv_macro_f1"] == 1.0


def test_evidence_is_written_as_in_the_text(small_classifier):
    text = "Staff will attend Workshops on child safeguarding."
    evidence = small_classifier.explain(text)
    assert evidence and all(term in text for terms in evidence.values() for term in terms)


def test_saving_where_it_cannot_write_is_a_clear_error(small_classifier, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    target = blocker / "themes.skops"  # a path under a regular file
    with pytest.raises(ModelError, match="cannot write model file"):
        small_classifier.save(target)


def test_the_sentence_combination_is_chosen_by_inner_cross_validation(themes, small_records,
                                                                     monkeypatch):
    import models.classifier as classifier

    data = TrainingData.from_records(small_records)
    truth = data.matrix([t.name for t in themes]).astype(float)

    def canned(data_, extra, names, seed, **params):
        return {"whole": np.full(truth.shape, 0.5), "max": truth, "mean": truth}

    monkeypatch.setattr(classifier, "out_of_fold_scores", canned)
    model = ThemeClassifier.fit(data, themes, grid=ONE_CANDIDATE)  # every way by default
    assert model.combine == "max" and model.metadata["combine"] == "max"
    assert ThemeClassifier.fit(data, themes, grid=ONE_CANDIDATE,
                               combines=("whole",)).combine == "whole"


def test_acronym_expansion_is_saved_with_the_model_and_evidence_names_the_acronym(
        themes, small_records, tmp_path):
    model = ThemeClassifier.fit(TrainingData.from_records(small_records), themes, seed=0,
                                grid=ONE_CANDIDATE,
                                acronyms={"ETE": "education, training and employment"})
    text = "Increase ETE referrals for people on probation."
    loaded = ThemeClassifier.load(model.save(tmp_path / "themes.skops"))
    assert loaded.metadata["acronyms"] == {"ETE": "education, training and employment"}
    [prediction] = loaded.predict([text])
    assert "ETE" in prediction.themes
    assert all(term in text for term in prediction.evidence["ETE"])
