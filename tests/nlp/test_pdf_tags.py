"""Tagged PDFs: tables read from the structure tree (``nlp.pdf_tags``), the geometric reader
as the fallback. The fixture (``bench/make_documents.py --fixtures``) is a plan whose owner
column is so narrow that every owner line runs full, with a last step that has no owner."""

from __future__ import annotations

import json
from pathlib import Path

import nlp.pdf
from nlp.layout import SOFT_BREAK, Row, Shown
from nlp.pdf_tags import (
    ARTIFACT,
    Element,
    Structure,
    accounts_for,
    grid_rows,
    paragraphs,
    structure,
)
from nlp.plan import parse_plan
from nlp.reading import document_from_pages, read_document
from tests.nlp.helpers import checked

TAGS = Path(__file__).parent / "documents" / "tags"


def _expected() -> list[tuple]:
    lines = (TAGS / "narrow-owners.jsonl").read_text(encoding="utf-8").splitlines()
    return [(r["text"], r["owners"], r["target"]) for r in map(json.loads, lines)]


def _read(name: str) -> list[tuple]:
    return [(r.text, r.owners, r.target) for r in checked(parse_plan(TAGS / name), None).records]


def test_tagged_pdf_keeps_full_line_paragraph_ends_and_empty_owner_paragraphs():
    text = read_document(TAGS / "narrow-owners.tagged.pdf").text
    assert ("<p>Regional Commissioning Partnerships</p> <p>Interventions Coordinator</p> "
            "<p></p>") in text
    assert _read("narrow-owners.tagged.pdf") == _expected() == _read("narrow-owners.docx")


def test_the_same_plan_untagged_is_read_by_the_spaces_its_lines_wrapped_at():
    """Untagged, a full owner line that ended its paragraph shows no space after its last
    word, while a wrapped one shows the space it broke at (``nlp.layout.BREAKING_SPACE``)."""
    assert structure((TAGS / "narrow-owners.pdf").read_bytes()) is None
    assert _read("narrow-owners.pdf") == _expected()


def test_without_the_drawn_spaces_positions_alone_cannot_tell(monkeypatch):
    """The quirk the tags and the drawn spaces solve: a producer that trims the space a line
    wrapped at leaves a full line that ended its paragraph looking wrapped."""
    trust = nlp.pdf.trust_breaking_spaces
    monkeypatch.setattr(nlp.pdf, "trust_breaking_spaces",
                        lambda contents: trust(contents, nlp.pdf.SpaceSettings(min_kept=10**9)))
    got = _read("narrow-owners.pdf")
    assert got and got != _expected()


def test_tagged_records_carry_their_pages():
    plan = checked(parse_plan(TAGS / "narrow-owners.tagged.pdf"))
    assert [r.pages for r in plan.records] == [[1], [1], [1]]


def test_structure_of_a_tagged_pdf_has_the_table_rows():
    tree = structure((TAGS / "narrow-owners.tagged.pdf").read_bytes())
    assert tree is not None
    widths = {len(row) for row in tree.rows}
    assert widths == {3, 6}  # the definitions table and the action table
    action = [row for row in tree.rows if len(row) == 6]
    assert len(action) == 2  # header and one recommendation
    owners = action[1][4]
    assert len(owners) == 3 and owners[2] == []  # the last step's empty paragraph


def _p(*marks) -> Element:
    return Element("P", list(marks))


def test_grid_rows_put_merged_cells_on_the_grid():
    """A cell spanning rows is empty on the rows below, one spanning columns is followed by
    empty cells (as the Word reader gives them)."""
    table = Element("Table", [
        Element("TR", [Element("TD", [_p((0, 1))], row_span=2), Element("TD", [_p((0, 2))]),
                       Element("TD", [_p((0, 3))])]),
        Element("TR", [Element("TD", [_p((0, 4))], col_span=2)]),
        Element("TBody", [Element("TR", [Element("TD", [_p((0, 5))]),
                                         Element("TD", [_p((0, 6))]),
                                         Element("TD", [])])]),
    ])
    assert grid_rows(table) == [
        [[[(0, 1)]], [[(0, 2)]], [[(0, 3)]]],
        [[], [[(0, 4)]], []],
        [[[(0, 5)]], [[(0, 6)]], [[]]],
    ]


def test_paragraphs_keep_empty_ones_and_read_inline_elements_as_part_of_them():
    cell = Element("TD", [_p((0, 1), Element("Span", [(0, 2)])), _p(), _p((1, 0))])
    assert paragraphs(cell) == [[(0, 1), (0, 2)], [], [(1, 0)]]
    listed = Element("TD", [Element("L", [Element("LI", [Element("Lbl", [(0, 3)]),
                                                         Element("LBody", [(0, 4)])])])])
    assert paragraphs(listed) == [[(0, 3), (0, 4)]]


def test_a_tree_that_leaves_words_out_is_not_trusted():
    tree = Structure(rows=[], known={(0, 1), (0, 2)})
    word = {"text": "Owner", "x0": 0, "x1": 10, "top": 0, "bottom": 10}
    assert accounts_for(tree, [[{**word, "mcid": 1}, {**word, "mcid": ARTIFACT}]])
    assert not accounts_for(tree, [[{**word, "mcid": 1}, {**word, "mcid": 7}]])
    assert not accounts_for(tree, [[{**word, "mcid": -1}]])  # drawn outside any sequence


def test_a_row_read_whole_counts_its_words_on_the_pages_that_print_them():
    row = Row([["1"], ["Improve"], ["A.", "B. rest of B."]], "1 Improve A. B.")
    document = document_from_pages([["Title line", row], [Shown("rest of B.")]])
    assert document.text.split("\n") == [
        "Title line", "1\tImprove\t<p>A.</p> <p>B. rest of B.</p>"]
    assert document.pages == ["Title line\n1 Improve A. B.", "rest of B."]


def test_a_tagged_pdf_with_no_table_in_its_tree_is_read_by_position():
    data = (TAGS / "no-table.tagged.pdf").read_bytes()
    assert structure(data) is None
    assert read_document(TAGS / "no-table.tagged.pdf").text.splitlines() == [
        "Action Plan Submitted: 5th July 2019",
        "A Response to the HMI Probation Inspection: Testshire CRC",
        "The actions are listed in the attached spreadsheet."]


def test_text_drawn_outside_the_tree_sends_the_document_to_the_geometric_reader(tmp_path):
    """A line stamped on a tagged page afterwards (no marked content): the tree no longer
    accounts for the page, so the whole document is read by position, the line kept."""
    import ctypes

    import pypdfium2
    import pypdfium2.raw as pdfium_c

    pdf = pypdfium2.PdfDocument(TAGS / "narrow-owners.tagged.pdf")
    page = pdf[0]
    stamp = pdfium_c.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", 10.0)
    text = "Draft: not for publication"
    pdfium_c.FPDFText_SetText(stamp, (ctypes.c_ushort * (len(text) + 1))(*map(ord, text), 0))
    pdfium_c.FPDFPageObj_Transform(stamp, 1, 0, 0, 1, 400, 20)
    pdfium_c.FPDFPage_InsertObject(page.raw, stamp)
    page.gen_content()
    stamped = tmp_path / "stamped.pdf"
    pdf.save(stamped)
    pdf.close()
    tagged = read_document(TAGS / "narrow-owners.tagged.pdf").text
    untagged = read_document(TAGS / "narrow-owners.pdf").text
    got = read_document(stamped).text
    assert "Draft: not for publication" in got.splitlines()
    # (Soft breaks aside: the stamp drawn after the table's last word tells how its line
    # ended, which the untagged file's last word, with nothing after it, does not.)
    assert got.replace("\nDraft: not for publication", "").replace(SOFT_BREAK, "") == \
        untagged.replace(SOFT_BREAK, "") != tagged.replace(SOFT_BREAK, "")
