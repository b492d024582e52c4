"""Repeat groups: the same commitment again, within a plan or across plans."""

from __future__ import annotations

import numpy as np
import pytest

from index.build import build_index
from index.repeats import back_reference_pairs, group_of, repeat_groups, repeat_pairs, shingles
from index.vectors import Sentence
from nlp.records import Plan, Recommendation
from tests.index.sample_records import record
from tests.index.similar_plans import kirklees


@pytest.fixture(scope="module")
def data_dir(built_index):
    return built_index("similar")


def test_a_passage_pasted_into_a_longer_action_is_a_repeat(data_dir):
    group = group_of(data_dir, "kirk-6")
    assert group is not None and {"kirk-4", "kirk-6"} <= set(group.ids)


def test_across_plans_group_lists_providers_and_details(data_dir):
    group = group_of(data_dir, "brad-1")
    assert group is not None
    assert group.kind == "across"
    assert set(group.ids) == {"kirk-4", "kirk-6", "brad-1"}
    assert set(group.providers) == {"Kirklees CRC", "Bradford CRC"}
    assert group.repeated_flag  # kirk-4 and kirk-6 answer a "repeated" recommendation
    assert len(group.rec_numbers) == len(group.targets) == len(group.ids)
    assert "March 2024" in group.targets
    assert "professional curiosity training" in group.representative


def test_shared_boilerplate_alone_is_not_a_repeat(data_dir):
    assert group_of(data_dir, "kirk-3") is None  # shares only the lead-in with kirk-5
    assert group_of(data_dir, "kirk-0") is None  # restated by another provider, not repeated


def test_groups_largest_first(data_dir):
    groups = repeat_groups(data_dir)
    assert groups and [len(g.ids) for g in groups] == sorted(
        (len(g.ids) for g in groups), reverse=True)
    assert all(g.kind in {"within", "across"} for g in groups)


def test_within_one_plan(tmp_path):
    build_index([kirklees()], tmp_path)
    (group,) = repeat_groups(tmp_path)
    assert group.kind == "within" and group.ids == ["kirk-4", "kirk-6"]


def test_too_common_shingles_are_blocked():
    common = [Sentence(["monitor", "monthly", "basis"])]
    sets = [shingles(common) for _ in range(5)]
    assert len(repeat_pairs(sets, max_df=10)) == 10
    assert repeat_pairs(sets, max_df=4) == []


def test_containment_counts_against_the_shorter_action():
    short = shingles([Sentence(["deliver", "curiosity", "training", "staff"])])
    long = shingles([Sentence(["deliver", "curiosity", "training", "staff", "embed",
                               "learning", "reflective", "supervision", "session"])])
    assert short <= long
    ((i, j, score),) = repeat_pairs([short, long], threshold=0.9)
    assert (i, j, score) == (0, 1, 1.0)


def test_cosine_pairs_need_a_telling_shared_term():
    from scipy import sparse
    from sklearn.preprocessing import normalize

    from index.repeats import close_pairs

    # Rows 0 and 1 share a rare term (column 1); every row has the common term (column 0).
    docs = normalize(sparse.csr_matrix(
        [[1, 1, 0], [1, 1, 0], [1, 0, 1], [1, 0, 0], [1, 0, 0]], dtype=float))
    assert [(i, j) for i, j, _ in close_pairs(docs, 0.5, max_df=10)] == [
        (0, 1), (0, 2), (0, 3), (0, 4), (1, 2), (1, 3), (1, 4), (2, 3), (2, 4), (3, 4)]
    found = close_pairs(docs, 0.5, max_df=2)
    assert [(i, j) for i, j, _ in found] == [(0, 1)] and found[0][2] == pytest.approx(1.0)


def _docs(rows: list[list[float]]):
    from scipy import sparse

    matrix = np.array(rows, dtype=float)
    return sparse.csr_matrix(matrix / np.linalg.norm(matrix, axis=1, keepdims=True))


def test_as_above_restates_the_best_matching_earlier_action():
    records = [record("p.txt", "P CRC", 0, "Launch the new hub model.", rec_number="1"),
               record("p.txt", "P CRC", 1, "Recruit receptionists.", rec_number="1"),
               record("p.txt", "P CRC", 2, "Put the hub model in place as above.", rec_number="2"),
               record("q.txt", "Q CRC", 3, "Launch the hub model.", rec_number="1")]
    docs = _docs([[1, 1, 0], [0, 0, 1], [1, 0.2, 0], [1, 1, 0]])
    # Only earlier actions of its own plan are candidates, the best match wins.
    assert [(i, j) for i, j, _ in back_reference_pairs(records, docs)] == [(0, 2)]


def test_section_named_in_the_back_reference_limits_the_candidates():
    records = [record("p.txt", "P CRC", 0, "Observe practice and give feedback.", rec_number="1"),
               record("p.txt", "P CRC", 1, "Observe practice in court.", rec_number="2"),
               record("p.txt", "P CRC", 2, "Observation (see section 2 above) in planning.",
                      rec_number="4")]
    docs = _docs([[1, 0.1], [0.5, 1], [1, 0]])
    assert [(i, j) for i, j, _ in back_reference_pairs(records, docs)] == [(1, 2)]


@pytest.mark.parametrize("text", ["Act on the findings of the review (see 3.1).",
                                  "Above all, keep people safe.",
                                  "Put the hub model in place as above."])
def test_numbered_cross_references_and_unrelated_words_are_not_back_references(text):
    records = [record("p.txt", "P CRC", 0, "Launch the new hub model.", rec_number="1"),
               record("p.txt", "P CRC", 1, text, rec_number="3")]
    # The last text does point back, but shares no term with the earlier action.
    docs = _docs([[1, 0], [0, 1]])
    assert back_reference_pairs(records, docs) == []


def test_a_plan_pointing_back_in_other_words_makes_a_group(tmp_path):
    plan = Plan("hub.txt", "Hub CRC", "Hub", "2019-06-01", None,
                [Recommendation("1", "Improve resettlement", "CRC", "agreed")], [
                    record("hub.txt", "Hub CRC", 0, "April saw the launch of the enhanced "
                           "resettlement model, with more prison link workers in every "
                           "establishment and weekly release planning meetings."),
                    record("hub.txt", "Hub CRC", 1, "Recruit two sessional receptionists."),
                    record("hub.txt", "Hub CRC", 2, "Full implementation of the new "
                           "resettlement model as above."),
                ])
    build_index([plan], tmp_path)
    (group,) = repeat_groups(tmp_path)
    assert group.ids == ["hub-0", "hub-2"] and group.kind == "within"
