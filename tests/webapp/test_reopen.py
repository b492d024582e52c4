"""A running web app follows `actionplans index` when it swaps in a new generation."""

from __future__ import annotations

from index.build import build_index
from nlp import parse_plan_text
from tests.nlp.helpers import HEADER, TABLE_HEADER
from webapp import create_app


def _plan(source: str, *actions: str):
    rows = "".join(f"1\tImprove A.\tAgreed\t{a}\tHOO\tMay 2019\n" if i == 0 else
                   f"\t\t\t{a}\tHOP\tJune 2019\n" for i, a in enumerate(actions))
    return parse_plan_text(HEADER + TABLE_HEADER + rows, source)


def test_app_reopens_the_index_after_a_rebuild(tmp_path):
    build_index([_plan("one.txt", "We will train staff in safeguarding.")], tmp_path)
    app = create_app({"INDEX_DIR": str(tmp_path), "WARM_UP": False})
    backend = app.extensions["actionplans"]
    backend.REOPEN_CHECK_SECONDS = 0
    client = app.test_client()
    assert client.get("/api/health").get_json()["actions"] == 1

    build_index([_plan("two.txt", "We will move to new premises.", "We will repair the roof.")],
                tmp_path)
    assert client.get("/api/health").get_json()["actions"] == 3
    hits = client.get("/api/search?q=premises").get_json()["hits"]
    assert [h["id"] for h in hits] == ["two-r1-01"]
    # the build after that removes the first generation: the app still answers
    build_index([_plan("one.txt", "We will train staff in safeguarding.")], tmp_path)
    assert client.get("/api/health").get_json()["actions"] == 3
