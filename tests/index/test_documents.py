"""The Whoosh documents: the faster paths of indexing give exactly what Whoosh's own would."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.fields import TEXT

from index.documents import _ANALYZER, AnalysedText, RepeatedText, analysed_words
from index.postings import PostingsRecorder, SavedPostings

TRICKY = [
    "Unpaid Work (UPW) e.g. 2019/20, the C.R.C.'s staff-led *priority* reviews; a I x 3.5",
    "Safeguarding — children's services: ÉTÉ café naïve; don't won't o'clock",
    "",
    "   ",
    "a an the of",
]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80) | st.sampled_from(TRICKY))
def test_analysed_words_are_the_analyzers_tokens(text):
    assert analysed_words(text) == [token.text for token in _ANALYZER(text)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80) | st.sampled_from(TRICKY))
def test_analysed_text_gives_whooshs_postings(text):
    assert list(AnalysedText().index(text)) == list(TEXT(analyzer=_ANALYZER).index(text))


def test_a_repeated_value_gets_the_same_postings_each_time():
    plain, repeated = TEXT(analyzer=_ANALYZER), RepeatedText()
    for value in TRICKY * 2:
        assert list(repeated.index(value)) == list(plain.index(value))


def test_saved_postings_find_each_term_and_nothing_else(tmp_path):
    from index.documents import make_schema

    recorder = PostingsRecorder(("text", "pairs"))
    schema = make_schema()
    recorder.add_document(schema, 0, {"text": "Risk of harm: risk reviews", "id": "a"})
    recorder.add_document(schema, 3, {"text": "Domestic abuse risk", "id": "b"})
    recorder.add_terms("pairs", 3, ["x_y", "x_y", "y_z"])
    recorder.save(tmp_path)
    saved = SavedPostings(tmp_path, ("text", "pairs"))
    docs, weights = saved.get("text", "risk")
    assert docs.tolist() == [0, 3] and np.allclose(weights, [2.0, 1.0])
    assert saved.get("text", "abus")[0].tolist() == [3]
    assert saved.get("pairs", "x_y")[0].tolist() == [3] and saved.get("pairs", "x_y")[1] == 2
    for absent in ("", "ris", "riskier", "zzz", "aaa", "of"):
        assert saved.get("text", absent)[0].tolist() == []
    assert saved.get("id", "a") is None  # not saved: read from Whoosh
