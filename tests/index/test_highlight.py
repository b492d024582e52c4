"""The words saved at build time give the same highlights as tokenising the text live."""

from __future__ import annotations

import random

from index.highlight import WORDS_DIR, SavedWords, highlight, highlight_spans, save_words, tokens
from index.search import ActionIndex

TEXTS = [
    "Ensure all staff complete safeguarding training by March.",
    "",  # a record without text: no words
    "Managers' <b>oversight</b> & \"quality\" of e.g. OASys assessments; café staff.",
    "x " * 200 + "risk assessments reviewed " * 3 + "y " * 200,  # longer than the window
    "Staffing staffed staff: 2019-20 targets, www.example.gov.uk and Ünïcode wörds.",
]


def test_saved_words_are_the_live_tokens(tmp_path):
    save_words(TEXTS, tmp_path)
    saved = SavedWords(tmp_path)
    for row, text in enumerate(TEXTS):
        live = tokens(text)
        stems = {stem for _, _, stem in live}
        assert saved.spans([row], stems) == [[(a, b) for a, b, _ in live]]


def test_saved_spans_highlight_as_the_live_highlight_on_random_stem_sets(tmp_path):
    save_words(TEXTS, tmp_path)
    saved = SavedWords(tmp_path)
    pick = random.Random(7)
    every_stem = sorted({stem for text in TEXTS for _, _, stem in tokens(text)})
    for _ in range(200):
        stems = set(pick.sample(every_stem, pick.randint(0, 6))) | {"nowhere"}
        rows = pick.sample(range(len(TEXTS)), pick.randint(1, len(TEXTS)))
        for row, spans in zip(rows, saved.spans(rows, stems), strict=True):
            assert highlight_spans(TEXTS[row], spans) == highlight(TEXTS[row], stems)


def test_no_wanted_stem_or_no_rows(tmp_path):
    save_words(TEXTS, tmp_path)
    saved = SavedWords(tmp_path)
    assert saved.spans([0, 2], {"absent"}) == [[], []]
    assert saved.spans([], {"staff"}) == []
    save_words([], tmp_path / "empty")
    assert SavedWords(tmp_path / "empty").spans([], {"staff"}) == []


def test_an_index_highlights_each_record_as_its_text_tokenised_live(built_index):
    ix = ActionIndex(built_index("sample"))
    records = ix.store.by_rows(list(range(ix.n)))
    pick = random.Random(3)
    for row in pick.sample(sorted(records), min(20, ix.n)):
        record = records[row]
        live = tokens(record.text)
        stems = {stem for _, _, stem in pick.sample(live, min(3, len(live)))}
        [spans] = ix.words.spans([row], stems)
        assert highlight_spans(record.text, spans) == highlight(record.text, stems)


def test_search_hits_carry_the_live_highlight(built_index):
    ix = ActionIndex(built_index("sample"))
    for q in ("safeguarding training", "UPW", "premises", '"risk assessment"'):
        query, _ = ix._read(q)
        stems = ix._highlight_stems(query, q)
        for hit in ix.search(q).hits:
            assert hit.highlight == highlight(hit.record.text, stems)


def test_an_index_without_its_saved_words_is_not_current(built_index, tmp_path):
    import shutil

    from index.layout import WHOOSH_DIR, resolve_generation
    from index.search import search_index_current

    copy = tmp_path / "copy"
    shutil.copytree(resolve_generation(built_index("sample")), copy)
    assert search_index_current(copy)
    shutil.rmtree(copy / WHOOSH_DIR / WORDS_DIR)
    assert not search_index_current(copy)


def test_the_saved_words_are_read_not_mapped_and_kept_with_the_rows(built_index):
    from pathlib import Path

    ix = ActionIndex(built_index("sample"))
    hits = ix.search("safeguarding training").hits
    assert any("<mark>" in hit.highlight for hit in hits)
    # a mapped file's pages count in every worker's resident memory: the words are read
    assert f"{WORDS_DIR}/words.npy" not in Path("/proc/self/maps").read_text()
    kept = [entry[2] for entry in ix.rows._cache.values() if entry[2] is not None]
    assert len(kept) == len(hits)
