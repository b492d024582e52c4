"""Shared fixtures: each small index built once per session and shared read-only.

Tests that change an index (add, replace, rebuild) build their own in ``tmp_path``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from index.build import build_index
from tests.index import sample_records, similar_plans

PLAN_SETS = {
    "sample": sample_records.plans,  # two plans covering every query feature
    "similar": similar_plans.plans,  # three providers making overlapping commitments
}


@pytest.fixture(scope="session")
def built_index(tmp_path_factory) -> Callable[[str], Path]:
    """``built_index(name)``: the data directory of the named plan set, built on first use."""
    built: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in built:
            path = tmp_path_factory.mktemp(name)
            build_index(PLAN_SETS[name](), path)
            built[name] = path
        return built[name]

    return get
