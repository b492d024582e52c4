"""Repeat groups: the same commitment again, within a plan or across plans."""

from __future__ import annotations

import pytest

from index.build import build_index
from index.repeats import group_of, repeat_groups, repeat_pairs, shingles
from index.vectors import Sentence
from tests.index.similar_plans import bradford, calder, kirklees


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("repeats")
    build_index([kirklees(), calder(), bradford()], path)
    return path


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
