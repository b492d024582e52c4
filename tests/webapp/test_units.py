"""The web app's small pieces: URL state, highlight sanitising, formatting, model card."""

from __future__ import annotations

import html
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from webapp import formatting, integrations
from webapp.pages import page_numbers
from webapp.params import BadRequest, SearchRequest, parse_search
from webapp.safe_html import safe_highlight


def test_parse_search_cleans_and_validates():
    request = parse_search({"q": "  domestic\x00  abuse ", "theme": "ETE", "page": "3",
                            "per_page": "50", "sort": "target", "status": ""})
    assert request == SearchRequest("domestic abuse", {"theme": "ETE"}, 3, 50, "target")
    with pytest.raises(BadRequest, match="'per_page' must be at most 100"):
        parse_search({"per_page": "1000"})
    with pytest.raises(BadRequest, match="'provider' must be at most"):
        parse_search({"provider": "x" * 300})


def test_args_drop_defaults_and_reset_the_page_on_change():
    request = SearchRequest("abuse", {"theme": "ETE"}, page=3)
    assert request.args() == {"q": "abuse", "theme": "ETE", "page": 3}
    assert request.args(page=4) == {"q": "abuse", "theme": "ETE", "page": 4}
    assert request.args(theme=None) == {"q": "abuse"}
    assert request.args(provider="Beta") == {"q": "abuse", "provider": "Beta", "theme": "ETE"}
    assert request.args(sort="target") == {"q": "abuse", "theme": "ETE", "sort": "target"}
    with pytest.raises(TypeError):
        request.args(colour="red")


@pytest.mark.parametrize("raw, safe", [
    ("a <mark>b</mark> c", "a <mark>b</mark> c"),
    ("<script>x</script> <mark>y</mark>", "&lt;script&gt;x&lt;/script&gt; <mark>y</mark>"),
    ("&lt;b&gt; already escaped", "&lt;b&gt; already escaped"),
    ("R&amp;R &amp;lt;", "R&amp;R &amp;lt;"),
    ("<MARK>open", "<mark>open</mark>"),
    ("</mark>stray<mark><mark>x</mark>", "stray<mark>x</mark>"),
    ('<mark onclick="x">y</mark>', "&lt;mark onclick=&#34;x&#34;&gt;y"),
    (None, ""),
])
def test_safe_highlight_keeps_only_balanced_mark(raw, safe):
    assert str(safe_highlight(raw)) == safe


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", " ", "&", "<", ">", '"', "'", "&amp;", "&lt;", "&#x27;",
                                 "&quot;", "&#39;", "&#60;", "&amp;lt;", "&nbsp;", "&amp", ";",
                                 "<mark>", "</mark>"]), max_size=12))
def test_safe_highlight_entity_shortcut_matches_unescaping(pieces):
    """The shortcut for pieces holding only html.escape's entities gives what unescaping and
    escaping each piece again gives."""
    raw = "".join(pieces)
    for fragment in (raw, html.escape(raw).replace("&lt;mark&gt;", "<mark>")):
        expected, marks = [], 0
        for piece in re.split(r"(<mark>|</mark>)", fragment):
            if piece in ("<mark>", "</mark>"):
                if (piece == "<mark>") == (marks == 0):
                    expected.append(piece)
                    marks = 1 - marks
            else:
                expected.append(str(escape(html.unescape(piece))))
        assert str(safe_highlight(fragment)) == "".join(expected) + ("</mark>" if marks else "")


def test_page_numbers_show_ends_and_a_window():
    assert page_numbers(1, 1) == [1]
    assert page_numbers(5, 10) == [1, None, 3, 4, 5, 6, 7, None, 10]
    assert page_numbers(2, 4) == [1, 2, 3, 4]


def test_formatting():
    assert formatting.human_date("2020-02-28") == "28 February 2020"
    assert formatting.human_date("2019-05") == "May 2019"
    assert formatting.human_date("Spring 2019") == "Spring 2019"
    assert formatting.human_date("2019-13") == "2019-13"
    assert formatting.percent(0.873) == "87%"
    assert formatting.shade(0, 10) == "app-shade-0"
    assert formatting.shade(1, 10) == "app-shade-1"
    assert formatting.shade(10, 10) == "app-shade-5"


def test_model_card_reads_metadata_and_saved_evaluation(tmp_path):
    assert integrations.load_model_card(tmp_path) is None
    (tmp_path / "themes.skops.json").write_text(json.dumps({
        "trained_at": "2026-11-22T20:00:00", "n_labelled": 36, "n_examples": 45,
        "plans": ["a", "b"], "themes": ["ETE"]}))
    (tmp_path / "evaluation.json").write_text(json.dumps({
        "model": [{"theme": "ETE", "precision": 0.9, "recall": 0.8, "f1": 0.85, "support": 7}],
        "baseline": [{"theme": "ETE", "precision": 0.5, "recall": 0.5, "f1": 0.5,
                      "support": 7}],
        "macro_f1": 0.85, "baseline_macro_f1": 0.5, "n_records": 36}))
    card = integrations.load_model_card(tmp_path)
    assert card["trained"] == "2026-11-22T20:00:00" and card["macro_f1"] == 0.85
    assert card["rows"] == [{"theme": "ETE", "precision": 0.9, "recall": 0.8, "f1": 0.85,
                             "support": 7, "baseline_f1": 0.5}]


def test_similar_and_repeats_adapters_follow_index_modules(tmp_path, monkeypatch):
    import sys
    import types
    from dataclasses import dataclass

    @dataclass
    class Found:
        id: str
        score: float
        provider: str
        text: str
        shared_terms: list

    @dataclass
    class Group:
        kind: str
        ids: list
        providers: list
        representative: str
        repeated_flag: bool

    similar = types.SimpleNamespace(
        vectors_dir=lambda data_dir: data_dir / "vectors",
        similar_actions=lambda data_dir, rid, limit, include_same_provider: (
            [Found("b", 0.5, "B", "t", ["x"])] if rid == "a" else {}[rid]),  # KeyError
    )
    repeats = types.SimpleNamespace(
        REPEATS_FILE="repeats.json",
        repeat_groups=lambda data_dir: [Group("across", ["a", "b"], ["A", "B"], "t", True)],
    )
    monkeypatch.setitem(sys.modules, "index.similar", similar)
    monkeypatch.setitem(sys.modules, "index.repeats", repeats)
    assert integrations.load_similar(tmp_path, None) is None  # built without vectors
    assert integrations.load_repeats(tmp_path, None) is None
    (tmp_path / "vectors").mkdir()
    (tmp_path / "vectors" / "meta.json").write_text("{}")
    (tmp_path / "vectors" / "repeats.json").write_text("[]")
    find = integrations.load_similar(tmp_path, None)
    assert find("a", 5, False) == [{"id": "b", "score": 0.5, "shared_terms": ["x"]}]
    assert find("unknown", 5, False) == []
    assert integrations.load_repeats(tmp_path, None)() == [
        {"kind": "across", "ids": ["a", "b"], "providers": ["A", "B"], "representative": "t",
         "repeated_flag": True}]


def test_warm_up_loads_the_page_summaries_not_the_classifier_and_never_raises():
    from tests.webapp.fakes import FakeIndex
    from webapp.backend import Backend

    explained = []

    def evidence(record):
        explained.append(record.id)
        return {}

    class BrokenPlans(FakeIndex):
        def plans(self):
            raise RuntimeError("store unreadable")

    backend = Backend(FakeIndex(), evidence_fn=evidence, load_optional=False)
    backend.warm_up()
    assert "themes" in backend._cache and "plans" in backend._cache
    assert explained == []  # the classifier loads with the first action page, not before
    Backend(BrokenPlans(), load_optional=False).warm_up()  # logged, not raised


def test_warm_up_warms_an_index_that_can_be_warmed():
    from tests.webapp.fakes import FakeIndex
    from webapp.backend import Backend

    class WarmableIndex(FakeIndex):
        warmed = 0

        def warm_up(self):
            self.warmed += 1

    index = WarmableIndex()
    Backend(index, load_optional=False).warm_up()
    assert index.warmed == 1
