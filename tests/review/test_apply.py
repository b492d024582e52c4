"""Replaying corrections on parsed plans: applied when the record still reads the same,
flagged (never applied, never dropped) when it does not."""

from __future__ import annotations

import dataclasses

from review.apply import APPLIED, ATTENTION, apply_corrections, corrected_ids, split_id
from tests.review.helpers import plan, record

TWO_SENTENCES = "Train all staff in safeguarding. Audit twenty cases each quarter."


def test_theme_correction_is_a_delta_over_what_the_model_says(make):
    r = record(1, "Recruit a volunteer coordinator.", themes=["training", "estates"])
    [out], outcomes = apply_corrections([plan(r)], [make(r, "themes", ["training", "estates"],
                                                         ["training", "ETE"])])
    assert out.records[0].themes == ["training", "ETE"]
    # The model changes its mind about another theme: the reviewer's decision still stands.
    retagged = dataclasses.replace(r, themes=["safeguarding", "estates"])
    [out], _ = apply_corrections([plan(retagged)], [make(r, "themes", ["training", "estates"],
                                                         ["training", "ETE"])])
    assert out.records[0].themes == ["safeguarding", "ETE"]
    assert [o.status for o in outcomes] == [APPLIED]
    assert r.themes == ["training", "estates"]  # the input plans are not changed


def test_field_corrections_and_the_values_derived_from_them(make):
    r = record(1, "Review the premises.", target="Spring 2019", target_month="2019-05")
    corrections = [make(r, "kind", "action", "measure"),
                   make(r, "owners", [], ["Head of Estates"]),
                   make(r, "target", "Spring 2019", "Completed March 2020"),
                   make(r, "rec_number", "1", "2")]
    [out], outcomes = apply_corrections([plan(r)], corrections)
    got = out.records[0]
    assert (got.kind, got.owners, got.target) == ("measure", ["Head of Estates"],
                                                  "Completed March 2020")
    assert (got.target_month, got.status) == ("2020-03", "completed")
    assert (got.rec_text, got.agreement) == ("Train staff in safeguarding", "partly agreed")
    assert {o.status for o in outcomes} == {APPLIED}
    assert corrected_ids(outcomes) == {r.id}


def test_changed_text_under_a_correction_is_flagged_not_applied(make):
    r = record(1, "Review the premises.")
    correction = make(r, "kind", "action", "context")
    reparsed = dataclasses.replace(r, text="Review the premises and the reporting centres.")
    [out], [outcome] = apply_corrections([plan(reparsed)], [correction])
    assert out.records[0].kind == "action"
    assert outcome.status == ATTENTION and "text has changed" in outcome.reason
    assert corrected_ids([outcome]) == set()


def test_old_value_no_longer_produced_is_flagged(make):
    r = record(1, "Review the premises.", owners=["Head of Estates"])
    correction = make(r, "owners", ["Head of Estates"], ["Estates Manager"])
    reparsed = dataclasses.replace(r, owners=["Director"])
    [out], [outcome] = apply_corrections([plan(reparsed)], [correction])
    assert out.records[0].owners == ["Director"]
    assert outcome.status == ATTENTION and "owners is now" in outcome.reason


def test_missing_record_is_flagged(make):
    gone = record(9, "Something the parser no longer finds.")
    _, [outcome] = apply_corrections([plan(record(1, "Other."))],
                                     [make(gone, "kind", "action", "measure")])
    assert outcome.status == ATTENTION and "no longer exists" in outcome.reason


def test_split_then_correct_the_new_half(make):
    r = record(1, TWO_SENTENCES, themes=["training", "safeguarding"])
    split = make(r, "split", TWO_SENTENCES,
                 ["Train all staff in safeguarding.", "Audit twenty cases each quarter."])
    half_id = split_id(r.id, split.id)
    half = dataclasses.replace(r, id=half_id, text="Audit twenty cases each quarter.")
    fix = make(half, "themes", ["training", "safeguarding"], ["safeguarding"])
    [out], outcomes = apply_corrections([plan(r, record(2, "Next."))], [split, fix])
    assert [x.id for x in out.records] == [r.id, half_id, "p-r1-02"]
    assert [x.position for x in out.records] == [0, 1, 2]
    assert out.records[0].text == "Train all staff in safeguarding."
    assert out.records[1].themes == ["safeguarding"]
    assert [o.status for o in outcomes] == [APPLIED, APPLIED]
    assert corrected_ids(outcomes) == {r.id, half_id}


def test_split_replayed_on_a_changed_text_is_flagged(make):
    r = record(1, TWO_SENTENCES)
    split = make(r, "split", TWO_SENTENCES,
                 ["Train all staff in safeguarding.", "Audit twenty cases each quarter."])
    reparsed = dataclasses.replace(r, text="Train all staff in safeguarding.")
    [out], [outcome] = apply_corrections([plan(reparsed)], [split])
    assert len(out.records) == 1 and outcome.status == ATTENTION


def test_merge_with_next_and_move_unplaced_text(make):
    a, b = record(1, "Recruit mentors"), record(2, "for women service users.")
    u = record(3, "and report to the board.", kind="unplaced")
    merge = make(a, "merge", {"other_id": b.id, "other_text": b.text},
                 "Recruit mentors for women service users.")
    merged = dataclasses.replace(a, text="Recruit mentors for women service users.")
    move = make(merged, "move", {"other_id": u.id, "other_text": u.text},
                "Recruit mentors for women service users. and report to the board.")
    [out], outcomes = apply_corrections([plan(a, b, u)], [merge, move])
    assert [x.id for x in out.records] == [a.id]
    assert out.records[0].text.endswith("and report to the board.")
    assert {o.status for o in outcomes} == {APPLIED}


def test_merge_whose_other_record_changed_is_flagged(make):
    a, b = record(1, "Recruit mentors"), record(2, "for women service users.")
    merge = make(a, "merge", {"other_id": b.id, "other_text": b.text}, "x")
    changed = dataclasses.replace(b, text="for all service users.")
    [out], [outcome] = apply_corrections([plan(a, changed)], [merge])
    assert len(out.records) == 2 and outcome.status == ATTENTION


def test_corrections_of_the_same_field_chain_in_order(make):
    r = record(1, "Hold a briefing.")
    first = make(r, "kind", "action", "measure")
    second = make(dataclasses.replace(r, kind="measure"), "kind", "measure", "context")
    [out], outcomes = apply_corrections([plan(r)], [second, first])  # replayed by id
    assert out.records[0].kind == "context"
    assert [o.status for o in outcomes] == [APPLIED, APPLIED]
