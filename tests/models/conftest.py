"""Shared fixtures: a small classifier trained once per session on hand-written labels."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.classifier import ThemeClassifier, TrainingData
from models.labels import load_labels
from models.taxonomy import load_themes
from tests.models.helpers import ONE_CANDIDATE, SMALL_LABELS


@pytest.fixture(scope="session")
def themes():
    return load_themes()


@pytest.fixture(scope="session")
def small_records(themes):
    return load_labels(SMALL_LABELS, [t.name for t in themes])


@pytest.fixture(scope="session")
def small_classifier(themes, small_records) -> ThemeClassifier:
    return ThemeClassifier.fit(TrainingData.from_records(small_records), themes, seed=0,
                               grid=ONE_CANDIDATE)


@pytest.fixture(scope="session")
def saved_small_model(small_classifier, tmp_path_factory) -> Path:
    return small_classifier.save(tmp_path_factory.mktemp("model") / "themes.skops")
