"""Whoosh's segment written from postings recorded once, already in order.

Whoosh's ``SegmentWriter`` puts every posting of every document into a pool of tuples, sorts
the pool at commit, then looks each posting's document length up in the column it has just
written (one column read per posting): at 10 000 actions that was most of the indexing time.
The build records the same postings anyway, as arrays, for the saved postings that queries read
(index.postings); ``RecordedWriter`` is Whoosh's segment writer fed from those arrays instead:
each field's own ``index`` makes the postings (the same terms, weights and encoded positions as
``SegmentWriter.add_document``), Whoosh's per-document writer stores the stored fields and the
field lengths as usual, and at commit Whoosh's codec (``FieldWriter``) writes the terms in
order, with the lengths from an array. Same segment files, same reader: a test compares the
result with what Whoosh's own writer makes of the same documents.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from typing import Any

import numpy as np
from whoosh.writing import SegmentWriter

from index.postings import PostingsRecorder


class RecordedWriter(SegmentWriter):
    """``SegmentWriter`` whose postings go to ``recorder`` (sorted there, once) instead of
    Whoosh's pool. For a new index written by one writer with one commit: documents are
    numbered from 0 in the order added; no boosts, term vectors, columns or spelling fields
    (the schema is checked). Every indexed field goes to Whoosh except those ``recorder``
    already holds: the caller records them itself (the word ``pairs``), for the saved arrays
    only."""

    def __init__(self, ix: Any, recorder: PostingsRecorder, repeated: Iterable[str] = (),
                 **kwargs: Any) -> None:
        """``repeated``: fields whose values recur across documents, recorded once per
        distinct value (``PostingsRecorder.add_repeated``)."""
        for name, field in ix.schema.items():
            if field.vector or field.column_type or field.separate_spelling():
                raise ValueError(f"RecordedWriter: field {name!r} needs Whoosh's own writer")
        super().__init__(ix, **kwargs)
        if self.segments:
            raise ValueError("RecordedWriter writes a new index only")
        self.recorder = recorder
        self._written = [name for name, field in self.schema.items()
                         if field.indexed and name not in recorder.fields]
        self._whoosh = set(self._written)
        self._repeated = set(repeated)
        for name in self._written:
            recorder.add_field(name, values=True)
        self._lengths: dict[str, array] = {}  # field -> length per document (scorable fields)

    def add_document(self, **fields: Any) -> None:
        """What ``SegmentWriter.add_document`` does, with the postings recorded."""
        self._check_state()
        schema, docnum, perdoc = self.schema, self.docnum, self.perdocwriter
        names = sorted(name for name in fields if not name.startswith("_"))
        if len(names) != len(fields):
            raise ValueError("RecordedWriter: boosts and custom stored values are not supported")
        self._check_fields(schema, names)
        apart = [n for n in names if schema[n].indexed and n not in self._whoosh]
        if apart:
            raise ValueError(f"RecordedWriter: field {apart[0]!r} is recorded apart")
        perdoc.start_doc(docnum)
        for name in names:
            value = fields[name]
            if value is None:
                continue
            field = schema[name]
            length = 0
            if field.indexed:
                if name in self._repeated:
                    counted = self.recorder.add_repeated(
                        name, docnum, value, lambda f=field, v=value: f.index(v))
                else:
                    counted = self.recorder.add(name, docnum, field.index(value))
                if field.scorable:
                    length = counted
                    lengths = self._lengths.get(name)
                    if lengths is None:
                        lengths = self._lengths[name] = array("i")
                    lengths.extend([0] * (docnum + 1 - len(lengths)))
                    lengths[docnum] = length
            perdoc.add_field(name, field, value if field.stored else None, length)
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        """Whoosh's codec writes the recorded postings, field by field and term by term."""
        self.perdocwriter.close()
        writer = self.fieldwriter
        for name in sorted(self._written):
            terms, offsets, docs, weights, values = self.recorder.ordered(name)
            if not terms:
                continue  # as in Whoosh's pool: a field without postings is not started
            # Whoosh's blocks keep the byte of their shortest and longest document's length:
            # the same from the lengths as from their one-byte copies in the column.
            lengths = np.zeros(self.docnum, dtype=np.int64)
            recorded = np.frombuffer(self._lengths.get(name, array("i")), dtype=np.int32)
            lengths[:len(recorded)] = recorded
            lengths = lengths[docs].tolist()
            docs, weights, offsets = docs.tolist(), weights.tolist(), offsets.tolist()
            writer.start_field(name, self.schema[name])
            postings, bulk = None, False
            for i, term in enumerate(terms):
                writer.start_term(term)
                if postings is None:  # its block buffer exists once a term is started
                    postings = getattr(writer, "_postwriter", None)
                    bulk = _takes_blocks(postings)
                start, end = offsets[i], offsets[i + 1]
                if bulk:
                    _add_blocks(postings, docs[start:end], weights[start:end],
                                values[start:end], lengths[start:end])
                else:
                    for at in range(start, end):
                        writer.add(docs[at], weights[at], values[at], lengths[at])
                writer.finish_term()
            writer.finish_field()
        writer.close()


_BLOCK_STATE = ("_blocklimit", "_ids", "_weights", "_values", "_maxweight", "_minlength",
                "_maxlength", "_write_block")


def _takes_blocks(postings: Any) -> bool:
    """Whether ``postings`` is the whoosh3 postings writer ``_add_blocks`` knows (its block
    buffer); otherwise postings go one ``add`` at a time."""
    return (postings is not None and all(hasattr(postings, a) for a in _BLOCK_STATE)
            and getattr(postings, "_byteids", True) is False
            and isinstance(postings._ids, array) and postings._ids.typecode == "I")


def _add_blocks(postings: Any, docs: list[int], weights: list[float], values: list[bytes],
                lengths: list[int]) -> None:
    """One term's postings into the whoosh3 postings writer a block at a time: the buffer and
    statistics its ``add_posting`` would have built one posting at a time (it writes a full
    block when the next posting arrives, and ``finish_postings`` the last one)."""
    limit = postings._blocklimit
    for start in range(0, len(docs), limit):
        if start:
            postings._write_block()
        end = start + limit
        block_weights = weights[start:end]
        postings._ids = array("I", docs[start:end])
        postings._weights = array("f", block_weights)
        postings._values = [value for value in values[start:end] if value]
        heaviest = max(block_weights)
        postings._maxweight = heaviest if heaviest > 0 else 0
        present = [length for length in lengths[start:end] if length]
        postings._minlength = min(present) if present else None
        postings._maxlength = max(present) if present else 0
