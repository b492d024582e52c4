"""The words' scores saved at build time are the live evaluation's, bit for bit."""

from __future__ import annotations

import random

import numpy as np
import pytest

from index.layout import WHOOSH_DIR
from index.postings import POSTINGS_DIR, SavedPostings
from index.query import FREE_TEXT_FIELDS
from index.scoring import FIELD_WEIGHTS, VectorEvaluator
from index.search import SCORED_FIELDS, ActionIndex


@pytest.fixture(scope="module", params=["sample", "similar"])
def ix(built_index, request):
    return ActionIndex(built_index(request.param))


def live(ix: ActionIndex, **options) -> VectorEvaluator:
    """An evaluator of the same index that computes every word's score in the query."""
    return VectorEvaluator(ix.postings, ix._searcher, SCORED_FIELDS,
                           paired_fields=ix.evaluator.paired, pair_token=ix.evaluator.pair_token,
                           row_sources=ix.evaluator.row_sources, **options)


def vocabulary(ix: ActionIndex) -> list[str]:
    saved = ix.postings.saved
    return sorted({t.decode("utf-8") for f in FREE_TEXT_FIELDS
                   for t in saved.fields[f][0][:len(saved.fields[f][1]) - 1].tolist()})


def same(a, b) -> bool:
    return (a[0].dtype == b[0].dtype and a[0].tolist() == b[0].tolist()
            and a[1].dtype == b[1].dtype and a[1].tobytes() == b[1].tobytes())


def test_the_index_uses_its_saved_word_scores(ix):
    assert ix.evaluator._saved_words is not None
    assert ix.evaluator._saved_words[0] == FREE_TEXT_FIELDS


def test_every_saved_word_score_is_the_live_one_to_the_last_bit(ix):
    computed = live(ix)
    words = vocabulary(ix)
    assert len(words) > 50
    for word in [*words, "nosuchword"]:
        assert same(ix.evaluator.word(word, list(FREE_TEXT_FIELDS)),
                    computed.word(word, list(FREE_TEXT_FIELDS))), word


@pytest.mark.parametrize("chunk", [1, 7, 1 << 21])
def test_scores_computed_in_batches_are_the_same(ix, tmp_path, chunk):
    directory = ix.generation / WHOOSH_DIR / POSTINGS_DIR
    computed = live(ix)
    computed.save_word_scores(tmp_path, SavedPostings(directory, FREE_TEXT_FIELDS),
                              FREE_TEXT_FIELDS, chunk=chunk)
    batched = live(ix, word_scores=tmp_path)
    assert batched._saved_words is not None
    for word in vocabulary(ix):
        assert same(batched.word(word, list(FREE_TEXT_FIELDS)),
                    computed.word(word, list(FREE_TEXT_FIELDS))), word


def test_scores_saved_with_other_constants_are_not_used(ix):
    other = live(ix, field_weights={**FIELD_WEIGHTS, "rec": 0.5},
                 word_scores=ix.generation / WHOOSH_DIR / POSTINGS_DIR)
    assert other._saved_words is None


def test_random_queries_rank_and_score_as_the_live_evaluation(ix):
    rng = random.Random(12)
    words = vocabulary(ix)
    computed = live(ix)
    for _ in range(150):
        typed = " ".join(rng.choice(words) for _ in range(rng.randint(1, 5)))
        if rng.random() < 0.3:
            typed = f'"{typed}"' if rng.random() < 0.5 else f"{typed} NOT {rng.choice(words)}"
        query, _ = ix.reader.read(typed)
        assert same(ix.evaluator.run_sparse(query), computed.run_sparse(query)), typed


def test_a_word_is_saved_as_documents_and_codes_into_a_small_table(ix):
    directory = ix.generation / WHOOSH_DIR / POSTINGS_DIR
    docs, codes = ix.evaluator._saved_words[1].get("bm25f", vocabulary(ix)[0])
    table = np.load(directory / "bm25f.tf.npy")
    assert len(docs) and docs.dtype == np.uint16 and codes.dtype == np.uint8
    assert len(table) < 1000 and (np.diff(table) > 0).all()
    ids, scores = ix.evaluator.word(vocabulary(ix)[0], list(FREE_TEXT_FIELDS))
    np.testing.assert_array_equal(ids, np.sort(ids))


def test_a_filter_applied_inside_the_evaluation_keeps_the_same_scores(ix):
    rng = random.Random(3)
    words = vocabulary(ix)
    for _ in range(100):
        query, _ = ix.reader.read(" ".join(rng.choice(words) for _ in range(rng.randint(1, 4))))
        within = np.array([rng.random() < 0.3 for _ in range(ix.count())], dtype=bool)
        ids, scores = ix.evaluator.run_sparse(query)
        assert same(ix.evaluator.run_sparse(query, within=within),
                    (ids[within[ids]], scores[within[ids]]))


def test_the_first_of_a_page_by_target_are_the_full_sorts():
    from index.search import first_by

    rng = np.random.default_rng(5)
    for size in (0, 1, 2, 10, 500):
        keys = rng.permutation(size * 3)[:size]
        for k in (0, 1, 5, 20, size, size + 3):
            assert first_by(keys, k)[:k].tolist() == np.argsort(keys)[:k].tolist()
