"""Similar actions: other providers' actions making the same commitment rank first."""

from __future__ import annotations

import time

import pytest

from index.build import build_index
from index.similar import similar_actions
from tests.index.similar_plans import bradford, calder, kirklees


@pytest.fixture(scope="module")
def data_dir(built_index):
    return built_index("similar")


def test_same_commitment_in_other_words_ranks_first(data_dir):
    found = similar_actions(data_dir, "kirk-0")
    assert found[0].id == "calder-0"  # "DA enquiries to the police" ~ "police domestic abuse"
    assert found[0].provider == "Calderdale NPS"
    assert found[0].text.startswith("Police domestic abuse call-out checks")
    # "DA" read through the glossary, shown once, spelled out
    assert "domestic abuse (DA)" in found[0].shared_terms
    assert not {"da", "domestic", "abuse"} & set(found[0].shared_terms)


@pytest.mark.parametrize(("query", "expected"), [
    ("kirk-1", "calder-1"),  # premises and disabled access
    ("kirk-2", "calder-2"),  # recruiting probation officers
    ("calder-2", "kirk-2"),
])
def test_each_topic_finds_its_counterpart(data_dir, query, expected):
    assert similar_actions(data_dir, query)[0].id == expected


def test_other_providers_only_by_default(data_dir):
    found = similar_actions(data_dir, "kirk-4", limit=20)
    assert found and all(not s.id.startswith("kirk-") for s in found)
    assert found[0].id == "brad-1"  # the same words from another provider
    with_own = similar_actions(data_dir, "kirk-4", limit=20, include_same_provider=True)
    own = [s.id for s in with_own if s.id.startswith("kirk-")]
    assert own and "kirk-4" not in own
    assert with_own[0].id in {"kirk-6", "brad-1"}


def test_ranked_limited_and_scored(data_dir):
    found = similar_actions(data_dir, "calder-3", limit=3)
    assert 1 <= len(found) <= 3
    scores = [s.score for s in found]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 1.0001 for s in scores)
    assert similar_actions(data_dir, "calder-3", limit=0) == []


def test_unknown_id_raises_unknown_action_naming_it(data_dir):
    from index.similar import UnknownAction
    from nlp.errors import ActionPlansError

    with pytest.raises(UnknownAction, match="no-such-action") as caught:
        similar_actions(data_dir, "no-such-action")
    assert isinstance(caught.value, ActionPlansError)
    assert not isinstance(caught.value, KeyError)  # not to be mistaken for a bug


def test_a_rebuild_is_seen_without_restarting(tmp_path):
    build_index([kirklees(), bradford()], tmp_path)
    assert all(not s.id.startswith("calder-") for s in similar_actions(tmp_path, "kirk-0"))
    build_index([calder()], tmp_path)
    assert similar_actions(tmp_path, "kirk-0")[0].id == "calder-0"


def test_answers_quickly_once_loaded(data_dir):
    similar_actions(data_dir, "kirk-0")
    started = time.perf_counter()
    for _ in range(20):
        similar_actions(data_dir, "kirk-0")
    assert (time.perf_counter() - started) / 20 < 0.05


def test_ensure_index_refreshes_an_index_built_without_vectors(tmp_path):
    import shutil

    from actionplans.pipeline import ensure_index
    from index.layout import has_vectors
    from index.search import resolve_generation

    build_index([kirklees(), calder()], tmp_path)
    shutil.rmtree(resolve_generation(tmp_path) / "vectors")  # as built before vectors existed
    ensure_index(tmp_path)
    assert has_vectors(resolve_generation(tmp_path))
    assert similar_actions(tmp_path, "kirk-0")[0].id == "calder-0"


def test_cli_similar_json_and_errors(data_dir, capsys):
    import json

    from actionplans.cli import main

    assert main(["similar", "kirk-0", "--json", "--limit", "2", "--index", str(data_dir)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["id"] == "kirk-0" and len(out["similar"]) == 2
    assert set(out["similar"][0]) == {"id", "score", "provider", "text", "shared_terms"}
    assert main(["similar", "kirk-4", "--all-providers", "--index", str(data_dir)]) == 0
    assert "kirk-6" in capsys.readouterr().out
    assert main(["similar", "nope", "--index", str(data_dir)]) == 1
    assert capsys.readouterr().err.strip() == "error: no action with id 'nope' in the index"


def test_cli_repeats_json(data_dir, capsys):
    import json

    from actionplans.cli import main

    assert main(["repeats", "--json", "--index", str(data_dir)]) == 0
    groups = json.loads(capsys.readouterr().out)["groups"]
    assert groups and {"kind", "ids", "providers", "representative"} <= set(groups[0])
    assert main(["repeats", "--index", str(data_dir)]) == 0
    assert "repeated commitment(s)" in capsys.readouterr().out
    assert main(["repeats", "--index", str(data_dir / "missing")]) == 1
    assert "error:" in capsys.readouterr().err


def test_shared_terms_are_shown_as_written(data_dir):
    found = similar_actions(data_dir, "kirk-1")[0]
    assert found.id == "calder-1"
    assert "premises" in found.shared_terms and "premise" not in found.shared_terms


def test_an_index_with_nothing_to_compare_still_builds(tmp_path):
    from index.repeats import repeat_groups
    from tests.index.similar_plans import _plan

    build_index([], tmp_path / "empty", rebuild=True)
    assert repeat_groups(tmp_path / "empty") == []
    build_index([_plan("x.txt", "X CRC", ["The.", "And it will."])], tmp_path / "stop")
    assert similar_actions(tmp_path / "stop", "x-0", include_same_provider=True) == []
