"""Where an index keeps its files: the on-disk layout of a data directory.

A data directory holds ``current -> gen-<...>`` and the generations it points at; each
generation holds the store, ``whoosh/``, ``vectors/`` and ``originals/``. Every module that
reads or writes those files takes the names from here, so the builders and the readers
(search, similar, repeats) do not import each other to find them. Nothing here reads an index.
"""

from __future__ import annotations

from pathlib import Path

from nlp.errors import ActionPlansError

CURRENT_LINK = "current"
GENERATION_PREFIX = "gen-"
LOCK_FILE = ".build.lock"
STORE_FILE = "actions.sqlite"  # served: the parsed plans with every correction replayed
PARSED_FILE = "parsed.sqlite"  # the plans as parsed (index/corrections.py)
CORRECTIONS_REPORT = "corrections.json"  # what became of each correction in this build
WHOOSH_DIR = "whoosh"
ARRAYS_FILE = "search_arrays.npz"  # in whoosh/
VECTORS_DIR = "vectors"
VECTORS_META = "meta.json"  # in vectors/
REPEATS_FILE = "repeats.json"  # in vectors/
EMBEDDINGS_FILE = "embeddings.npz"  # in vectors/, only with the optional extra
ORIGINALS_DIR = "originals"  # a copy of each plan's original file, by source name


class IndexMissing(ActionPlansError, FileNotFoundError):
    """No built index in the data directory; the message says how to build one."""


def resolve_generation(data_dir: Path) -> Path:
    """The directory holding the live ``actions.sqlite`` and ``whoosh/`` of ``data_dir``."""
    data_dir = Path(data_dir)
    link = data_dir / CURRENT_LINK
    if link.exists():
        return link.resolve()
    if (data_dir / STORE_FILE).is_file():
        return data_dir
    raise IndexMissing(f"{data_dir}: no index here; build one with `actionplans index PATH`")


MODEL_DIR = "model"  # beside the generations: a model retrained from this directory's corrections
MODEL_FILE = "themes.skops"


def data_model_path(data_dir: Path) -> Path:
    """Where a model retrained from a data directory's corrections lives (in that directory,
    never over the shipped one)."""
    return Path(data_dir) / MODEL_DIR / MODEL_FILE


def active_model_path(data_dir: Path | None) -> Path | None:
    """The data directory's retrained model if there is one, else ``None`` (the shipped one)."""
    if data_dir is None:
        return None
    path = data_model_path(data_dir)
    return path if path.is_file() else None


def vectors_dir(data_dir: Path) -> Path:
    """The live generation's ``vectors/`` directory (raises IndexMissing if there is none)."""
    return resolve_generation(Path(data_dir)) / VECTORS_DIR


def has_vectors(generation: Path) -> bool:
    """Whether an index generation holds the similar-actions vectors and repeat groups."""
    directory = generation / VECTORS_DIR
    return (directory / VECTORS_META).is_file() and (directory / REPEATS_FILE).is_file()
