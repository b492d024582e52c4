"""Per-theme decision thresholds chosen from out-of-fold probabilities.

A calibrated probability of 0.5 is not the best cut for a rare theme; each theme gets the
threshold that maximises its F1 on predictions the model made for records it was not fitted on.
"""

from __future__ import annotations

import numpy as np

DEFAULT_THRESHOLD = 0.5
# How many positive records the F1-best threshold needs before it is trusted over the default:
# with n positives the threshold moves n / (n + PRIOR_POSITIVES) of the way from 0.5.
PRIOR_POSITIVES = 10
GRID = np.round(np.arange(0.05, 0.951, 0.025), 3)
# The F1 curve over GRID is averaged over +-2 steps (+-0.05) before its best is taken: on a
# flat, jagged curve the single best point moves a long way for a one-record change (a fold's
# training cut moved between 0.34 and 0.52 on nearly the same scores).
SMOOTHING_STEPS = 2


def f1_score_at(y_true: np.ndarray, scores: np.ndarray, threshold: float) -> float:
    """F1 of ``scores >= threshold`` against the 0/1 vector ``y_true`` (0 when undefined)."""
    predicted = scores >= threshold
    tp = float(np.sum(predicted & (y_true == 1)))
    denominator = float(np.sum(predicted) + np.sum(y_true == 1))
    return 2 * tp / denominator if denominator else 0.0


def smoothed(f1s: np.ndarray, steps: int = SMOOTHING_STEPS) -> np.ndarray:
    """Each grid point's F1 averaged with its ``steps`` neighbours either side (edges
    repeated): a cut is judged by how F1 holds up around it, not at one point."""
    if steps <= 0 or len(f1s) < 2:
        return f1s
    padded = np.pad(f1s, steps, mode="edge")
    return np.convolve(padded, np.full(2 * steps + 1, 1 / (2 * steps + 1)), mode="valid")


def choose_threshold(y_true: np.ndarray, scores: np.ndarray) -> float:
    """The F1-best threshold on the grid (middle of the best plateau of the smoothed F1
    curve), shrunk towards 0.5.

    A rare theme's best cut on a handful of positives is mostly noise, so it is trusted in
    proportion to how many positives it rests on; with none, the default 0.5 is kept.
    """
    positives = int(np.sum(y_true == 1))
    if not positives:
        return DEFAULT_THRESHOLD
    f1s = smoothed(np.array([f1_score_at(y_true, scores, t) for t in GRID]))
    best = np.flatnonzero(f1s >= f1s.max() - 1e-9)
    trust = positives / (positives + PRIOR_POSITIVES)
    return round(DEFAULT_THRESHOLD + trust * (float(GRID[best[len(best) // 2]]) - 0.5), 4)


def choose_thresholds(y_true: np.ndarray, scores: np.ndarray) -> list[float]:
    """One threshold per column of the (records x themes) arrays."""
    return [choose_threshold(y_true[:, k], scores[:, k]) for k in range(y_true.shape[1])]


def macro_f1_at(y_true: np.ndarray, scores: np.ndarray, thresholds: list[float]) -> float:
    """Mean F1 over the columns (themes) that have a positive record."""
    f1s = [f1_score_at(y_true[:, k], scores[:, k], t) for k, t in enumerate(thresholds)
           if np.any(y_true[:, k] == 1)]
    return float(np.mean(f1s)) if f1s else 0.0
