"""The index keeps a copy of each plan's original file, carried across builds."""

from __future__ import annotations

from index.build import build_index
from index.search import ActionIndex
from tests.index.sample_records import durham, west_yorkshire


def test_originals_are_kept_and_carried_over(tmp_path):
    data = tmp_path / "data"
    first, second = west_yorkshire(), durham()
    files = {}
    for plan in (first, second):
        files[plan.source] = tmp_path / plan.source
        files[plan.source].write_bytes(f"original of {plan.source}".encode())
    build_index([first], data, originals={first.source: files[first.source]})
    files[first.source].unlink()  # the index has its own copy
    ix = ActionIndex(data)
    assert ix.original(first.source).read_bytes() == f"original of {first.source}".encode()
    build_index([second], data, originals={second.source: files[second.source]})
    ix = ActionIndex(data)
    assert ix.original(first.source) is not None  # carried over from the last generation
    assert ix.original(second.source) is not None
    build_index([second], data)  # replaced without an original: the old copy goes
    ix = ActionIndex(data)
    assert ix.original(second.source) is None and ix.original(first.source) is not None


def test_original_lookups_stay_inside_the_index(tmp_path):
    plan = west_yorkshire()
    build_index([plan], tmp_path)
    ix = ActionIndex(tmp_path)
    for name in ("../actions.sqlite", "..", ".", plan.source, "originals"):
        assert ix.original(name) is None
