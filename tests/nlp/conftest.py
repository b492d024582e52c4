"""Builders for tiny plan fragments, one per quirk."""

from __future__ import annotations

import pytest

from tests.nlp.helpers import HEADER, TABLE_HEADER


@pytest.fixture
def plan_text():
    """Wrap table lines in a plan header and the table's column header."""

    def build(*lines: str) -> str:
        return HEADER + TABLE_HEADER + "\n".join(lines) + "\n"

    return build
