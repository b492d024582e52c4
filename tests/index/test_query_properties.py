"""Property test: no text, field, operator or phrase mix makes a search raise.

Queries are built from the pieces people (and careless or hostile users) type: words, stop
words, acronyms, every field name and alias and unknown ones, operators (also doubled or
dangling), quotes, brackets, ranges, wildcards, boosts, and arbitrary Unicode.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.query import FIELD_ALIASES
from index.search import ActionIndex

WORDS = ["training", "staff", "the", "of", "a", "UPW", "unpaid", "work", "premisses", "west",
         "yorkshire", "2019", "2019-06", "completed", "partly agreed", "x", "ETE", "e-mail"]
FIELDS = ["text", "aliases", "rec", "owner", "provider", "theme", "status", "agreement", "kind",
          "year", "target", "id", "source", "rec_number", "pairs", "row", "nosuchfield",
          *[alias for aliases in FIELD_ALIASES.values() for alias in aliases]]
OPERATORS = ["AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "-", "+", "and", "not"]
SYNTAX = ['"', "(", ")", "[", "]", "{", "}", "..", ":", "*", "?", "~", "~3", "^2", "\\", "/",
          "TO", "'", "<", ">", "&", "=", "\x00", "\t", "\u00a0", "²", "①", "é", "\u202e"]

piece = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(OPERATORS),
    st.sampled_from(SYNTAX),
    st.builds(lambda f, w: f"{f}:{w}", st.sampled_from(FIELDS), st.sampled_from(WORDS + SYNTAX)),
    st.builds(lambda f, w: f'{f}:"{w}"', st.sampled_from(FIELDS), st.sampled_from(WORDS)),
    st.builds(lambda f, a, b: f"{f}:{a}..{b}", st.sampled_from(FIELDS),
              st.sampled_from(["", "2019", "2019-01", "x"]), st.sampled_from(["", "2020", "z"])),
    st.builds(lambda w: f'"{w}"', st.sampled_from(WORDS + SYNTAX + [""])),
    st.text(max_size=8),
)
queries = st.one_of(
    st.lists(piece, max_size=12).map(" ".join),
    st.lists(piece, max_size=12).map("".join),
    st.text(max_size=60),
)
filters = st.dictionaries(st.sampled_from(["theme", "provider", "agreement", "status", "year",
                                           "kind", "owner"]),
                          st.one_of(st.sampled_from(WORDS), st.text(max_size=10)), max_size=3)


@pytest.fixture(scope="module")
def ix(built_index):
    return ActionIndex(built_index("sample"))


@settings(max_examples=2000, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(q=queries, filters=filters, page=st.integers(-2, 50), per_page=st.integers(-2, 500),
       sort=st.sampled_from(["relevance", "target", "nonsense"]))
def test_any_query_gives_a_result_never_an_exception(ix, q, filters, page, per_page, sort):
    result = ix.search(q, filters=filters, page=page, per_page=per_page, sort=sort)
    assert result.total >= 0 and len(result.hits) <= result.per_page
    assert result.message is None or isinstance(result.message, str)
    for hit in result.hits:
        assert "<script" not in hit.highlight.lower()


@pytest.mark.parametrize("q, note", [
    ('""', "Nothing searchable"),
    ('"the of"', "no searchable words"),
    ('training ""', "no searchable words"),
    ('"(" training ")"', "no searchable words"),
    ('pairs:"west yorkshire"', "no word positions"),
])
def test_each_failure_class_reads_as_something(ix, q, note):
    result = ix.search(q)
    assert note in (result.message or "")


def test_doubled_operators_read_as_one(ix):
    plain = ix.search("training ANDNOT staff")
    for doubled in ("training ANDNOT ANDNOT staff", "training ANDNOT ANDMAYBE staff"):
        assert ix.search(doubled).total == plain.total
    assert ix.search("training ANDMAYBE ANDMAYBE staff").total == ix.search(
        "training ANDMAYBE staff").total


def test_a_phrase_that_still_has_words_keeps_them(ix):
    assert ix.search('training ""').total == ix.search("training").total
