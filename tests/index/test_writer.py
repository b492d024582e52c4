"""The segment written from the recorded postings is the one Whoosh's own writer writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.fields import TEXT, Schema

from index.documents import REPEATED_FIELDS, make_schema
from index.postings import PostingsRecorder
from index.writer import RecordedWriter

WORDS = "risk harm review probation unpaid work staff training case managers the of".split()


def _documents() -> list[dict]:
    """Documents with the quirks a segment holds: a term in more documents than a block (128),
    a text long enough for a length byte to round, a field of stop words only (a length of 0),
    a field (``owner``) no document has, shared recommendation texts, a missing optional
    field, repeated words (positions) and several themes."""
    docs = []
    for row in range(300):
        words = [WORDS[(row * 7 + i * 3) % len(WORDS)] for i in range(3 + row % 11)]
        doc = {"row": row, "id": f"p-{row}", "source": f"plan{row % 4}.pdf",
               "text": " ".join(words) + (" risk" * (row % 3)),
               "rec": f"Recommendation {row // 10}: improve {WORDS[row % 5]} work",
               "provider": "West Yorkshire CRC ; WY", "theme": "ETE,Risk" if row % 2 else "Risk",
               "kind": "action", "year": str(2018 + row % 3)}
        if row % 5 == 0:
            doc["status"] = "completed"
        docs.append(doc)
    docs[7]["text"] = "of the and"
    docs[8]["text"] = " ".join(WORDS * 60)
    return docs


def _segment_files(directory: Path) -> dict[str, bytes]:
    """The segment's files by what follows the (random) segment name; not the TOC, which
    names the segment."""
    return {path.name.split(".", 1)[1]: path.read_bytes() for path in directory.iterdir()
            if "." in path.name and not path.name.endswith(".toc")}


def test_recorded_segment_is_byte_for_byte_whooshs(tmp_path, monkeypatch):
    import index.writer

    blocks = []
    add_blocks = index.writer._add_blocks
    monkeypatch.setattr(index.writer, "_add_blocks",
                        lambda *args: blocks.append(len(args[1])) or add_blocks(*args))
    docs = _documents()
    own, recorded = tmp_path / "own", tmp_path / "recorded"
    own.mkdir()
    recorded.mkdir()
    writer = whoosh_index.create_in(str(own), make_schema()).writer(compound=False)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit(optimize=True)
    recorder = PostingsRecorder(("pairs",))
    ours = RecordedWriter(whoosh_index.create_in(str(recorded), make_schema()), recorder,
                          repeated=REPEATED_FIELDS, compound=False)
    for doc in docs:
        ours.add_document(**doc)
    ours.commit(optimize=True)

    assert max(blocks) > 128  # whoosh3's writer took its postings a block at a time
    expected, found = _segment_files(own), _segment_files(recorded)
    assert sorted(found) == sorted(expected) and "pst" in found and "_text_len.col" in found
    for name in expected:
        assert found[name] == expected[name], name
    with whoosh_index.open_dir(str(own)).searcher() as a, \
            whoosh_index.open_dir(str(recorded)).searcher() as b:
        assert b.doc_count_all() == a.doc_count_all() == len(docs)
        for field in ("text", "rec", "provider", "theme"):
            assert b.reader().field_length(field) == a.reader().field_length(field)
        assert b.stored_fields(299) == {"row": 299, "id": "p-299"}
    # the recorded postings are the ones Whoosh holds
    terms, offsets, row_numbers, _, _ = recorder.ordered("text")
    at = terms.index(b"risk")
    with whoosh_index.open_dir(str(recorded)).reader() as reader:
        assert row_numbers[offsets[at]:offsets[at + 1]].tolist() == list(
            reader.postings("text", "risk").all_ids())


def test_recorded_writer_refuses_what_it_does_not_write(tmp_path):
    recorder = PostingsRecorder(("pairs",))
    writer = RecordedWriter(whoosh_index.create_in(str(tmp_path), make_schema()), recorder)
    with pytest.raises(ValueError, match="pairs"):
        writer.add_document(row=0, pairs="a_b")
    with pytest.raises(ValueError, match="boost"):
        writer.add_document(row=0, text="risk", _text_boost=2.0)
    writer.cancel()
    vectored = tmp_path / "vectored"
    vectored.mkdir()
    with pytest.raises(ValueError, match="body"):
        RecordedWriter(whoosh_index.create_in(str(vectored), Schema(body=TEXT(vector=True))),
                       PostingsRecorder())


def test_a_recurring_value_is_recorded_as_if_new_each_time():
    from index.documents import RepeatedText

    field = RepeatedText()
    values = ["Risk of harm reviews", "Unpaid work", "Risk of harm reviews", "", "Unpaid work"]
    fresh, memoised = PostingsRecorder(("rec",)), PostingsRecorder(("rec",))
    for docnum, value in enumerate(values):
        assert fresh.add("rec", docnum, field.index(value)) == memoised.add_repeated(
            "rec", docnum, value, lambda v=value: field.index(v))
    for a, b in zip(fresh.ordered("rec"), memoised.ordered("rec"), strict=True):
        assert (a.tolist() if hasattr(a, "tolist") else a) == (
            b.tolist() if hasattr(b, "tolist") else b)
    terms, offsets, docs, _, _ = memoised.ordered("rec")
    at = terms.index(b"risk")
    assert docs[offsets[at]:offsets[at + 1]].tolist() == [0, 2]
