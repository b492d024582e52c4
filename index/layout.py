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
STORE_FILE = "actions.sqlite"
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


def vectors_dir(data_dir: Path) -> Path:
    """The live generation's ``vectors/`` directory (raises IndexMissing if there is none)."""
    return resolve_generation(Path(data_dir)) / VECTORS_DIR


def has_vectors(generation: Path) -> bool:
    """Whether an index generation holds the similar-actions vectors and repeat groups."""
    directory = generation / VECTORS_DIR
    return (directory / VECTORS_META).is_file() and (directory / REPEATS_FILE).is_file()
