"""Flask test clients over the fake index: one with every optional part, one with none."""

from __future__ import annotations

import pytest

from tests.webapp.fakes import FakeIndex, fake_evidence, fake_repeats, fake_similar
from webapp import create_app
from webapp.backend import Backend


@pytest.fixture
def index() -> FakeIndex:
    return FakeIndex()


@pytest.fixture
def app(index):
    backend = Backend(index, similar_fn=fake_similar, repeats_fn=fake_repeats,
                      evidence_fn=fake_evidence, load_optional=False)
    return create_app({"BACKEND": backend})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def bare_client(index):
    """An app whose similar actions, repeat groups and evidence are not installed."""
    return create_app({"BACKEND": Backend(index, load_optional=False)}).test_client()
