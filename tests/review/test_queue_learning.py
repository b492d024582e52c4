"""The queue's order and the labels made from corrections."""

from __future__ import annotations

from review.learning import correction_labels
from review.queue import INCOMPLETE, UNCERTAIN, UNPLACED, queue_counts, review_queue
from tests.review.helpers import record

THRESHOLDS = {"training": 0.5, "ETE": 0.6}


def records():
    return [
        record(1, "Sure.", theme_scores={"training": 0.95, "ETE": 0.01},
               owners=["A"], target="2019"),
        record(2, "Close.", theme_scores={"training": 0.45, "ETE": 0.1},
               owners=["A"], target="2019"),
        record(3, "Closer.", theme_scores={"training": 0.9, "ETE": 0.62},
               owners=["A"], target="2019"),
        record(4, "No owner.", theme_scores={"training": 0.99, "ETE": 0.0}, target="2019"),
        record(5, "stray words", kind="unplaced", theme_scores={}),
        record(6, "Narrative.", kind="context", theme_scores={"training": 0.0, "ETE": 0.0}),
    ]


def test_unplaced_first_then_closest_to_threshold_then_missing_owner_or_target(make):
    queue = review_queue(records(), THRESHOLDS, [])
    assert [(i.record_id, i.reason) for i in queue] == [
        ("p-r1-05", UNPLACED), ("p-r1-03", UNCERTAIN), ("p-r1-02", UNCERTAIN),
        ("p-r1-04", INCOMPLETE)]
    assert "ETE scored 0.62 against a threshold of 0.60" in queue[1].detail
    assert queue_counts(queue) == {UNPLACED: 1, UNCERTAIN: 2, INCOMPLETE: 1}


def test_reviewed_items_leave_and_skipped_ones_go_last(make):
    reviewed = make(records()[2], "accept", ["training"], ["training"])
    queue = review_queue(records(), THRESHOLDS, [reviewed], skipped=["p-r1-05"])
    assert [i.record_id for i in queue] == ["p-r1-02", "p-r1-04", "p-r1-05"]


def test_latest_theme_decision_per_record_is_a_label_with_provenance(make):
    a, b = record(1, "Train staff."), record(2, "Review premises.")
    rows = correction_labels([
        make(a, "themes", [], ["ETE"]),
        make(a, "themes", ["ETE"], ["training"], reviewer="bob", created_at="2026-02-02T00:00:00Z"),
        make(b, "accept", ["estates"], ["estates"]),
        make(b, "owners", [], ["X"]),
    ])
    assert [(r["id"], r["themes"]) for r in rows] == [(a.id, ["training"]), (b.id, ["estates"])]
    assert rows[0]["text"] == "Train staff." and rows[0]["source"] == "p.txt"
    assert rows[0]["labelled_by"] == "reviewer bob (2026-02-02T00:00:00Z), correction #2"
