"""Property test: /api/search over a real index never answers 5xx, and always answers JSON,
whatever mix of query text, fields, operators, filters and numeric parameters it is sent."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.build import build_index
from tests.index.sample_records import plans
from webapp import create_app

WORDS = ["training", "the", "a", "UPW", "premisses", "west yorkshire", "2019", "x", "ETE"]
SYNTAX = ['"', "(", ")", "[", "]", ":", "..", "*", "~", "^", "AND", "OR", "NOT", "ANDNOT",
          "ANDMAYBE", "-", "<script>", "&amp;", "%", "\x00", "²", "①", "\u202e", "//"]
FIELDS = ["theme", "provider", "status", "agreement", "year", "kind", "owner", "target", "rec",
          "pairs", "row", "id", "nosuch"]
text = st.one_of(
    st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(SYNTAX),
                       st.builds(lambda f, w: f"{f}:{w}", st.sampled_from(FIELDS),
                                 st.sampled_from(WORDS + SYNTAX)),
                       st.text(max_size=6)), max_size=10).map(" ".join),
    st.text(max_size=80),
)
number = st.one_of(st.integers(-5, 10**6).map(str), st.sampled_from(["", "²", "①", "١", "1.5",
                                                                      "9" * 5000, "0", "00"]),
                   st.text(max_size=5))
params = st.fixed_dictionaries({}, optional={
    "q": text, "page": number, "per_page": number, "sort": st.one_of(
        st.sampled_from(["relevance", "target"]), st.text(max_size=5)),
    **{name: st.one_of(st.sampled_from(WORDS), st.text(max_size=12))
       for name in ("theme", "provider", "agreement", "status", "year")},
})


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("api-properties")
    build_index(plans(), data_dir)
    return create_app({"INDEX_DIR": data_dir, "WARM_UP": False}).test_client()


@settings(max_examples=1000, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(query=params)
def test_api_search_never_500_and_always_json(client, query):
    response = client.get("/api/search", query_string=query)
    assert response.status_code in (200, 400), (query, response.status_code)
    assert response.is_json
    body = response.get_json()
    if response.status_code == 400:
        assert body["status"] == 400 and body["message"]
    else:
        assert body["total"] >= 0
