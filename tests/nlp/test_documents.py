"""PDF and Word plans: the generated documents (``bench/make_documents.py``) read back into
the records they were rendered from, with page numbers; bad documents get one-line reasons."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pdfplumber
import pytest

from nlp.plan import parse_plan
from nlp.records import PlanError
from tests.nlp.helpers import checked

DOCUMENTS = Path(__file__).parent / "documents"
FIELDS = ("text", "rec_number", "owners", "target", "agreement")
# The documents the parser reads exactly today (every sample-plan document that does). The
# others differ where the reader cannot tell the parser enough: a PDF's owner cell whose
# paragraphs are not one per step, a table without rules; bench/document_quality.py measures
# every document.
EXACT = [
    "000_37c97ea99fc6cc4d.rows.docx",
    "000_37c97ea99fc6cc4d.cells.docx",  # the last steps' empty owner and date paragraphs
    "000_37c97ea99fc6cc4d.plain.docx",
    "002_dda3485a90979f2e.rows.docx",
    "004_75c96ed3d927994c.rows.docx",
    "004_75c96ed3d927994c.cells.docx",
    "004_75c96ed3d927994c.plain.docx",
    "002_dda3485a90979f2e.rows.pdf",
    "004_75c96ed3d927994c.rows.pdf",  # a row split by a page break
    # Tagged PDFs: tables read from the structure tree (nlp.pdf_tags), rows whole over breaks.
    "000_37c97ea99fc6cc4d.cells.tagged.pdf",
    "000_37c97ea99fc6cc4d.plain.tagged.pdf",
    "001_34b8a6e11a7a6236.cells.tagged.pdf",
    "001_34b8a6e11a7a6236.plain.tagged.pdf",
    "002_dda3485a90979f2e.rows.tagged.pdf",
    "004_75c96ed3d927994c.cells.tagged.pdf",
    "004_75c96ed3d927994c.plain.tagged.pdf",
    "004_75c96ed3d927994c.rows.tagged.pdf",
    "000_37c97ea99fc6cc4d.rows.tagged.pdf",
    # Untagged `cells` and `plain` PDFs: owner and date lines split into whole entries, the
    # last steps without (nlp.wraps, nlp.table's pairing and page-break joins).
    "002_dda3485a90979f2e.cells.pdf",
    "004_75c96ed3d927994c.cells.pdf",
    "dev/invented-mwr.cells.pdf",
    "dev/invented-mwr.plain.pdf",
    "dev/invented-dfl.plain.pdf",
    "dev/invented-kgb.plain.pdf",  # owners outside the role vocabulary (nlp.lexicon)
    "dev/invented-kgb.rows.docx",
    "dev/invented-kgb.cells.docx",
]


def expected(document: Path) -> list[dict]:
    stem = document.name.split(".")[0]
    lines = (document.parent / "expected" / f"{stem}.jsonl").read_text(encoding="utf-8"
                                                                       ).splitlines()
    return [json.loads(line) for line in lines if line]


def fields(record: dict) -> tuple:
    return tuple(json.dumps(record[f]) for f in FIELDS)


@pytest.mark.parametrize("name", EXACT)
def test_document_gives_the_records_of_its_text_plan(name):
    document = DOCUMENTS / name
    plan = checked(parse_plan(document))
    assert [fields(r.to_dict()) for r in plan.records] == [fields(r) for r in expected(document)]


TAGGED = [*sorted(DOCUMENTS.glob("*.tagged.pdf")), *sorted((DOCUMENTS / "dev").glob("*.tagged.pdf"))]


@pytest.mark.parametrize("document", TAGGED, ids=lambda d: d.name)
def test_a_tagged_pdf_gives_the_records_of_its_word_file(document):
    """A tagged PDF's tables are read from its structure tree: every paragraph and empty
    paragraph as the Word file has it, rows whole over page breaks, pages on every record."""
    plan = checked(parse_plan(document))
    word = parse_plan(document.with_name(document.name.replace(".tagged.pdf", ".docx")))
    assert [fields(r.to_dict()) for r in plan.records] == \
        [fields(r.to_dict()) for r in word.records]
    assert plan.accounting == word.accounting
    assert all(r.pages for r in plan.records)


@pytest.mark.parametrize("name", ["002_dda3485a90979f2e.rows.pdf",
                                  "002_dda3485a90979f2e.rows.tagged.pdf",
                                  "000_37c97ea99fc6cc4d.cells.tagged.pdf"])
def test_every_pdf_record_points_at_the_pages_holding_its_text(name):
    document = DOCUMENTS / name
    plan = checked(parse_plan(document), None)
    with pdfplumber.open(document) as pdf:
        page_words = [set(" ".join((page.extract_text() or "").split()).split())
                      for page in pdf.pages]
        count = len(pdf.pages)
    assert all(r.pages for r in plan.records)
    for record in plan.records:
        assert record.pages == sorted(record.pages) and 1 <= record.pages[0] <= count
        first_words = record.text.split()[:6]
        assert set(first_words) <= page_words[record.pages[0] - 1], record.text[:60]
    assert len({r.pages[0] for r in plan.records}) > 3  # spread over the document


@pytest.mark.parametrize("name", ["004_75c96ed3d927994c.rows.pdf",
                                  "004_75c96ed3d927994c.rows.tagged.pdf"])
def test_a_row_over_a_page_break_has_both_pages(name):
    plan = checked(parse_plan(DOCUMENTS / name), None)
    assert any(len(r.pages) == 2 for r in plan.records)
    assert all(r.pages for r in plan.records)


def test_word_file_without_recorded_pages_has_none():
    plan = checked(parse_plan(DOCUMENTS / "004_75c96ed3d927994c.rows.docx"), None)
    assert plan.records and all(r.pages == [] for r in plan.records)


@pytest.mark.parametrize("name", ["004_75c96ed3d927994c.cells.pdf",
                                  "004_75c96ed3d927994c.cells.tagged.pdf"])
def test_title_and_dates_above_the_table_are_read(name):
    plan = checked(parse_plan(DOCUMENTS / name), None)
    first = expected(DOCUMENTS / "004_75c96ed3d927994c.cells.pdf")[0]
    assert (plan.provider, plan.submitted, plan.published) == (
        first["provider"], first["submitted"], first["published"])


@pytest.mark.parametrize("name, reason", [
    ("encrypted.pdf", "encrypted PDF"),
    ("scanned.pdf", "no text layer: OCR is not supported"),
    ("truncated.pdf", "corrupt or truncated"),
    ("truncated.docx", "corrupt or truncated"),
    ("no-table.docx", "no table"),
    ("web-page.pdf", "HTML page saved under a .pdf name"),
])
def test_bad_document_gets_one_line_naming_it(name, reason):
    path = DOCUMENTS / "bad" / name
    with pytest.raises(PlanError) as caught:
        parse_plan(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and reason in message and "\n" not in message


def test_a_200_page_pdf_is_refused_at_once(tmp_path):
    from bench.make_documents import assemble_pdf

    pages = 200
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids.encode(), pages)]
    for i in range(pages):
        content = b"BT /F1 12 Tf 72 720 Td (Page %d of a long plan) Tj ET" % (i + 1)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 "
                       b"/BaseFont /Helvetica >> >> >> >>" % (4 + 2 * i))
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    path = tmp_path / "long.pdf"
    path.write_bytes(assemble_pdf(objects))
    started = time.perf_counter()
    with pytest.raises(PlanError, match="200 pages"):
        parse_plan(path)
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize("name", ["004_75c96ed3d927994c.rows.pdf",
                                  "004_75c96ed3d927994c.cells.tagged.pdf"])
def test_a_landscape_plan_on_turned_portrait_pages_reads_the_same(tmp_path, name):
    """Many PDFs hold a landscape table as portrait pages shown turned (/Rotate 90)."""
    import pypdfium2

    source = DOCUMENTS / name
    pdf = pypdfium2.PdfDocument(source)
    for page in pdf:
        width, height = page.get_width(), page.get_height()
        for obj in list(page.get_objects(max_depth=1)):  # drawn turned a quarter to the left
            obj.transform(pypdfium2.PdfMatrix(0, 1, -1, 0, height, 0))
        page.set_mediabox(0, 0, height, width)
        page.set_cropbox(0, 0, height, width)
        page.set_rotation(90)
        page.gen_content()
    turned = tmp_path / "turned.pdf"
    pdf.save(turned)
    pdf.close()

    def read(path):
        return [(r.text, r.owners, r.target, r.rec_number, r.pages)
                for r in checked(parse_plan(path), None).records]

    assert read(turned) == read(source)


def test_an_old_word_doc_is_named_as_such(tmp_path):
    path = tmp_path / "plan.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(PlanError, match=r"plan\.doc: an old Word \.doc file"):
        parse_plan(path)
