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
from typing import Any

from whoosh.writing import SegmentWriter

from index.postings import PostingsRecorder


class RecordedWriter(SegmentWriter):
    """``SegmentWriter`` whose postings go to ``recorder`` (sorted there, once) instead of
    Whoosh's pool. For a new index written by one writer with one commit: documents are
    numbered from 0 in the order added; no boosts, term vectors, columns or spelling fields
    (the schema is checked). Every indexed field goes to Whoosh except those ``recorder``
    already holds: the caller records them itself (the word ``pairs``), for the saved arrays
    only."""

    def __init__(self, ix: Any, recorder: PostingsRecorder, **kwargs: Any) -> None:
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
            field = self.schema[name]
            # Whoosh's blocks keep the byte of their shortest and longest document's length:
            # the same from the lengths as from their one-byte copies in the column.
            length_of = self._lengths.get(name, array("i")).tolist()
            length_of.extend([0] * (self.docnum - len(length_of)))
            terms, offsets, docs, weights, values = self.recorder.ordered(name)
            if not terms:
                continue  # as in Whoosh's pool: a field without postings is not started
            docs, weights, offsets = docs.tolist(), weights.tolist(), offsets.tolist()
            writer.start_field(name, field)
            add = writer.add
            for i, term in enumerate(terms):
                writer.start_term(term)
                for at in range(offsets[i], offsets[i + 1]):
                    docnum = docs[at]
                    add(docnum, weights[at], values[at], length_of[docnum])
                writer.finish_term()
            writer.finish_field()
        writer.close()
