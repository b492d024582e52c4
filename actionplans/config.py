"""Where things live on disk: the bundled sample plans and the default data directory."""

from __future__ import annotations

import os
from pathlib import Path

SAMPLE_PLANS_DIR = Path(__file__).resolve().parent / "sample_plans"
DATA_DIR_ENV = "ACTIONPLANS_DATA"


def default_data_dir() -> Path:
    """The index directory used when ``--index`` is not given.

    ``$ACTIONPLANS_DATA`` wins; otherwise the XDG data directory, so a fresh install works
    with no arguments.
    """
    if os.environ.get(DATA_DIR_ENV):
        return Path(os.environ[DATA_DIR_ENV]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "actionplans"


def sample_plan_paths() -> list[Path]:
    """The bundled sample plans, in a stable order."""
    return sorted(p for p in SAMPLE_PLANS_DIR.iterdir() if p.suffix in {".txt", ".md", ".html"})

