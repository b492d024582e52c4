"""The review queue: records ordered by what is most worth a person's minute.

1. unplaced text (records of kind ``unplaced``): words the parser could not put anywhere;
2. records whose theme scores sit closest to their thresholds (uncertainty sampling: the
   label a person gives there teaches the classifier most);
3. actions with no owner or no target.

A record leaves the queue once a reviewer has made any correction to it, or accepted it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nlp.records import ActionRecord
from review.store import Correction

UNPLACED = "unplaced"
UNCERTAIN = "uncertain themes"
INCOMPLETE = "no owner or target"
# A record is "uncertain" when some theme's score is within this distance of its threshold.
UNCERTAIN_MARGIN = 0.2


@dataclass(frozen=True)
class QueueItem:
    record_id: str
    reason: str
    detail: str
    margin: float = 0.0


def theme_margin(record: ActionRecord, thresholds: dict[str, float]) -> tuple[float, str]:
    """The smallest distance between a theme score and its threshold, and that theme."""
    best = (1.0, "")
    for theme, threshold in thresholds.items():
        score = record.theme_scores.get(theme)
        if score is not None and abs(score - threshold) < best[0]:
            best = (abs(score - threshold), theme)
    return best


def review_queue(records: Iterable[ActionRecord], thresholds: dict[str, float],
                 corrections: Sequence[Correction], skipped: Sequence[str] = ()
                 ) -> list[QueueItem]:
    """The queue in order; ``skipped`` ids (this session's skips) go to the end."""
    reviewed = {c.record_id for c in corrections}
    unplaced: list[QueueItem] = []
    uncertain: list[QueueItem] = []
    incomplete: list[QueueItem] = []
    for record in records:
        if record.id in reviewed:
            continue
        if record.kind == "unplaced":
            unplaced.append(QueueItem(record.id, UNPLACED,
                                      f"{len(record.text.split())} unplaced words"))
            continue
        margin, theme = theme_margin(record, thresholds)
        if theme and margin < UNCERTAIN_MARGIN:
            score = record.theme_scores[theme]
            uncertain.append(QueueItem(
                record.id, UNCERTAIN,
                f"{theme} scored {score:.2f} against a threshold of {thresholds[theme]:.2f}",
                margin))
        elif record.kind == "action" and (not record.owners or not record.target):
            missing = " and ".join(n for n, v in (("owner", record.owners),
                                                  ("target", record.target)) if not v)
            incomplete.append(QueueItem(record.id, INCOMPLETE, f"no {missing}"))
    uncertain.sort(key=lambda item: item.margin)
    queue = unplaced + uncertain + incomplete
    later = set(skipped)
    return [i for i in queue if i.record_id not in later] + \
        [i for i in queue if i.record_id in later]


def queue_counts(queue: Sequence[QueueItem]) -> dict[str, int]:
    """How many items are left, by reason (queue order)."""
    counts = {UNPLACED: 0, UNCERTAIN: 0, INCOMPLETE: 0}
    for item in queue:
        counts[item.reason] += 1
    return counts
