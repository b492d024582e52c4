"""Every term's postings saved as flat arrays at build time, read by memory map at query time.

Reading a term's postings through Whoosh decodes its blocks in Python (pickle, one block of
128 documents at a time): most of a query's time the first time it is asked, once per server
process. Here the postings the Whoosh writer makes are recorded document by document (the
fields' own ``index``, so the same terms, documents and weights), with the word pairs that
only these arrays hold (index.documents), then saved per field as a sorted term array,
offsets, document numbers and weights (``.npy`` files). Opening maps them; a look-up is a
binary search and two slices, and the pages are the operating system's, shared by every
worker process that maps the same files. The spelling suggestions read their candidate words
and frequencies here too.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

POSTINGS_DIR = "postings"  # in whoosh/
MEMO_VALUES = 20_000  # distinct values of a field recorded once per build, at most


class PostingsRecorder:
    """Collects ``(field, term, docnum, weight)`` document by document, with each posting's
    encoded value (word positions) for the fields that keep them (Whoosh's, index.writer)."""

    def __init__(self, fields: tuple[str, ...] = ()) -> None:
        self.fields: dict[str, list[bytes] | None] = {}  # field -> its values, if kept
        self._terms: dict[str, dict[bytes, int]] = {}
        self._ids: dict[str, array] = {}
        self._docs: dict[str, array] = {}
        self._weights: dict[str, array] = {}
        self._ordered: dict[str, tuple] = {}
        self._memo: dict[str, dict[object, tuple]] = {}
        for field in fields:
            self.add_field(field)

    def add_field(self, field: str, values: bool = False) -> None:
        self.fields[field] = [] if values else None
        self._terms[field] = {}
        self._ids[field], self._docs[field] = array("i"), array("i")
        self._weights[field] = array("f")

    def add(self, field: str, docnum: int, postings) -> int:  # noqa: ANN001 - Iterable
        """Record a field's postings for one document, as its ``index`` gives them
        ``(term, frequency, weight, value)``; the frequencies summed (the field's length)."""
        return self._extend(field, docnum, self._pack(field, postings))

    def add_repeated(self, field: str, docnum: int, key: object,
                     postings: Callable[[], Iterable]) -> int:
        """``add`` for a value that recurs across documents (a recommendation shared by its
        actions, a provider, a status): ``postings()`` is asked once per distinct ``key``."""
        memo = self._memo.setdefault(field, {})
        pack = memo.get(key)
        if pack is None:
            if len(memo) >= MEMO_VALUES:
                memo.clear()
            pack = memo[key] = self._pack(field, postings())
        return self._extend(field, docnum, pack)

    def add_terms(self, field: str, docnum: int, terms: list[str], key: object = None) -> None:
        """Postings Whoosh does not write (the ``pairs``): each term once, weight = count;
        with a ``key``, the terms of a recurring value (as ``add_repeated``)."""
        def postings() -> list[tuple]:
            return [(term.encode("utf-8"), count, count, b"")
                    for term, count in Counter(terms).items()]
        if key is None:
            self.add(field, docnum, postings())
        else:
            self.add_repeated(field, docnum, key, postings)

    def _pack(self, field: str, postings) -> tuple:  # noqa: ANN001 - Iterable
        """A document's postings of ``field`` as term numbers, weights, values and length."""
        postings = list(postings)
        if not postings:
            return (), (), (), 0
        terms, frequencies, weights, values = zip(*postings, strict=True)
        known = self._terms[field]
        for term in terms:
            if term not in known:
                known[term] = len(known)
        return tuple(map(known.__getitem__, terms)), weights, values, sum(frequencies)

    def _extend(self, field: str, docnum: int, pack: tuple) -> int:
        ids, weights, values, length = pack
        self._ids[field].extend(ids)
        self._docs[field].extend([docnum] * len(ids))
        self._weights[field].extend(weights)
        kept = self.fields[field]
        if kept is not None:
            kept.extend(values)
        return length

    def add_document(self, schema, docnum: int, doc: dict) -> None:  # noqa: ANN001 - Schema
        """The postings Whoosh's writer makes of ``doc`` (each field's ``index``, as the
        writer calls it), for the recorded fields ``doc`` holds."""
        for field in self.fields:
            value = doc.get(field)
            if value is not None:
                self.add(field, docnum, schema[field].index(value))

    def ordered(self, field: str) -> tuple[list[bytes], np.ndarray, np.ndarray, np.ndarray,
                                            list[bytes] | None]:
        """The field's sorted terms, their offsets into the document numbers and weights (in
        term order, documents ascending within a term) and the values in the same order."""
        found = self._ordered.get(field)
        if found is not None:
            return found
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
        values = self.fields[field]
        if values is not None:
            values = [values[i] for i in order.tolist()]
        found = self._ordered[field] = (ordered, offsets, docs, weights, values)
        return found

    def save(self, directory: Path, fields: tuple[str, ...] | None = None) -> None:
        """The ``fields`` (default: all recorded) as ``.npy`` arrays in ``directory``."""
        directory.mkdir(parents=True, exist_ok=True)
        for field in sorted(self.fields if fields is None else fields):
            ordered, offsets, docs, weights, _ = self.ordered(field)
            np.save(directory / f"{field}.terms.npy", np.array(ordered or [b""], dtype=bytes))
            np.save(directory / f"{field}.offsets.npy", offsets)
            np.save(directory / f"{field}.docs.npy", docs)
            np.save(directory / f"{field}.weights.npy", weights)


class SavedPostings:
    """The saved postings of one index, memory-mapped; ``get`` is None for a field not saved."""

    def __init__(self, directory: Path, fields: tuple[str, ...]) -> None:
        self.fields: dict[str, tuple[np.ndarray, ...]] = {}
        for field in fields:  # plain views of the maps: slicing a ``memmap`` costs 3x more
            self.fields[field] = tuple(
                np.asarray(np.load(directory / f"{field}.{part}.npy", mmap_mode="r"))
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

    def doc_frequency(self, field: str, text: str) -> int:
        """How many documents hold ``text`` in ``field`` (the field must be saved)."""
        terms, offsets, _, _ = self.fields[field]
        key = text.encode("utf-8")
        at = int(np.searchsorted(terms, key))
        if at >= len(terms) or terms[at] != key or not key:
            return 0
        return int(offsets[at + 1] - offsets[at])

    def terms_within(self, field: str, text: str, maxdist: int, prefix: int = 1) -> list[str]:
        """The terms of ``field`` sharing ``text``'s first ``prefix`` characters and within
        ``maxdist`` insertions, deletions or substitutions of it: what Whoosh's
        ``reader.terms_within`` gives, without walking its term file through an automaton."""
        terms = self.fields[field][0]
        start = text[:prefix].encode("utf-8")
        low = int(np.searchsorted(terms, start))
        high = int(np.searchsorted(terms, start + b"\xff"))  # UTF-8 never holds 0xff
        found = []
        for raw in terms[low:high].tolist():
            candidate = raw.decode("utf-8")
            if abs(len(candidate) - len(text)) <= maxdist and levenshtein(
                    candidate, text, maxdist) <= maxdist:
                found.append(candidate)
        return found


def levenshtein(a: str, b: str, limit: int) -> int:
    """Edit distance (insert, delete, substitute) of ``a`` and ``b``; any value above
    ``limit`` is returned as ``limit + 1`` (the rows stop early)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return min(previous[-1], limit + 1)
