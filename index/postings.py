"""Every term's postings saved as flat arrays at build time, read by memory map at query time.

Reading a term's postings through Whoosh decodes its blocks in Python (pickle, one block of
128 documents at a time): most of a query's time the first time it is asked, once per server
process. Here the postings the Whoosh writer produces are recorded as it writes them (the same
analysis, so the same terms, documents and weights), with the word pairs that only these
arrays hold (index.documents), then saved per field as a sorted term
array, offsets, document numbers and weights (``.npy`` files). Opening maps them; a look-up
is a binary search and two slices, and the pages are the operating system's, shared by every
worker process that maps the same files.
"""

from __future__ import annotations

from array import array
from collections import Counter
from pathlib import Path

import numpy as np

POSTINGS_DIR = "postings"  # in whoosh/


class PostingsRecorder:
    """Collects ``(field, term, docnum, weight)`` of the fields wanted as the writer adds them."""

    def __init__(self, fields: tuple[str, ...]) -> None:
        self.fields = set(fields)
        self._terms: dict[str, dict[bytes, int]] = {f: {} for f in fields}
        self._ids = {f: array("i") for f in fields}
        self._docs = {f: array("i") for f in fields}
        self._weights = {f: array("f") for f in fields}

    def tap(self, add):  # noqa: ANN001, ANN201 - the pool's add(posting) and its replacement
        """``add`` (Whoosh's pool.add) wrapped so that every posting is also recorded."""
        fields, terms, ids, docs, weights = (self.fields, self._terms, self._ids, self._docs,
                                             self._weights)

        def add_and_record(posting: tuple) -> None:
            add(posting)
            field = posting[0]
            if field in fields:
                known = terms[field]
                ids[field].append(known.setdefault(posting[1], len(known)))
                docs[field].append(posting[2])
                weights[field].append(posting[3])

        return add_and_record

    def add_terms(self, field: str, docnum: int, terms: list[str]) -> None:
        """Postings Whoosh does not write (the ``pairs``): each term once, weight = count."""
        known, ids, docs, weights = (self._terms[field], self._ids[field], self._docs[field],
                                     self._weights[field])
        for term, count in Counter(terms).items():
            ids.append(known.setdefault(term.encode("utf-8"), len(known)))
            docs.append(docnum)
            weights.append(count)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        for field in sorted(self.fields):
            known = self._terms[field]
            ordered = sorted(known)
            rank = np.empty(len(known), dtype=np.int64)
            rank[[known[t] for t in ordered]] = np.arange(len(ordered))
            keys = rank[np.frombuffer(self._ids[field], dtype=np.int32)]
            order = np.argsort(keys, kind="stable")  # documents stay ascending within a term
            offsets = np.zeros(len(ordered) + 1, dtype=np.int64)
            np.cumsum(np.bincount(keys, minlength=len(ordered)), out=offsets[1:])
            docs = np.frombuffer(self._docs[field], dtype=np.int32)[order]
            weights = np.frombuffer(self._weights[field], dtype=np.float32)[order]
            np.save(directory / f"{field}.terms.npy", np.array(ordered or [b""], dtype=bytes))
            np.save(directory / f"{field}.offsets.npy", offsets)
            np.save(directory / f"{field}.docs.npy", docs)
            np.save(directory / f"{field}.weights.npy", weights)


class SavedPostings:
    """The saved postings of one index, memory-mapped; ``get`` is None for a field not saved."""

    def __init__(self, directory: Path, fields: tuple[str, ...]) -> None:
        self.fields: dict[str, tuple[np.ndarray, ...]] = {}
        for field in fields:
            self.fields[field] = tuple(
                np.load(directory / f"{field}.{part}.npy", mmap_mode="r")
                for part in ("terms", "offsets", "docs", "weights"))

    @staticmethod
    def present(directory: Path, fields: tuple[str, ...]) -> bool:
        return all((directory / f"{field}.{part}.npy").is_file() for field in fields
                   for part in ("terms", "offsets", "docs", "weights"))

    def get(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray] | None:
        """(document numbers, weights) of ``text`` in ``field``; empty if absent."""
        saved = self.fields.get(field)
        if saved is None:
            return None
        terms, offsets, docs, weights = saved
        key = text.encode("utf-8")
        at = int(np.searchsorted(terms, key))
        if at >= len(terms) or terms[at] != key or not key:
            return docs[:0], weights[:0]
        start, end = int(offsets[at]), int(offsets[at + 1])
        return docs[start:end], weights[start:end]
