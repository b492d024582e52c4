import numpy as np

from models.thresholds import DEFAULT_THRESHOLD, choose_threshold, choose_thresholds, f1_score_at


def test_f1_at_a_threshold():
    y = np.array([1, 1, 0, 0])
    s = np.array([0.9, 0.4, 0.6, 0.1])
    assert f1_score_at(y, s, 0.5) == 0.5
    assert f1_score_at(y, s, 0.35) == 0.8


def test_threshold_is_the_middle_of_the_best_plateau():
    y = np.array([1, 1, 0, 0])
    s = np.array([0.8, 0.7, 0.3, 0.2])
    t = choose_threshold(y, s)
    assert 0.3 < t <= 0.7 and abs(t - 0.5) < 0.05


def test_rare_theme_gets_a_low_threshold_when_that_is_what_separates():
    y = np.array([1, 0, 0, 0, 0, 0])
    s = np.array([0.2, 0.1, 0.05, 0.1, 0.08, 0.02])
    assert 0.1 < choose_threshold(y, s) <= 0.2


def test_no_positives_keeps_the_default():
    y = np.zeros((3, 2), dtype=int)
    assert choose_thresholds(y, np.full((3, 2), 0.9)) == [DEFAULT_THRESHOLD] * 2
