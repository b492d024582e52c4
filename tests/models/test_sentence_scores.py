import numpy as np
import pytest

from models.sentence_scores import best_sentence_scores, combine, split_sentences


def _fake_model(texts):
    """Scores 0.9 for a text that mentions jobs, else 0.1 (one theme)."""
    return np.array([[0.9 if "job" in t else 0.1] for t in texts])


def test_a_commitment_in_one_sentence_of_a_long_record_is_found():
    texts = ["Review caseloads across teams. Set targets for audits. Help people find jobs.",
             "Help people find jobs."]
    whole = np.array([[0.2], [0.9]])
    best = best_sentence_scores(_fake_model, texts, whole)
    assert best[0, 0] == pytest.approx(0.9)  # its third sentence
    assert best[1, 0] == pytest.approx(0.9)  # one sentence: the whole-text score
    assert len(split_sentences(texts[0])) == 3 and split_sentences(texts[1]) == ()


def test_the_combinations():
    whole, best = np.array([[0.2, 0.6]]), np.array([[0.8, 0.4]])
    np.testing.assert_allclose(combine(whole, best, "whole"), whole)
    np.testing.assert_allclose(combine(whole, best, "max"), [[0.8, 0.6]])
    np.testing.assert_allclose(combine(whole, best, "mean"), [[0.5, 0.5]])
    with pytest.raises(ValueError, match="unknown sentence combination"):
        combine(whole, best, "median")
