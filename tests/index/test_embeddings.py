"""The optional embeddings module: its one-line error without the extra, and its numpy helpers.

The model itself is not loaded here: ``make test`` does not install the ``embeddings`` extra.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest

from index import embeddings
from index.embeddings import (
    EmbeddingsUnavailable,
    best_pair_scores,
    blend_scores,
    confirmed_pairs,
    cosine_pairs,
    expand_acronyms,
    l2_normalise,
    prepare_text,
    split_sentences,
)


@pytest.fixture
def no_extra(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """The model package made unimportable, whether or not it is installed."""
    embeddings._model.cache_clear()
    monkeypatch.setitem(sys.modules, embeddings.MODEL_PACKAGE, None)
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):  # restored after the test
        monkeypatch.setenv(name, "1")
    yield
    embeddings._model.cache_clear()


def test_missing_extra_is_one_line_naming_the_install(no_extra: None) -> None:
    with pytest.raises(EmbeddingsUnavailable) as caught:
        embeddings.embed_texts(["police checks at allocation"])
    message = str(caught.value)
    assert "\n" not in message
    assert "actionplans[embeddings]" in message
    assert embeddings.MODEL_PACKAGE in message


def test_missing_extra_also_stops_sentence_embedding(no_extra: None) -> None:
    with pytest.raises(EmbeddingsUnavailable):
        embeddings.embed_sentences(["One commitment. Another one."])


def test_l2_normalise_scales_rows_and_keeps_zero_rows() -> None:
    out = l2_normalise(np.array([[3.0, 4.0], [0.0, 0.0], [0.0, -2.0]]))
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, [[0.6, 0.8], [0.0, 0.0], [0.0, -1.0]], rtol=1e-6)


def test_l2_normalise_rejects_a_single_vector() -> None:
    with pytest.raises(ValueError, match="2-d"):
        l2_normalise(np.array([1.0, 2.0]))


def test_best_pair_scores_takes_the_best_sentence_of_each_text() -> None:
    # text 0: sentences a, b; text 1: c; text 2: d, e (unit vectors in 3-d)
    a, b, c = [1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]
    d, e = [0.6, 0.0, 0.8], [0.0, 0.8, 0.6]
    sentences = np.array([a, b, c, d, e], dtype=np.float32)
    offsets = np.array([0, 2, 3, 5])
    scores = best_pair_scores(sentences, offsets, 0)
    # text 0 with itself 1; text 1 shares nothing; text 2: best of a.d 0.6, b.e 0.8
    np.testing.assert_allclose(scores, [1.0, 0.0, 0.8], rtol=1e-6)
    np.testing.assert_allclose(best_pair_scores(sentences, offsets, 1), [0.0, 1.0, 0.8],
                               rtol=1e-6)


def test_blend_scores_adds_the_weighted_cosine() -> None:
    out = blend_scores(np.array([0.5, 0.1]), np.array([0.2, 0.9]), 0.5)
    np.testing.assert_allclose(out, [0.6, 0.55])
    with pytest.raises(ValueError, match="shape"):
        blend_scores(np.zeros(2), np.zeros(3), 0.5)


def test_expand_acronyms_writes_out_capitalised_acronyms_only() -> None:
    glossary = {"DA": "domestic abuse", "OM": "offender manager"}
    text = "OMs complete DA checks; the data and da are left alone"
    assert expand_acronyms(text, glossary) == (
        "offender manager (OMs) complete domestic abuse (DA) checks; "
        "the data and da are left alone")


def test_prepare_text_drops_provider_words_and_their_acronyms() -> None:
    glossary = {"DLNR": "Derbyshire, Leicestershire, Nottinghamshire and Rutland",
                "DA": "domestic abuse"}
    out = prepare_text("DLNR will complete DA checks", glossary, frozenset({"dlnr"}))
    assert out == "will complete domestic abuse (DA) checks"


def test_cosine_pairs_matches_brute_force_across_blocks(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    monkeypatch.setattr(embeddings, "_BLOCK_ROWS", 2)
    rng = np.random.default_rng(3)
    base = rng.normal(size=(3, 8))
    vectors = l2_normalise(np.vstack([base, base + 0.05 * rng.normal(size=(3, 8))]))
    threshold = 0.9
    expected = {(i, j) for i in range(6) for j in range(i + 1, 6)
                if vectors[i] @ vectors[j] >= threshold}
    found = cosine_pairs(vectors, threshold)
    assert {(i, j) for i, j, _ in found} == expected
    assert {(0, 3), (1, 4), (2, 5)} <= expected  # each row and its slightly moved copy
    for i, j, score in found:
        assert score == pytest.approx(float(vectors[i] @ vectors[j]), abs=1e-6)


def test_confirmed_pairs_keeps_candidates_the_embeddings_agree_on() -> None:
    vectors = l2_normalise(np.array([[1.0, 0.0], [1.0, 0.1], [0.0, 1.0], [0.6, 0.8]]))
    candidates = [(0, 1, 0.4), (0, 2, 0.9), (2, 3, 0.3)]
    assert confirmed_pairs(candidates, vectors, 0.75) == [(0, 1, 0.4), (2, 3, 0.3)]
    assert confirmed_pairs(candidates, vectors, 0.9) == [(0, 1, 0.4)]
    assert confirmed_pairs([], vectors, 0.5) == []


def test_split_sentences_gives_every_text_at_least_one_row() -> None:
    flat, offsets = split_sentences(["Train all staff. Audit the cases.", "", "One more."])
    assert offsets.tolist() == [0, 2, 3, 4]
    assert flat[0].startswith("Train") and flat[1].startswith("Audit")
    assert flat[2] == ""


# --- wiring: an index built with the extra (the model replaced by a stand-in) ---------------

def _one_hot(texts, **_):  # noqa: ANN001, ANN202 - every distinct text its own direction
    out = np.zeros((len(texts), 4096), dtype=np.float32)
    for i, text in enumerate(texts):
        out[i, hash(text) % 4096] = 1.0
    return out


def _all_alike(texts, **_):  # noqa: ANN001, ANN202 - the model finding every text the same
    return l2_normalise(np.ones((len(texts), 8)))


def _build(tmp_path, monkeypatch: pytest.MonkeyPatch, embed=None):  # noqa: ANN001, ANN202
    from index.build import build_index
    from tests.index.similar_plans import bradford, calder, kirklees

    monkeypatch.setattr(embeddings, "available", lambda: embed is not None)
    if embed is not None:
        monkeypatch.setattr(embeddings, "embed_texts", embed)
    build_index([kirklees(), calder(), bradford()], tmp_path)
    return tmp_path


def test_index_built_with_the_extra_stores_one_vector_per_action(tmp_path, monkeypatch):
    from index.similar import vectors_dir
    from tests.index.similar_plans import bradford, calder, kirklees

    data_dir = _build(tmp_path, monkeypatch, _all_alike)
    stored = embeddings.load_embeddings(vectors_dir(data_dir))
    assert stored is not None
    prepared, with_context = stored
    actions = sum(len(p.records) for p in (kirklees(), calder(), bradford()))
    assert prepared.shape[0] == with_context.shape[0] == actions


def test_repeat_candidates_need_the_models_agreement(tmp_path, monkeypatch):
    from index.repeats import group_of, repeat_groups

    assert repeat_groups(_build(tmp_path / "lexical", monkeypatch)) != []
    # The model finding every pair of different texts different vetoes those candidates ...
    vetoed = _build(tmp_path / "vetoed", monkeypatch, _one_hot)
    assert group_of(vetoed, "kirk-6") is None  # the passage pasted into a longer action
    assert [g.ids for g in repeat_groups(vetoed)] == [["kirk-4", "brad-1"]]  # the same words
    # ... and calling them all alike keeps the looser candidates, the pasted passage included.
    group = group_of(_build(tmp_path / "agreed", monkeypatch, _all_alike), "kirk-6")
    assert group is not None and "kirk-4" in group.ids


def test_similar_scores_add_the_weighted_model_cosine(tmp_path, monkeypatch):
    from index.similar import similar_actions

    plain = similar_actions(_build(tmp_path / "plain", monkeypatch), "kirk-0")
    blended = similar_actions(_build(tmp_path / "blended", monkeypatch, _all_alike), "kirk-0")
    by_id = {s.id: s.score for s in blended}
    assert plain and all(by_id[s.id] == pytest.approx(s.score + embeddings.SIMILAR_WEIGHT,
                                                      abs=1e-3) for s in plain)


def test_extra_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACTIONPLANS_EMBEDDINGS", "0")
    assert embeddings.available() is False
