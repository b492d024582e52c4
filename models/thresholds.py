"""Per-theme decision thresholds chosen from out-of-fold probabilities.

A calibrated probability of 0.5 is not the best cut for a rare theme; each theme gets the
threshold that maximises its F1 on predictions the model made for records it was not fitted on.
"""

from __future__ import annotations

import numpy as np

DEFAULT_THRESHOLD = 0.5
GRID = np.round(np.arange(0.05, 0.951, 0.025), 3)


def f1_score_at(y_true: np.ndarray, scores: np.ndarray, threshold: float) -> float:
    """F1 of ``scores >= threshold`` against the 0/1 vector ``y_true`` (0 when undefined)."""
    predicted = scores >= threshold
    tp = float(np.sum(predicted & (y_true == 1)))
    denominator = float(np.sum(predicted) + np.sum(y_true == 1))
    return 2 * tp / denominator if denominator else 0.0


def choose_threshold(y_true: np.ndarray, scores: np.ndarray) -> float:
    """The F1-best threshold on the grid; the middle of the best plateau, for stability.

    With no positive record to learn from, the default 0.5 is kept.
    """
    if not np.any(y_true == 1):
        return DEFAULT_THRESHOLD
    f1s = np.array([f1_score_at(y_true, scores, t) for t in GRID])
    best = np.flatnonzero(f1s >= f1s.max() - 1e-9)
    return float(GRID[best[len(best) // 2]])


def choose_thresholds(y_true: np.ndarray, scores: np.ndarray) -> list[float]:
    """One threshold per column of the (records x themes) arrays."""
    return [choose_threshold(y_true[:, k], scores[:, k]) for k in range(y_true.shape[1])]


def macro_f1_at(y_true: np.ndarray, scores: np.ndarray, thresholds: list[float]) -> float:
    """Mean F1 over the columns (themes) that have a positive record."""
    f1s = [f1_score_at(y_true[:, k], scores[:, k], t) for k, t in enumerate(thresholds)
           if np.any(y_true[:, k] == 1)]
    return float(np.mean(f1s)) if f1s else 0.0
