"""The Whoosh documents: the faster paths of indexing give exactly what Whoosh's own would."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.fields import TEXT

from index.documents import _ANALYZER, RepeatedText, analysed_words
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


def test_a_repeated_value_gets_the_same_postings_each_time():
    plain, repeated = TEXT(analyzer=_ANALYZER), RepeatedText(analyzer=_ANALYZER)
    for value in TRICKY * 2:
        assert list(repeated.index(value)) == list(plain.index(value))


def test_saved_postings_find_each_term_and_nothing_else(tmp_path):
    recorder = PostingsRecorder(("text",))
    seen = []
    add = recorder.tap(seen.append)
    for posting in [("text", b"risk", 0, 1.0, b""), ("text", b"abuse", 0, 2.0, b""),
                    ("text", b"risk", 3, 3.0, b""), ("id", b"x", 3, 1.0, b"")]:
        add(posting)
    assert len(seen) == 4  # everything still goes to Whoosh
    recorder.save(tmp_path)
    saved = SavedPostings(tmp_path, ("text",))
    docs, weights = saved.get("text", "risk")
    assert docs.tolist() == [0, 3] and np.allclose(weights, [1.0, 3.0])
    assert saved.get("text", "abuse")[0].tolist() == [0]
    for absent in ("", "ris", "riskier", "zzz", "aaa"):
        assert saved.get("text", absent)[0].tolist() == []
    assert saved.get("id", "x") is None  # not saved: read from Whoosh
