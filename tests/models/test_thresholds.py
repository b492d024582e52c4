import numpy as np

from models.thresholds import (
    DEFAULT_THRESHOLD,
    PRIOR_POSITIVES,
    choose_threshold,
    choose_thresholds,
    f1_score_at,
    smoothed,
)


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


def test_the_best_cut_is_trusted_in_proportion_to_the_positives_behind_it():
    few = choose_threshold(np.array([1, 0, 0, 0, 0, 0]),
                           np.array([0.2, 0.1, 0.05, 0.1, 0.08, 0.02]))
    y = np.array([1] * 40 + [0] * 60)
    s = np.concatenate([np.full(40, 0.2), np.full(60, 0.1)])
    many = choose_threshold(y, s)
    assert 0.45 < few < 0.5  # one positive: barely moved from 0.5
    assert 0.1 < many < 0.3  # forty positives: close to the separating cut
    # best plateau (0.1, 0.2]; smoothed over +-0.05 the cut 0.15 holds up best (0.175 is
    # next to the cliff at 0.225); moved 40/50 of the way from 0.5
    assert many == round(0.5 + 40 / (40 + PRIOR_POSITIVES) * (0.15 - 0.5), 4)


def test_no_positives_keeps_the_default():
    y = np.zeros((3, 2), dtype=int)
    assert choose_thresholds(y, np.full((3, 2), 0.9)) == [DEFAULT_THRESHOLD] * 2


def test_a_lone_spike_in_the_f1_curve_loses_to_a_broad_good_region():
    curve = np.array([0.0, 0.9, 0.0, 0.0, 0.8, 0.8, 0.8, 0.8, 0.8, 0.0])
    smooth = smoothed(curve)
    assert int(np.argmax(curve)) == 1 and int(np.argmax(smooth)) == 6
    np.testing.assert_allclose(smoothed(curve, steps=0), curve)
