"""Every query feature of ActionIndex.search, on two tiny hand-made plans."""

from __future__ import annotations

import re

import numpy as np
import pytest

from index.highlight import highlight
from index.search import ActionIndex


@pytest.fixture(scope="module")
def ix(built_index):
    return ActionIndex(built_index("sample"))


def ids(result):
    return [hit.record.id for hit in result.hits]


def test_free_words_rank_text_matches(ix):
    result = ix.search("premises security")
    assert ids(result)[0] == "wy-1"
    assert result.total == 1
    assert result.hits[0].score > 0


def test_stemming_finds_other_word_forms(ix):
    assert set(ids(ix.search("safeguard"))) == {"wy-0", "wy-2"}
    assert "wy-3" in ids(ix.search("checking"))


def test_acronym_finds_expansion_and_expansion_finds_acronym(ix):
    assert set(ids(ix.search("UPW"))) == {"wy-0", "dtv-0"}
    assert set(ids(ix.search('"unpaid work"'))) == {"wy-0", "dtv-0"}
    # DA (curated) <-> domestic abuse; SPOC defined by the plan itself.
    assert {"wy-3", "dtv-1"} <= set(ids(ix.search('"domestic abuse"')))
    assert "wy-3" in ids(ix.search("da"))
    assert {"wy-3", "dtv-1"} <= set(ids(ix.search('"single points of contact"')))


def test_acronym_highlight_marks_the_expansion(ix):
    hit = next(h for h in ix.search("UPW").hits if h.record.id == "dtv-0")
    assert "<mark>unpaid</mark> <mark>work</mark>" in hit.highlight


def test_phrase_requires_adjacent_words(ix):
    assert ids(ix.search('"police domestic abuse"')) == ["wy-3"]
    assert ix.search('"abuse domestic police"').total == 0


def test_boolean_operators(ix):
    assert set(ids(ix.search("upw NOT women"))) == {"dtv-0"}
    assert set(ids(ix.search("upw -women"))) == {"dtv-0"}
    assert set(ids(ix.search("premises OR children"))) == {"wy-1", "wy-2"}
    assert ids(ix.search("safeguarding AND children")) == ["wy-2"]


def test_field_filters_in_the_query(ix):
    assert set(ids(ix.search("theme:ETE"))) == {"wy-0", "dtv-0"}
    assert set(ids(ix.search('provider:"West Yorkshire"'))) == {"wy-0", "wy-1", "wy-2", "wy-3"}
    assert set(ids(ix.search('owner:"Head of Performance"'))) == {"wy-0", "wy-3"}
    assert ids(ix.search("status:completed")) == ["wy-1"]
    assert ids(ix.search('agreement:"partly agreed"')) == ["wy-1"]


def test_target_ranges(ix):
    assert set(ids(ix.search("target:2019-01..2019-12"))) == {"wy-0", "wy-3", "dtv-0"}
    assert set(ids(ix.search("target:2019..2019"))) == {"wy-0", "wy-3", "dtv-0"}
    assert set(ids(ix.search("target:2019-12.."))) == {"wy-3", "wy-2"}
    assert set(ids(ix.search("checks target:..2019-06"))) == {"wy-0"}


def test_filters_argument_and_facets(ix):
    result = ix.search("", filters={"theme": "ete"})
    assert set(ids(result)) == {"wy-0", "dtv-0"}
    assert dict(result.facets["provider"]) == {"West Yorkshire CRC": 1,
                                               "Durham Tees Valley CRC": 1}
    assert set(result.facets) == {"provider", "theme", "agreement", "status", "year"}
    assert ids(ix.search("review", filters={"provider": "durham tees valley crc"})) == ["dtv-1"]
    assert ids(ix.search("", filters={"owner": "Estates Manager"})) == ["wy-1"]
    assert ix.search("", filters={"theme": "no such theme"}).total == 0


def test_facet_counts_follow_the_query(ix):
    facets = ix.search("safeguard").facets
    assert dict(facets["theme"]) == {"safeguarding": 2, "ETE": 1}
    assert dict(facets["year"]) == {"2019": 1, "2020": 1}
    assert [label for label, _ in ix.search("").facets["year"]] == ["2018", "2019", "2020"]


def test_typo_is_corrected_and_suggested(ix):
    result = ix.search("premisses")
    assert result.suggestion == "premises"
    assert ids(result) == ["wy-1"]
    assert "premises" in result.message
    assert ix.search("premises").suggestion is None


def test_highlight_is_escaped_with_only_mark_tags(ix):
    hit = ix.search("premises").hits[0]
    assert "<script>" not in hit.highlight
    assert "&lt;script&gt;" in hit.highlight
    assert re.sub(r"</?mark>", "", hit.highlight).count("<") == 0
    assert "<mark>premises</mark>" in hit.highlight


def test_highlight_window_keeps_marks_of_a_long_text():
    text = "filler " * 100 + "the safeguarding check " + "tail " * 100
    out = highlight(text, {"safeguard"}, limit=120)
    assert "<mark>safeguarding</mark>" in out
    assert out.startswith("…") and out.endswith("…")
    assert len(out) < 200


def test_pagination_and_sort_by_target(ix):
    everything = ix.search("", per_page=2)
    assert everything.total == 6 and len(everything.hits) == 2
    page3 = ix.search("", per_page=2, page=3)
    assert len(page3.hits) == 2
    assert not set(ids(page3)) & set(ids(everything))
    assert ix.search("", per_page=2, page=9).hits == []
    by_target = [h.record.target_month for h in ix.search("", sort="target").hits]
    dated = [t for t in by_target if t]
    assert dated == sorted(dated) and by_target[-1] is None


@pytest.mark.parametrize("query", ['"unbalanced quote', "AND", "OR", "NOT", "foo:bar", "x" * 10_000,
                                   "((((", "target:[2019", "::", "upw)", "^2", "*", "theme:",
                                   "a AND", "\x00\ud800", "provider:\""])
def test_malformed_queries_never_raise(ix, query):
    result = ix.search(query)
    assert result.total >= 0
    assert isinstance(result.hits, list)


def test_malformed_queries_say_what_happened(ix):
    assert "quote" in ix.search('"unpaid work').message
    assert ix.search('"unpaid work').total == 2
    assert "Unknown field foo" in ix.search("foo:premises").message
    assert ids(ix.search("foo:premises")) == ["wy-1"]
    assert "500" in ix.search("premises " * 2000).message
    assert "AND" in ix.search("AND").message


def test_lookups(ix):
    assert ix.count() == 6
    assert ix.get("dtv-1").text.startswith("Every SPOC")
    assert ix.get("missing") is None
    assert [r.id for r in ix.records("wy.txt")] == ["wy-0", "wy-1", "wy-2", "wy-3"]
    assert [p.source for p in ix.plans()] == ["wy.txt", "dtv.txt"]
    assert ix.plans()[0].n_actions == 4
    assert ix.plans()[0].recommendations[1].agreement == "partly agreed"
    glossary = ix.glossary()
    assert glossary["UPW"] == "Unpaid Work"
    assert glossary["SPOC"] == "Single Point of Contact"  # the curated file wins
    assert ix.get("wy-0").theme_scores == {"ETE": 0.8}


@pytest.mark.parametrize("query", ["safeguard", "upw NOT women", '"domestic abuse"', "premises OR children",
                                   "theme:ETE review", "target:2019-01..2019-12", "check*",
                                   'owner:"Head of Performance"', "safeguarding AND children"])
def test_vector_evaluation_matches_whoosh(ix, query):
    parsed, _ = ix.reader.read(query)
    whoosh_docs = set(ix._searcher().docs_for_query(parsed))
    matched, _ = ix.evaluator.run(parsed)
    assert set(matched.nonzero()[0].tolist()) == whoosh_docs


def test_one_index_serves_many_threads(ix):
    from concurrent.futures import ThreadPoolExecutor

    queries = ["safeguard", "UPW", '"domestic abuse"', "premisses", "theme:ETE", "review"] * 10
    expected = {q: ids(ix.search(q)) for q in set(queries)}
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda q: (q, ids(ix.search(q))), queries))
    assert all(found == expected[q] for q, found in results)


def test_bad_paging_arguments_fall_back(ix):
    assert ix.search("", page="x", per_page=None).page == 1
    assert ix.search("", per_page=10_000).per_page == 100
    assert ix.search("", page=10**12).hits == []


def test_saved_arrays_equal_the_ones_computed_from_the_store(ix):
    from index.facets import FacetTable
    from index.scoring import Postings
    from index.search import SCORED_FIELDS, load_search_arrays

    arrays = load_search_arrays(ix.generation, ix.count())
    assert arrays is not None
    fresh = FacetTable.from_rows(ix.store.iter_fields(FacetTable.FIELDS), ix.count())
    saved = FacetTable.from_arrays(arrays)
    rows = np.arange(ix.count())
    assert saved.count(rows) == fresh.count(rows)
    assert saved.target_months == fresh.target_months
    assert (saved.mask({"theme": "ETE"}) == fresh.mask({"theme": "ETE"})).all()
    recomputed = Postings(ix._searcher().reader(), SCORED_FIELDS)
    for field in SCORED_FIELDS:
        assert (ix.postings.lengths[field] == recomputed.lengths[field]).all()


def test_theme_counts_from_the_arrays_equal_counting_the_records(ix):
    from collections import Counter

    expected: dict[str, Counter] = {}
    for record in ix.records():
        for theme in dict.fromkeys(record.themes or []):
            expected.setdefault(theme, Counter())[record.provider] += 1
    assert expected and ix.theme_counts() == expected


def test_a_page_read_again_comes_from_the_row_cache_unchanged(ix):
    first = ix.search("safeguarding", per_page=2)
    again = ix.search("safeguarding", per_page=2)
    assert [h.record for h in first.hits] == [h.record for h in again.hits]
    assert [h.highlight for h in first.hits] == [h.highlight for h in again.hits]
    small = type(ix.rows)(ix.store, size=1)
    assert list(small.records([0, 1, 2])) == [0, 1, 2] and len(small._cache) == 1


def test_saved_postings_are_whooshs_own(ix):
    from index.scoring import Postings
    from index.search import SAVED_POSTINGS, SCORED_FIELDS

    reader = ix._searcher().reader()
    from_whoosh = Postings(reader, SCORED_FIELDS)  # no saved arrays: reads Whoosh's blocks
    checked = 0
    for field, term in reader.all_terms():
        if field not in SAVED_POSTINGS:
            continue
        text = term.decode("utf-8")
        docs, weights = ix.postings.saved.get(field, text)
        expected_docs, expected_weights = from_whoosh.get(field, text)
        assert docs.tolist() == expected_docs.tolist(), (field, text)
        assert np.allclose(weights, expected_weights), (field, text)
        checked += 1
    assert checked > 50
    assert len(ix.postings.saved.get("text", "nosuchword")[0]) == 0


def test_saved_pairs_are_each_documents_adjacent_words(ix):
    from index.documents import document_for, document_pairs

    for row, record in ix.store.iter_rows():
        for token in document_pairs(document_for(row, record)):
            assert row in ix.postings.saved.get("pairs", token)[0].tolist(), token


def test_spelling_candidates_from_the_saved_postings_are_whooshs(ix):
    from index.query import SPELLING_FIELDS

    reader = ix._searcher().reader()
    saved = ix.postings.saved
    words = ["premisses", "safegaurd", "chlidren", "traning", "acommodation", "risk", "zzzzz",
             "wrok", "ofender", "managment"]
    for field in SPELLING_FIELDS:
        for word in words + [t.decode() for t in reader.lexicon(field)][:40]:
            for distance in (1, 2):
                assert sorted(saved.terms_within(field, word, distance, prefix=1)) == sorted(
                    reader.terms_within(field, word, distance, prefix=1)), (field, word)
            assert saved.doc_frequency(field, word) == reader.doc_frequency(field, word)


def test_a_query_spelling_look_up_runs_once(built_index, monkeypatch):
    fresh = ActionIndex(built_index("sample"))
    calls = []
    original = fresh._suggest_locked

    def counted(*args, **kwargs):
        calls.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(fresh, "_suggest_locked", counted)
    first = fresh.search("premisses")
    looked_up = len(calls)
    again = fresh.search("premisses")
    assert looked_up >= 1 and len(calls) == looked_up  # the second search asked nothing
    assert (again.suggestion, again.message, ids(again)) == (
        first.suggestion, first.message, ids(first)) and first.suggestion == "premises"


def test_warm_up_builds_the_shared_parts_and_changes_no_result(built_index):
    cold, warmed = ActionIndex(built_index("sample")), ActionIndex(built_index("sample"))
    warmed.warm_up()
    assert "_combined" in warmed.facet_table.__dict__  # the facet combinations, built once
    for q in ("premises security", "UPW", ""):
        a, b = cold.search(q), warmed.search(q)
        assert (ids(a), a.facets, [h.highlight for h in a.hits]) == (
            ids(b), b.facets, [h.highlight for h in b.hits])
