"""The PDF/Word readers' pieces: rows of cells as the HTML reader gives them, paragraphs from
word positions, and page provenance."""

from __future__ import annotations

import docx
import pytest

from nlp.layout import (
    BREAKING_SPACE,
    FOOT_BLANK,
    FOOT_END,
    SOFT_BREAK,
    Line,
    paragraph_step,
    paragraphs,
)
from nlp.pdf import SpaceSettings, trust_breaking_spaces
from nlp.provenance import assign_pages
from nlp.reading import cell_text, document_from_pages, read_document
from nlp.records import ActionRecord, Plan


def spaced(value):
    """Paragraphs as text reads them: soft line breaks (tested on their own) as spaces."""
    if isinstance(value, str):
        return " ".join(value.split()) if SOFT_BREAK in value else value
    return [spaced(v) for v in value]


def word(text: str, x0: float, top: float, size: float = 10.0) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 6 * len(text), "top": top, "bottom": top + size}


def test_cell_paragraphs_arrive_as_the_html_reader_gives_them():
    assert cell_text(["1.1 Do A.", "1.2 Do B."]) == "<p>1.1 Do A.</p> <p>1.2 Do B.</p>"
    assert cell_text(["Only one"]) == "Only one"
    assert cell_text(["Lead A", "", "Lead C"]) == "<p>Lead A</p> <p></p> <p>Lead C</p>"
    assert cell_text(["", "Lead A", ""]) == "<p></p> <p>Lead A</p> <p></p>"  # steps with none


def test_pages_become_tab_separated_lines_and_page_texts():
    document = document_from_pages([["Title line", [["1"], ["Improve"], ["A.", "B."]]],
                                    [[[], [], ["rest of B."]]]])
    assert document.text.split("\n") == ["Title line", "1\tImprove\t<p>A.</p> <p>B.</p>",
                                         "\t\trest of B."]
    assert document.pages == ["Title line\n1\nImprove\nA. B.", "rest of B."]


def test_paragraph_break_where_the_next_word_would_have_fitted():
    full = Line([word("a" * 30, 0, 0)])  # ends at 180: a full line
    wrapped = Line([word("b" * 29, 0, 12)])  # "end." would not have fitted after it
    short = Line([word("end.", 0, 24)])  # ends at 24: stops short, "New" would have fitted
    new = Line([word("New", 0, 36)])
    assert paragraphs([full, wrapped, short, new], right_edge=185) == [
        "a" * 30 + " " + "b" * 29 + " end.", "New"]


def test_paragraph_break_judged_with_the_space_the_lines_use():
    """Owner lines in a narrow cell: whether "Lead" would have fitted after "Area Manager" is
    a matter of a point, so the space is measured between the words, not guessed."""
    def placed(texts: list[str], top: float) -> Line:
        words, x = [], 0.0
        for text in texts:
            words.append({"text": text, "x0": x, "x1": x + 6 * len(text), "top": top,
                          "bottom": top + 10})
            x = words[-1]["x1"] + 2.5  # a 2.5-point space
        return Line(words)

    lines = [placed(["Area", "Manager"], 0), placed(["Lead"], 12),  # 68.5 + 2.5 + 24 = 95
             placed(["Head", "of", "Quality"], 24), placed(["Lead"], 36)]  # 83 + 2.5 + 24
    # ("Lead" after a full line: one paragraph, the break kept soft for the row to decide)
    assert paragraphs(lines, right_edge=96) == ["Area Manager", "Lead",
                                                f"Head of Quality{SOFT_BREAK}Lead"]


def _unruled_line(top: float, cells: dict[float, str]) -> list[dict]:
    """Words of one line of a table drawn without rules: ``cells`` maps a column's left edge
    to the text written there."""
    out = []
    for x, text in cells.items():
        for part in text.split():
            out.append(word(part, x, top))
            x += 6 * len(part) + 3
    return out


def test_unruled_page_holding_only_the_rest_of_one_row():
    """No rules: the header repeated on the next page is followed by the rest of one cell
    alone (no two columns start together), which is still a row of its own."""
    from nlp.layout import group_lines
    from nlp.pdf import unruled_blocks

    header = [*_unruled_line(0, {0: "Rec", 60: "Response", 300: "Owner"}),
              *_unruled_line(13, {0: "No", 300: "(role)"})]
    first = [*header, *_unruled_line(29, {0: "1", 60: "Train staff.", 300: "Head"}),
             *_unruled_line(42, {60: "Audit cases"})]
    second = [*header, *_unruled_line(29, {60: "every month."}),
              *_unruled_line(42, {60: "Report."})]
    repeated: dict[str, float] = {}
    unruled_blocks(group_lines(first), repeated)
    rows = [cells for _, cells in unruled_blocks(group_lines(second), repeated)]
    assert spaced(rows) == [[["Rec No"], ["Response"], ["Owner (role)"]],
                    [[], ["every month. Report."], []]]


def test_unruled_paragraphs_starting_together_inside_a_row():
    """No rules, paragraphs spaced apart: a step's paragraph and its owner's starting on the
    same line after the same spacing, while the number column stays blank, are new
    paragraphs of the row, not a new row."""
    from nlp.layout import group_lines
    from nlp.pdf import unruled_blocks

    lines = [*_unruled_line(0, {0: "Rec", 60: "Response", 300: "Owner"}),
             *_unruled_line(13, {0: "No"}),
             *_unruled_line(39, {0: "1", 60: "Train staff in", 300: "Head of"}),
             *_unruled_line(52, {60: "risk.", 300: "Quality"}),
             *_unruled_line(75, {60: "Audit cases.", 300: "Lead"})]
    rows = [cells for _, cells in unruled_blocks(group_lines(lines), {})]
    assert spaced(rows) == [[["Rec No"], ["Response"], ["Owner"]],
                    [["1", FOOT_BLANK, FOOT_END],  # (the page's last row: its foot marked)
                     ["Train staff in risk.", "Audit cases."], ["Head of Quality", "Lead"]]]


def test_unruled_owners_below_blank_lines_past_the_last_step_stay_in_the_row():
    """No rules: the last steps' owners stand below blank lines (two steps with no owner
    above them) after the response has ended: the table goes on there, in the owner column
    (a line starting where that column's lines start), and the next row follows."""
    from nlp.layout import group_lines
    from nlp.pdf import unruled_blocks

    lines = [*_unruled_line(0, {0: "Rec", 60: "Response", 300: "Owner"}),
             *_unruled_line(13, {0: "No", 300: "(role)"}),
             *_unruled_line(39, {0: "1", 60: "Train staff.", 300: "Head"}),
             *_unruled_line(52, {60: "Audit cases.", 300: "Lead"}),
             *_unruled_line(110, {300: "Area Managers"}),
             *_unruled_line(133, {0: "2", 60: "Report.", 300: "Director"})]
    rows = [cells for _, cells in unruled_blocks(group_lines(lines), {})]
    assert [[c for c in row[2] if c] for row in spaced(rows)[1:]] == [
        ["Head", "Lead", "Area Managers"], ["Director"]]


def test_unruled_blank_lines_in_a_row_are_empty_paragraphs():
    """No rules, paragraphs spaced apart: an owner column that starts a paragraph's distance
    below its row's first line, or skips one between two owners, holds empty paragraphs (steps
    with no owner), as a ruled cell does."""
    from nlp.layout import group_lines
    from nlp.pdf import unruled_blocks

    lines = [*_unruled_line(0, {0: "Rec", 60: "Response", 300: "Owner"}),
             *_unruled_line(13, {0: "No"}),
             *_unruled_line(39, {0: "1", 60: "Train staff."}),
             *_unruled_line(62, {60: "Audit cases.", 300: "Head"}),
             *_unruled_line(85, {60: "Report."}),
             *_unruled_line(108, {60: "Publish.", 300: "Lead"})]
    rows = [cells for _, cells in unruled_blocks(group_lines(lines), {})]
    assert spaced(rows)[1] == [["1", *[FOOT_BLANK] * 3, FOOT_END],
                               ["Train staff.", "Audit cases.", "Report.", "Publish."],
                               ["", "Head", "", "Lead"]]


def test_a_pages_last_row_marks_the_blank_paragraphs_at_its_foot():
    """Paragraphs 23 apart (a line and its spacing), lines 13 apart: the owner column ends
    two paragraphs above the response's last line, cut by the page break; one blank
    paragraph with its spacing fits above that line's foot for certain, the second only
    without its spacing (a paragraph moved whole to the next page leaves that room); and its
    last paragraph surely ended there. The date's last line is one line above: widow
    control may have carried its paragraph's last line over."""
    from nlp.layout import foot_marks, group_lines

    cells = [group_lines([word("Train", 60, 39), word("staff", 60, 52)]),
             group_lines([word("Audit", 60, 75)]), group_lines([word("Report", 60, 121)])]
    response = [ln for c in cells for ln in c]
    owner = group_lines([word("Head", 300, 39), word("Lead", 300, 75)])
    date = group_lines([word("May", 400, 39), word("2019", 400, 52), word("June", 400, 108)])
    # (the owner's last paragraph ended: three lines of room; the date's may go on: one)
    assert foot_marks([response, owner, date, []], 23.0) == [
        [], [FOOT_BLANK, FOOT_END], [], []]
    assert foot_marks([response, owner], None) == [[], []]


def test_a_pages_last_row_marks_a_cell_whose_last_line_wrapped():
    """The owner's last line ends at a space the producer drew (it wrapped there): its
    paragraph goes on atop the next page, however far above the row's lowest line it is."""
    from nlp.layout import FOOT_WRAP, foot_marks, group_lines

    response = group_lines([word("Train", 60, 39), word("staff", 60, 52),
                            word("Audit", 60, 75), word("Report", 60, 121)])
    wrapped = {**word("Head", 300, 39), BREAKING_SPACE: True}
    assert foot_marks([response, group_lines([wrapped])], 23.0) == [[], [FOOT_WRAP]]


def test_a_ruled_rows_box_below_its_text_holds_blank_lines():
    """The owner's last line is the row's lowest text, but the ruled row's box reaches a
    line further down (``floor``: where a line there would start): a blank paragraph ends
    the owner cell at the foot (a step with no owner before the rest of the cell on the next
    page), and the response, two lines higher, holds two and surely ended."""
    from nlp.layout import foot_marks, group_lines

    response = group_lines([word("Train", 60, 39), word("staff", 60, 52)])
    owner = group_lines([word("Head", 300, 39), word("Lead", 300, 65)])
    assert foot_marks([response, owner], 13.0, None, 78.0) == [
        [FOOT_BLANK, FOOT_BLANK, FOOT_END], [FOOT_BLANK]]
    assert foot_marks([response, owner], 13.0) == [[FOOT_BLANK], []]


def test_a_cell_with_no_text_above_the_foot_is_blank_lines_from_the_rows_top():
    """The date column prints nothing on the page: its first entry moved whole to the next
    page, so a blank line (an empty paragraph, a step with no date) stands on each of the
    row's lines from its top down to the lowest. Written out as foot marks alone."""
    from nlp.layout import foot_marks, group_lines

    response = group_lines([word("Context", 60, 39), word("Where", 60, 62),
                            word("Train", 60, 85)])
    owner = group_lines([word("Head", 300, 85)])
    assert foot_marks([response, owner, []], 23.0, None, None, 39.0)[2] == [FOOT_BLANK] * 3
    assert foot_marks([response, owner, []], 23.0)[2] == []
    assert cell_text([FOOT_BLANK, FOOT_BLANK]) == '<p class="foot"></p> <p class="foot"></p>'


def test_a_pages_last_row_marks_a_cell_whose_last_line_ended_short():
    """The owner's last line is the row's lowest, but it ends with no space drawn where the
    producer draws the space it wraps at, and a space had room before the cell's edge: its
    paragraph ended at the foot ("Office Reception" | "Duty Rota Planning" atop the next page
    are two owners, however little either reads as a role). With no edge to measure against,
    or a line reaching the edge, nothing is known."""
    from nlp.layout import foot_marks, group_lines

    response = group_lines([word("Train", 60, 39), word("staff", 60, 52)])
    ended = {**word("Reception", 300, 52), BREAKING_SPACE: False}
    owner = group_lines([word("Office", 300, 39), ended])
    assert foot_marks([response, owner], 23.0, [250.0, 400.0]) == [[], [FOOT_END]]
    assert foot_marks([response, owner], 23.0) == [[], []]
    assert foot_marks([response, owner], 23.0, [250.0, 345.0]) == [[], []]


def test_an_unruled_row_start_blank_lines_explained_away_is_a_start_when_counts_say_so():
    """Columns starting together below a blank band, where blank lines above the owner
    column could explain its larger gap: read as one row, the owner column would hold five
    paragraphs beside three steps (the column with the most text); without those two blank
    lines it holds three. An owner column holds a paragraph per step at most, so the row
    starts there after all; with one blank line it would still hold more (something else is
    wrong), and a row whose counts agree keeps its blank lines."""
    from nlp.pdf import TableMemory, _row_splits

    memory = TableMemory()
    memory.rows = {0: [(100.0, [1, 1, 1, 3, 5, 3], [1, 50, 6, 300, 60, 30], True)]}
    memory.tentative = [(0, 300.0, {4: 2})]
    assert _row_splits(memory) == {(0, 300.0)}
    memory.tentative = [(0, 300.0, {4: 1})]
    assert _row_splits(memory) == set()
    memory.rows[0][0][1][4] = 3
    memory.tentative = [(0, 300.0, {4: 2})]
    assert _row_splits(memory) == set()


def test_the_counts_of_a_row_over_a_page_break_are_the_whole_rows():
    """The row goes on atop the next page (its first column empty there); its owner
    paragraph cut by the break is counted once."""
    from nlp.pdf import TableMemory, _row_splits

    memory = TableMemory()
    memory.rows = {0: [(100.0, [1, 1, 1, 2, 3, 2], [1, 50, 6, 200, 40, 20], True)],
                   1: [(50.0, [0, 0, 0, 2, 3, 2], [0, 0, 0, 200, 40, 20], False)]}
    memory.tentative = [(1, 120.0, {4: 2})]  # 3 + 3 - 1 owners beside 4 steps
    assert _row_splits(memory) == {(1, 120.0)}
    memory.rows[1][0][1][4] = 2  # 3 + 2 - 1: as many as the steps
    assert _row_splits(memory) == set()


def test_an_unruled_page_whose_rows_show_no_paragraph_step_takes_another_pages():
    """Page one's only row holds one paragraph a column: nothing there measures the step
    from one paragraph to the next (from the header's last line to a row's first is no
    paragraph's), so its owner starting a step lower is read with the step page two shows:
    a blank paragraph first."""
    from nlp.layout import group_lines
    from nlp.pdf import TableMemory, unruled_blocks

    memory = TableMemory()
    header = [*_unruled_line(0, {0: "Rec", 60: "Response", 300: "Owner"}),
              *_unruled_line(13, {0: "No"})]
    page_one = [*header, *_unruled_line(49, {0: "1", 60: "Where are we now?"}),
                *_unruled_line(72, {300: "Head"})]
    page_two = [*header, *_unruled_line(49, {0: "2", 60: "Train staff.", 300: "Lead"}),
                *_unruled_line(72, {60: "Audit cases.", 300: "Head"})]
    before = [cells for _, cells in unruled_blocks(group_lines(page_one), memory)]
    assert spaced(before)[1][2] == ["Head"]  # (no step measured yet)
    unruled_blocks(group_lines(page_two), memory)
    assert memory.step == 23.0
    again = [cells for _, cells in unruled_blocks(group_lines(page_one), memory)]
    assert spaced(again)[1][2] == ["", "Head"]


def test_unruled_paragraphs_of_a_row_whose_number_was_on_the_page_before():
    """No rules, the rest of a row on a new page: no column of the row stays blank, but a
    step and its owner starting together right of the step that ended above are paragraphs
    of that row; a number starting left of them starts the next row."""
    from nlp.layout import group_lines
    from nlp.pdf import _row_starts

    def column(*lines: tuple[float, str]) -> list[Line]:
        return group_lines([word(text, 0, top) for top, text in lines])

    number, response, owner = column((75, "2")), column((29, "month."), (52, "Audit.")), \
        column((52, "Lead"))
    # (the band above each start begins where "month." ended, at 39)
    assert not _row_starts([[], response, owner], 52, 24, 10, band=39)
    assert _row_starts([number, response, owner], 75, 24, 10, band=62)


def test_unruled_steps_starting_below_the_rest_of_a_recommendation_start_a_row():
    """Atop a page, the rest of a recommendation's text and agreement (a row begun on the
    page before); below a blank band a step and its owner start together, their columns
    blank above it on this page: a new row (the row going on would print its next step at
    the top). Where the step column wrote above too, they are the row's own paragraphs."""
    from nlp.layout import group_lines
    from nlp.pdf import _row_starts

    def column(*lines: tuple[float, str]) -> list[Line]:
        return group_lines([word(text, 0, top) for top, text in lines])

    text, agreed = column((24, "oversee"), (37, "cases.")), column((24, "Agreed"))
    step, owner = column((60, "2) Review.")), column((60, "Lead"))
    assert _row_starts([[], text, agreed, step, owner], 60, 24, 10, band=47, step=23.0)
    went_on = column((24, "the rest of 1)."), (60, "2) Review."))
    assert not _row_starts([[], text, agreed, went_on, owner], 60, 24, 10, band=47, step=23.0)


def test_a_row_starting_with_narrative_alone_notes_the_blank_lines_beside_it():
    """A row whose first paragraph is narrative (no owner, no date) starts with the response
    column alone: the owner column's blank lines above it, from its last entry to the row's
    start, are noted (read as blank paragraphs they may give the column more entries than
    the row has steps: then the row starts there, ``_row_splits``); a column with nothing
    below before the next row may start, or another column starting there too, notes none."""
    from nlp.layout import group_lines
    from nlp.pdf import _blank_runs

    def column(*lines: tuple[float, str]) -> list[Line]:
        return group_lines([word(text, 0, top) for top, text in lines])

    response = column((24, "Train staff."), (47, "Audit cases."), (70, "Since May we"),
                      (83, "have audited."), (106, "Report."))
    owner, ended = column((24, "Head"), (106, "Lead")), column((24, "Head"))
    assert _blank_runs([response, owner], 70, 24, 10, 23.0) == {1: 1}  # ("Audit cases.")
    assert _blank_runs([response, ended], 70, 24, 10, 23.0) == {}
    # (its next entry in the next row, where columns start together: nothing in this one)
    assert _blank_runs([response, owner], 70, 24, 10, 23.0, below=106) == {}
    assert _blank_runs([response, column((24, "Head"), (70, "Lead"))], 70, 24, 10, 23.0) == {}


def test_a_word_hyphenated_at_a_line_end_is_two_words_on_two_lines():
    """PDFium reports "strengths-" | "based" (a compound broken after its hyphen) as one run of
    characters; measured as one word it would span both lines and make the second line look
    short (a paragraph break that is not there)."""
    import pypdfium2

    from bench.make_documents import assemble_pdf
    from nlp.layout import group_lines
    from nlp.pdf import page_contents

    content = (b"BT /F1 10 Tf 50 700 Td (We will take a strengths-) Tj 0 -12 Td "
               b"(based approach with staff.) Tj ET")
    data = assemble_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 800] /Contents 4 0 R /Resources "
        b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"])
    pdf = pypdfium2.PdfDocument(data)
    try:
        words, _ = page_contents(pdf[0])
    finally:
        pdf.close()
    lines = group_lines(words)
    assert [line.text for line in lines] == ["We will take a strengths-",
                                             "based approach with staff."]
    assert spaced(paragraphs(lines, right_edge=lines[0].x1 + 1)) == [  # the first line is full
        "We will take a strengths-based approach with staff."]


def test_unruled_table_ends_before_a_line_at_the_margin_after_more_room():
    """No rules: the definitions table, then (after an empty paragraph) the action table's
    title at the margin, short enough to sit inside the first column: the title is a line of
    text, and the action table a table of its own."""
    from nlp.layout import group_lines
    from nlp.pdf import unruled_blocks

    lines = [*_unruled_line(0, {0: "Term", 100: "Definition", 250: "Comment"}),
             *_unruled_line(23, {0: "Agreed", 100: "All of it", 250: "Explain how"}),
             *_unruled_line(46, {0: "Not Agreed", 100: "None of it", 250: "Say why"}),
             *_unruled_line(92, {0: "ACTION PLAN: X"}),
             *_unruled_line(115, {0: "No", 100: "Response", 250: "Owner"}),
             *_unruled_line(138, {0: "1", 100: "Train staff.", 250: "Head"})]
    blocks = [content for _, content in unruled_blocks(group_lines(lines), {})]
    assert spaced(blocks) == [[["Term"], ["Definition"], ["Comment"]],
                      [["Agreed"], ["All of it"], ["Explain how"]],
                      [["Not Agreed"], ["None of it"], ["Say why"]],
                      "ACTION PLAN: X",
                      [["No"], ["Response"], ["Owner"]], [["1"], ["Train staff."], ["Head"]]]


def test_paragraph_break_at_a_wider_gap():
    lines = [Line([word("a" * 30, 0, 0)]), Line([word("b" * 30, 0, 30)])]
    assert spaced(paragraphs(lines, right_edge=185)) == ["a" * 30, "b" * 30]


def test_word_merged_cells_and_paragraphs(tmp_path):
    document = docx.Document()
    document.add_paragraph("A Response to the HMI Probation Inspection: Testshire CRC")
    table = document.add_table(rows=3, cols=4)
    for cell, text in zip(table.rows[0].cells, ["No", "Recommendation", "Response", "Date"],
                          strict=True):
        cell.text = text
    table.cell(1, 0).text, table.cell(1, 1).text = "1", "Improve A"
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(1, 1).merge(table.cell(2, 1))
    table.cell(1, 2).text = "1.1 Do A."
    table.cell(1, 2).add_paragraph("1.2 Do B.")
    table.cell(1, 3).text = "May 2019"
    table.cell(2, 2).text = "1.3 Do C."
    wide = document.add_table(rows=1, cols=3)
    wide.cell(0, 0).merge(wide.cell(0, 1)).text = "Spans two"
    wide.cell(0, 2).text = "Third"
    path = tmp_path / "plan.docx"
    document.save(path)
    lines = read_document(path).text.split("\n")
    assert lines == [
        "A Response to the HMI Probation Inspection: Testshire CRC",
        "No\tRecommendation\tResponse\tDate",
        "1\tImprove A\t<p>1.1 Do A.</p> <p>1.2 Do B.</p>\tMay 2019",
        "\t\t1.3 Do C.\t",
        "Spans two\t\tThird",
    ]


def _word_plan(path, text: str, paragraphs: dict[str, list[str]] | None = None,
               table_on_page_2: bool = False) -> None:
    """A tab-separated plan written as a Word file: lines without tabs as paragraphs, rows as
    table rows; a cell named in ``paragraphs`` gets those paragraphs."""
    document = docx.Document()
    table = None
    for line in text.strip().split("\n"):
        if "\t" not in line:
            document.add_paragraph(line)
            continue
        cells = line.split("\t")
        if table is None or len(table.columns) != len(cells):
            if table_on_page_2 and len(cells) == 6:
                document.add_page_break()
            table = document.add_table(rows=0, cols=len(cells))
        for cell, written in zip(table.add_row().cells, cells, strict=True):
            texts = (paragraphs or {}).get(written, [written])
            cell.text = texts[0]
            for more in texts[1:]:
                cell.add_paragraph(more)
    document.save(path)


def _cells_layout_docx(path, plan_text, paragraphs: dict[str, list[str]]) -> None:
    """A Word plan with one row per recommendation, its cells' paragraphs as given."""
    _word_plan(path, plan_text("1\tImprove A\tAgreed\tSTEPS\tOWNERS\tDATES"), paragraphs)


STEPS = ["Train every officer in risk.", "Audit twenty cases a month.",
         "Report the audit findings to the board."]


def test_word_cell_keeps_the_last_steps_empty_owner_and_date_paragraphs(tmp_path, plan_text):
    """One row per recommendation, owners and dates one paragraph per step: the last step has
    none, so its owner and date paragraphs are empty at the end of their cells."""
    from nlp.plan import parse_plan

    _cells_layout_docx(tmp_path / "plan.docx", plan_text, {
        "STEPS": STEPS, "OWNERS": ["Head of Quality", "Area Manager", ""],
        "DATES": ["May 2019", "June 2019", ""]})
    records = parse_plan(tmp_path / "plan.docx").records
    assert [(r.text, r.owners, r.target) for r in records] == [
        (STEPS[0], ["Head of Quality"], "May 2019"), (STEPS[1], ["Area Manager"], "June 2019"),
        (STEPS[2], [], None)]


def test_word_cell_keeps_the_first_steps_empty_owner_and_date_paragraphs(tmp_path, plan_text):
    from nlp.plan import parse_plan

    _cells_layout_docx(tmp_path / "plan.docx", plan_text, {
        "STEPS": STEPS, "OWNERS": ["", "Head of Quality", "Area Manager"],
        "DATES": ["", "May 2019", "June 2019"]})
    records = parse_plan(tmp_path / "plan.docx").records
    assert [(r.text, r.owners, r.target) for r in records] == [
        (STEPS[0], [], None), (STEPS[1], ["Head of Quality"], "May 2019"),
        (STEPS[2], ["Area Manager"], "June 2019")]


def test_trailing_empty_paragraphs_are_spacing_unless_one_per_step(plan_text):
    from nlp.plan import parse_plan_text

    spaced = plan_text("1\tImprove A\tAgreed\t<p>Train every officer in risk.</p> <p>Audit "
                       "twenty cases a month.</p>\t<p>Head of Quality</p> <p>Area Manager</p> "
                       "<p></p>\t<p>May 2019</p> <p>June 2019</p> <p></p>")
    records = parse_plan_text(spaced, "plan.txt").records
    assert [(r.owners, r.target) for r in records] == [(["Head of Quality"], "May 2019"),
                                                      (["Area Manager"], "June 2019")]


def _record(text: str) -> ActionRecord:
    return ActionRecord(id="x", source="x.pdf", provider="", provider_short="", submitted=None,
                        published=None, rec_number="1", rec_text="", addressee=None,
                        agreement=None, repeated=False, kind="action", text=text)


def test_provenance_finds_each_record_in_order_across_pages():
    plan = Plan("x.pdf", "", "", None, None)
    plan.records = [_record("Review the policy with staff."), _record("Train the staff-"
                    "members in the new policy across every office."),
                    _record("Review the policy with staff."), _record("Not in the document")]
    pages = ["Title\n1\nReview the policy with\nstaff. Train the staff-",
             "members in the new policy across every office.\nReview the policy with staff."]
    assign_pages(plan, pages)
    assert [r.pages for r in plan.records] == [[1], [1, 2], [2], []]


def test_word_pages_come_from_the_breaks_the_file_records(tmp_path, plan_text):
    from nlp.plan import parse_plan

    path = tmp_path / "plan.docx"
    _word_plan(path, plan_text("1\tImprove A\tAgreed\t1.1 Train every officer in risk.\t"
                               "Head of Quality\tMay 2019"), table_on_page_2=True)
    plan = parse_plan(path)
    assert [(r.text, r.pages) for r in plan.records] == [
        ("Train every officer in risk.", [2])]


def test_provenance_of_a_cell_cut_by_a_page_break():
    plan = Plan("x.pdf", "", "", None, None)
    plan.records = [_record("Continue to implement the current plan to make all reasonable "
                            "steps to secure alternative premises.")]
    pages = ["5.1 Continue to implement the current plan to make all\nChief Executive\n"
             "January 2020",
             "1. Rec No\n2. Recommendation\nreasonable steps to secure alternative premises."]
    assign_pages(plan, pages)
    assert plan.records[0].pages == [1, 2]


def test_a_cell_whose_last_line_ran_full_ends_softly():
    """A page break may cut an owner entry after a full line ("Deputy Director" | "Quality
    Lead" on the next page): the cell's last paragraph says so; a short last line does not."""
    line = Line([word("Deputy", 0, 0), word("Director", 40, 0)])  # ends at 88
    assert paragraphs([line], right_edge=95) == [f"Deputy Director{SOFT_BREAK}"]
    assert paragraphs([line], right_edge=160) == ["Deputy Director"]


def test_blank_lines_in_a_ruled_cell_are_empty_paragraphs():
    """Steps with no owner leave empty paragraphs, one blank line each: before the first
    entry (the cell's text starts lower than the row's) and between entries."""
    owners = [Line([word("HOO", 0, 24)]), Line([word("IM", 0, 48)])]  # lines 12 apart
    step = paragraph_step([(owners, 100.0), ([Line([word("A.", 0, 0)]),
                                              Line([word("B.", 0, 12)])], 100.0)])
    assert step == 12
    assert paragraphs(owners, 100.0, top=0, step=step) == ["", "", "HOO", "", "IM"]
    assert paragraphs(owners, 100.0) == ["HOO", "IM"]  # no step measured: gaps only break


def test_word_cell_lines_up_entries_around_a_middle_step_without_any(tmp_path, plan_text):
    """A step in the middle of a Word cell with no owner or date leaves empty paragraphs in
    the middle of the owner and date cells; each entry stays with the step beside it (read
    so before the random round trip too: a guard for the paragraph pairing)."""
    from nlp.plan import parse_plan

    _cells_layout_docx(tmp_path / "plan.docx", plan_text, {
        "STEPS": STEPS, "OWNERS": ["Head of Quality", "", "Area Manager / SPOs"],
        "DATES": ["May 2019", "", "June 2019"]})
    records = parse_plan(tmp_path / "plan.docx").records
    assert [(r.text, r.owners, r.target) for r in records] == [
        (STEPS[0], ["Head of Quality"], "May 2019"), (STEPS[1], [], None),
        (STEPS[2], ["Area Manager", "SPOs"], "June 2019")]


def test_word_cell_lines_up_narrative_and_unnumbered_steps_among_numbered(tmp_path, plan_text):
    """Narrative between numbered steps (no owner, no date) and an unnumbered first step with
    an owner but no date: the paragraphs of the three cells still pair one to one."""
    from nlp.plan import parse_plan

    steps = ["Managers will check every plan they countersign.", "1.2 Train every officer "
             "in risk.", "Context: recording is inconsistent across the teams.",
             "1.4 Audit twenty cases a month."]
    _cells_layout_docx(tmp_path / "plan.docx", plan_text, {
        "STEPS": steps, "OWNERS": ["SPOs", "Head of Quality", "", "Area Manager"],
        "DATES": ["", "May 2019", "", "Ongoing"]})
    records = parse_plan(tmp_path / "plan.docx").records
    assert [(r.step, r.owners, r.target, r.kind) for r in records] == [
        (None, ["SPOs"], None, "action"), ("1.2", ["Head of Quality"], "May 2019", "action"),
        (None, [], None, "context"), ("1.4", ["Area Manager"], "Ongoing", "action")]
    assert records[1].text == "Train every officer in risk."


def test_word_cell_first_numbered_steps_without_owner_or_date(tmp_path, plan_text):
    """Found by the random round trip: numbered steps whose first ones have a date and no
    owner (or an owner and no date): the owner cell opens with empty paragraphs, the date
    cell does not. Each entry stays with its step (they had moved up to the first steps)."""
    from nlp.plan import parse_plan

    steps = [f"{label}) {text}" for label, text in zip("abc", STEPS, strict=True)]
    _cells_layout_docx(tmp_path / "plan.docx", plan_text, {
        "STEPS": steps, "OWNERS": ["", "", "Area Manager"],
        "DATES": ["April 2019", "May 2019", "June 2019"]})
    records = parse_plan(tmp_path / "plan.docx").records
    assert [(r.owners, r.target) for r in records] == [
        ([], "April 2019"), ([], "May 2019"), (["Area Manager"], "June 2019")]
    _cells_layout_docx(tmp_path / "plan.docx", plan_text, {
        "STEPS": steps, "OWNERS": ["SPOs", "Head of Quality", "Area Manager"],
        "DATES": ["", "May 2019", "June 2019"]})
    records = parse_plan(tmp_path / "plan.docx").records
    assert [(r.owners, r.target) for r in records] == [
        (["SPOs"], None), (["Head of Quality"], "May 2019"), (["Area Manager"], "June 2019")]


def test_word_cell_narrative_after_the_numbered_steps_is_its_own_record(tmp_path, plan_text):
    """Found by the random round trip: narrative printed after the last numbered step, with
    no owner or date, is not the end of that step's text."""
    from nlp.plan import parse_plan

    steps = ["1.1 Train every officer in risk.", "1.2 Audit twenty cases a month.",
             "Context: recording is inconsistent across the teams."]
    _cells_layout_docx(tmp_path / "plan.docx", plan_text, {
        "STEPS": steps, "OWNERS": ["Head of Quality", "Area Manager", ""],
        "DATES": ["May 2019", "June 2019", ""]})
    records = parse_plan(tmp_path / "plan.docx").records
    assert [(r.text, r.owners, r.target) for r in records] == [
        ("Train every officer in risk.", ["Head of Quality"], "May 2019"),
        ("Audit twenty cases a month.", ["Area Manager"], "June 2019"),
        (steps[2], [], None)]


def test_a_word_moves_to_the_next_line_with_the_mark_that_sticks_to_it():
    """"Estates" | "Programme / Redmarsh": "Programme" alone would have fitted after
    "Estates", "Programme /" would not (no line breaks before "/"), so the line wrapped."""
    lines = [Line([word("Estates", 0, 0)]),  # ends at 42
             Line([word("Programme", 0, 12), word("/", 57, 12), word("Redmarsh", 66, 12)])]
    # 42 + space + 54 ("Programme") fits in 102, 42 + space + 63 ("Programme /") does not
    assert spaced(paragraphs(lines, right_edge=102)) == ["Estates Programme / Redmarsh"]
    lines[1].words[1:2] = []  # without the mark, the next word would have fitted: a break
    assert spaced(paragraphs(lines, right_edge=102)) == ["Estates", "Programme Redmarsh"]


def _owner_lines(first_mark: bool | None, first: str = "Deputy Director") -> list[Line]:
    """Two owner lines in a cell 100 points wide: the first runs nearly full (its next word
    would not fit), marked as the PDF showed its end (``BREAKING_SPACE``)."""
    words = [word(w, x, 0) for w, x in zip(first.split(), (0, 38), strict=False)]
    if first_mark is not None:
        words[-1][BREAKING_SPACE] = first_mark
    return [Line(words), Line([word("Quality", 0, 12)])]


def test_a_full_line_with_no_drawn_space_ended_its_paragraph():
    # "Deputy Director" ends at 86: "Quality" (42 wide) would not fit before 100.
    assert paragraphs(_owner_lines(False), right_edge=100) == ["Deputy Director", "Quality"]


def test_a_full_line_with_a_drawn_space_wrapped():
    assert paragraphs(_owner_lines(True), right_edge=100) == ["Deputy Director Quality"]


def test_without_the_mark_a_full_line_stays_a_soft_break():
    assert paragraphs(_owner_lines(None), right_edge=100) == [
        f"Deputy Director{SOFT_BREAK}Quality"]


def test_no_drawn_space_where_none_had_room_says_nothing():
    """A typesetter drops the space that would pass the edge: no evidence of an end."""
    assert paragraphs(_owner_lines(False), right_edge=88) == [
        f"Deputy Director{SOFT_BREAK}Quality"]


def test_a_line_ending_in_a_word_no_paragraph_ends_with_goes_on():
    """No drawn space after "the", with room for one as the edge is measured: the edge is a
    point off (no paragraph ends with "the"), so the line wrapped."""
    lines = _owner_lines(False, "record the")
    lines[1] = Line([word("actions", 0, 12)])
    assert spaced(paragraphs(lines, right_edge=100)) == ["record the actions"]


def test_a_line_broken_after_a_slash_draws_no_space_and_goes_on():
    assert spaced(paragraphs(_owner_lines(False, "Deputy Director/"), right_edge=100)) == [
        "Deputy Director/ Quality"]


def test_breaking_space_marks_are_dropped_when_the_producer_trims_them():
    marked = [{"text": "a", BREAKING_SPACE: False}, {"text": "b", BREAKING_SPACE: True}]
    trust_breaking_spaces([(marked, [])], SpaceSettings(min_kept=2))
    assert all(BREAKING_SPACE not in w for w in marked)
    kept = [{"text": "a", BREAKING_SPACE: True}, {"text": "b", BREAKING_SPACE: False}]
    trust_breaking_spaces([(kept, [])], SpaceSettings(min_kept=1))
    assert [w[BREAKING_SPACE] for w in kept] == [True, False]


SHARED_ROW = ("2\tImprove B\tAgreed\t<p>2.1 Train every officer in risk.</p> <p>2.2 Audit "
              "twenty cases a month.</p> <p>2.3 Report the audits to the board.</p>\t<p>Head "
              "of Quality</p> <p>Area Managers</p>\t<p>May 2019</p> <p>Ongoing</p>")


def test_entries_that_do_not_pair_with_paragraph_steps_are_shared(plan_text):
    """A file that keeps a cell's paragraphs (Word, a tagged PDF: ``exact``) prints three
    steps beside two owners and two dates: no pairing is written, so every step carries all
    of them (not the first two steps one each)."""
    from nlp.plan import parse_plan_text

    text = plan_text(SHARED_ROW)
    records = parse_plan_text(text, "plan.txt", exact=True).records
    assert [r.step for r in records] == ["2.1", "2.2", "2.3"]
    assert {(tuple(r.owners), r.target) for r in records} == {
        (("Head of Quality", "Area Managers"), "May 2019; Ongoing")}


def test_without_paragraphs_as_written_fewer_entries_stay_the_first_steps(plan_text):
    """Where a file's cells may lose their empty paragraphs (a PDF read by position, where a
    step with no owner leaves no mark), fewer owners than steps are still the first steps'."""
    from nlp.plan import parse_plan_text

    records = parse_plan_text(plan_text(SHARED_ROW), "plan.txt").records
    assert [(r.owners, r.target) for r in records] == [
        (["Head of Quality"], "May 2019"), (["Area Managers"], "Ongoing"), ([], None)]


def test_without_paragraphs_as_written_more_dates_than_steps_are_shared(plan_text):
    """A PDF read by position may lose a step's empty paragraph, but not invent one: three
    steps printed as paragraphs beside one owner and four dates cannot pair, so every step
    carries all of them (not the first three dates one each, the fourth lost)."""
    from nlp.plan import parse_plan_text

    text = plan_text("2\tImprove B\tAgreed\t<p>Train every officer in risk.</p> <p>2.2 Audit "
                     "twenty cases a month.</p> <p>Report the audits to the board.</p>\tHead of "
                     "Quality\t<p>May 2019</p> <p>Ongoing</p> <p>Q3 2020</p> <p>2021/22</p>")
    records = parse_plan_text(text, "plan.txt").records
    assert [r.text for r in records] == ["Train every officer in risk.",
                                         "Audit twenty cases a month.",
                                         "Report the audits to the board."]
    assert {(tuple(r.owners), r.target) for r in records} == {
        (("Head of Quality",), "May 2019; Ongoing; Q3 2020; 2021/22")}


@pytest.mark.parametrize("dates", ["<p>Ongoing</p> <p>Q3 2020</p>", "<p>Ongoing Q3 2020</p>"])
def test_without_paragraphs_as_written_two_columns_counting_alike_are_not_shared(
        plan_text, dates):
    """Owners and dates both one more than the response's paragraphs: a paragraph break that
    left no space, not a shared cell; the entries are not all given to every step. (Dates
    run together in one paragraph, "Ongoing Q3 2020", count as the dates they are.)"""
    from nlp.plan import parse_plan_text

    text = plan_text("2\tImprove B\tAgreed\t<p>Train every officer in risk.</p> <p>Audit "
                     "twenty cases a month. Report the audits to the board.</p>\t<p>Head of "
                     f"Quality</p> <p>Area Managers</p> <p>SPOs</p>\t<p>May 2019</p> {dates}")
    records = parse_plan_text(text, "plan.txt").records
    assert all(len(r.owners) == 1 for r in records), [r.owners for r in records]


def test_without_paragraphs_as_written_a_later_rows_fewer_entries_are_shared(plan_text):
    """A recommendation's second row (not one a page break cut) lists two owners and two
    dates beside three steps: a row of its own for steps sharing them, as in a Word table,
    so every step carries all of them. (The first row's fewer entries stay the first steps':
    above.)"""
    from nlp.plan import parse_plan_text

    text = plan_text("2\tImprove B\tAgreed\t<p>2.1 Publish the strategy.</p>\t<p>Director"
                     "</p>\t<p>May 2019</p>", SHARED_ROW.replace("2\tImprove B\tAgreed", "\t\t"))
    records = parse_plan_text(text, "plan.txt").records
    assert [(r.owners, r.target) for r in records] == [(["Director"], "May 2019")] + [
        (["Head of Quality", "Area Managers"], "May 2019; Ongoing")] * 3


def test_without_paragraphs_as_written_a_later_rows_entries_by_their_steps_are_not_shared(
        plan_text):
    """The same later row, its owner cell opening with an empty paragraph (the cell starts a
    step below the row's top) and naming one owner twice: entries that stand by their steps,
    not a list for all of them (a shared list names each owner once)."""
    from nlp.plan import parse_plan_text

    later = ("\t\t\t<p>Vacancies stood at 20% of posts in May.</p> <p>2.2 Audit twenty cases."
             "</p> <p>2.3 Report to the board.</p> <p>2.4 Publish the results.</p>\t<p></p> "
             "<p>Area Managers</p> <p>Area Managers</p>\t<p></p> <p>May 2019</p> <p>June 2019"
             "</p> <p>July 2019</p>")
    text = plan_text("2\tImprove B\tAgreed\t<p>2.1 Publish the strategy.</p>\t<p>Director"
                     "</p>\t<p>May 2019</p>", later)
    records = parse_plan_text(text, "plan.txt").records
    assert [(r.owners, r.target) for r in records][1:] == [
        ([], None), (["Area Managers"], "May 2019"), (["Area Managers"], "June 2019"),
        ([], "July 2019")]


def test_without_paragraphs_as_written_entries_for_half_the_steps_or_fewer_are_shared(
        plan_text):
    """Six numbered steps beside two owners and two dates, with no soft break that could make
    more: read from the top, four steps would have no owner at all; the entries are listed
    for all the steps. (Three steps beside two: above, the first steps'.)"""
    from nlp.plan import parse_plan_text

    steps = " ".join(f"<p>5.{i} Step number {i}.</p>" for i in range(1, 7))
    text = plan_text(f"5\tImprove E\tAgreed\t{steps}\t<p>Head of Quality</p> <p>Area "
                     "Managers</p>\t<p>May 2019</p> <p>Ongoing</p>")
    records = parse_plan_text(text, "plan.txt").records
    assert [(r.owners, r.target) for r in records] == [
        (["Head of Quality", "Area Managers"], "May 2019; Ongoing")] * 6


def test_a_shared_owner_cell_of_lines_keeps_its_roles_apart(plan_text):
    """A later row's shared owner cell printed as lines with no paragraph marks ("Estates" |
    "Quality Assurance Lead"): every step carries both roles, not one run together."""
    from nlp.plan import parse_plan_text

    text = plan_text("2\tImprove B\tAgreed\t<p>2.1 Publish the strategy.</p>\t<p>Director"
                     "</p>\t<p>May 2019</p>",
                     "\t\t\t<p>Publish the leaflet.</p> <p>Provide a template.</p> <p>Provide "
                     "the tool.</p>\tEstates  Quality Assurance Lead\t<p>April 2021</p> "
                     "<p>Q4 2021</p>")
    records = parse_plan_text(text, "plan.txt").records
    assert [r.owners for r in records[1:]] == [["Estates", "Quality Assurance Lead"]] * 3


def test_one_step_with_several_dates_keeps_its_owner_cell_whole(plan_text):
    """A step printed with two dates ("May 2019; Ongoing") cannot be split into two steps:
    its owners are read from the cell as printed, not cut into as many pieces as dates
    (which would cut "T. Wallace, ACO" and "HMPPS Women's Team")."""
    from nlp.plan import parse_plan_text

    text = plan_text("1\tImprove A\tAgreed\tAudit twenty cases a month.\tHMPPS Women's Team / "
                     "T. Wallace, ACO / PDU Heads\tMay 2019; Ongoing")
    records = parse_plan_text(text, "plan.txt").records
    assert [(r.owners, r.target) for r in records] == [
        (["HMPPS Women's Team", "T. Wallace, ACO", "PDU Heads"], "May 2019; Ongoing")]


# One step's record as bench.make_documents renders it, sharing two owners and two dates.
SHARED_RECORD = {"provider": "Testshire Community Rehabilitation Company",
                 "provider_short": "Testshire CRC", "submitted": "2020-03-02",
                 "published": "2020-01-20", "rec_number": "1", "addressee": "Testshire CRC",
                 "rec_text": "improve the quality of assessments.", "agreement": "agreed",
                 "kind": "action", "owners": ["Head of Quality", "Area Managers"],
                 "target": "May 2019; Ongoing"}


def test_a_word_cell_of_shared_entries_needs_no_empty_paragraph_elsewhere(tmp_path):
    """A Word file gives its cells' paragraphs as written: three steps beside two owners and
    two dates share them."""
    from bench.make_documents import render_docx
    from nlp.plan import parse_plan

    common = SHARED_RECORD
    records = [{**common, "step": f"1.{i}", "text": text} for i, text in enumerate((
        "Train every officer in risk.", "Audit twenty cases a month.",
        "Report the audits to the board."), 1)]
    path = tmp_path / "shared.cells.docx"
    render_docx(records, "cells", path)
    got = parse_plan(path).records
    assert [(r.step, r.owners, r.target) for r in got] == [
        (f"1.{i}", ["Head of Quality", "Area Managers"], "May 2019; Ongoing") for i in (1, 2, 3)]


def test_word_files_and_tagged_pdfs_give_cells_as_written():
    from pathlib import Path

    from nlp.plan import cells_as_written

    tags = Path(__file__).parent / "documents" / "tags"
    assert cells_as_written(tags / "narrow-owners.docx")
    assert cells_as_written(tags / "narrow-owners.tagged.pdf")
    assert not cells_as_written(tags / "narrow-owners.pdf")  # read by position
    assert not cells_as_written(Path("plan.txt"))


PAIRED_LOOKING = ("<p>2.2 Audit twenty cases a month.</p> <p>2.3 Report the audits to the "
                  "board.</p>\t<p>Head of Quality</p> <p>Area Managers</p>\t<p>May 2019</p> "
                  "<p>Ongoing</p>")


@pytest.mark.parametrize("exact", [True, False])
def test_a_later_row_whose_entries_count_as_its_steps_beside_a_row_of_its_own_is_shared(
        plan_text, exact):
    """A recommendation's steps go on to a row of their own only where some share one owner
    and one date cell; beside a row that cannot be such (one step), the row of two steps,
    two owners and two dates is the shared one, though its counts would pair."""
    from nlp.plan import parse_plan_text

    text = plan_text("2\tImprove B\tAgreed\t<p>2.1 Publish the strategy.</p>\t<p>Director"
                     "</p>\t<p>March 2019</p>", f"\t\t\t{PAIRED_LOOKING}")
    records = parse_plan_text(text, "plan.txt", exact=exact, drawn_rows=True).records
    assert [(r.owners, r.target) for r in records] == [(["Director"], "March 2019")] + [
        (["Head of Quality", "Area Managers"], "May 2019; Ongoing")] * 2


@pytest.mark.parametrize("exact", [True, False])
def test_a_first_row_whose_entries_count_as_its_steps_above_narrative_is_shared(
        plan_text, exact):
    """The same from the other side: the recommendation's first row, then a row of narrative
    alone (no shared cell): the first row's entries are shared."""
    from nlp.plan import parse_plan_text

    text = plan_text(f"2\tImprove B\tAgreed\t{PAIRED_LOOKING}",
                     "\t\t\t<p>Vacancies stood at 20% of posts in May.</p>\t\t")
    records = parse_plan_text(text, "plan.txt", exact=exact, drawn_rows=True).records
    assert [(r.owners, r.target) for r in records] == [
        (["Head of Quality", "Area Managers"], "May 2019; Ongoing")] * 2 + [([], None)]


def test_entries_that_count_as_the_steps_of_a_recommendations_only_row_pair(plan_text):
    """A recommendation of one row, or of two rows that could each be the shared one: no row
    structure says which, so the entries pair with the steps as printed."""
    from nlp.plan import parse_plan_text

    one = plan_text(f"2\tImprove B\tAgreed\t{PAIRED_LOOKING}")
    two = plan_text(f"2\tImprove B\tAgreed\t{PAIRED_LOOKING}",
                    "\t\t\t" + PAIRED_LOOKING.replace("2.2", "2.4").replace("2.3", "2.5")
                    .replace("Head of Quality", "Director").replace("Area", "Estates"))
    for text in (one, two):
        records = parse_plan_text(text, "plan.txt", exact=True, drawn_rows=True).records
        assert [r.owners for r in records[:2]] == [["Head of Quality"], ["Area Managers"]]
        assert [r.target for r in records[:2]] == ["May 2019", "Ongoing"]


def test_a_word_row_of_shared_entries_counting_as_its_steps_is_read_by_its_row(tmp_path):
    """Rendered as a Word table, two steps sharing two owners and two dates take a row of
    their own, then the recommendation's last step (no owner) a row of its own: the shared
    row is known by the row beside it, though its counts would pair."""
    from bench.make_documents import render_docx
    from nlp.plan import parse_plan

    common = SHARED_RECORD
    records = [{**common, "step": "1.1", "text": "Train every officer in risk."},
               {**common, "step": "1.2", "text": "Audit twenty cases a month."},
               {**common, "step": "1.3", "text": "Report the audits to the board.",
                "owners": [], "target": "June 2019"}]
    path = tmp_path / "shared.cells.docx"
    render_docx(records, "cells", path)
    got = parse_plan(path).records
    assert [(r.step, r.owners, r.target) for r in got] == [
        ("1.1", ["Head of Quality", "Area Managers"], "May 2019; Ongoing"),
        ("1.2", ["Head of Quality", "Area Managers"], "May 2019; Ongoing"),
        ("1.3", [], "June 2019")]


@pytest.mark.parametrize("exact", [True, False])
def test_a_shared_row_shares_its_owners_too_though_they_count_as_its_steps(plan_text, exact):
    """Two steps beside two owners and three dates: the dates cannot pair, so the row lists
    its entries for all its steps, the owners as well (a row is shared whole)."""
    from nlp.plan import parse_plan_text

    text = plan_text("2\tImprove B\tAgreed\t<p>2.1 Audit twenty cases a month.</p> <p>2.2 "
                     "Report the audits to the board.</p>\t<p>Head of Quality</p> <p>Area "
                     "Managers</p>\t<p>May 2019</p> <p>June 2019</p> <p>July 2019</p>")
    records = parse_plan_text(text, "plan.txt", exact=exact).records
    assert [(r.owners, r.target) for r in records] == [
        (["Head of Quality", "Area Managers"], "May 2019; June 2019; July 2019")] * 2


def test_a_later_row_whose_owners_stand_by_their_steps_shares_no_dates(plan_text):
    """A later row of three steps whose owner cell joins two owners for one step (" / ":
    entries by step, never a shared list) and prints two dates: the dates are the first
    steps' (the last step's empty one left no mark in the PDF), not shared."""
    from nlp.plan import parse_plan_text

    text = plan_text("2\tImprove B\tAgreed\t<p>2.1 Publish the strategy.</p>\t<p>Director"
                     "</p>\t<p>May 2019</p>",
                     "\t\t\t<p>2.2 Audit twenty cases a month.</p> <p>2.3 Report the audits to "
                     "the board.</p> <p>2.4 Publish the results.</p>\t<p>Head of Quality / "
                     "Estates</p> <p>Area Managers</p> <p>SPOs</p>\t<p>June 2019</p> "
                     "<p>July 2019</p>")
    records = parse_plan_text(text, "plan.txt", drawn_rows=True).records
    assert [(r.owners, r.target) for r in records[1:]] == [
        (["Head of Quality", "Estates"], "June 2019"), (["Area Managers"], "July 2019"),
        (["SPOs"], None)]


def test_a_row_of_paired_entries_in_a_table_of_a_row_per_step_stays_paired(plan_text):
    """Two rows of one step each side by side: a table of a row per step (where a row of two
    steps is two rows read as one), not rows split at shared cells; its entries pair."""
    from nlp.plan import parse_plan_text

    text = plan_text("2\tImprove B\tAgreed\t<p>2.1 Publish the strategy.</p>\t<p>Director"
                     "</p>\t<p>March 2019</p>",
                     "\t\t\t<p>2.2 Train the managers.</p>\t<p>Estates</p>\t<p>April 2019</p>",
                     f"\t\t\t{PAIRED_LOOKING.replace('2.2', '2.3').replace('2.3 R', '2.4 R')}")
    records = parse_plan_text(text, "plan.txt", drawn_rows=True).records
    assert [(r.owners, r.target) for r in records[2:]] == [
        (["Head of Quality"], "May 2019"), (["Area Managers"], "Ongoing")]


def test_without_paragraphs_as_written_a_first_rows_fewer_entries_above_narrative_are_shared(
        plan_text):
    """A PDF read by position: three steps beside two owners and two dates, then a row of the
    same recommendation opening with narrative (no shared cell). Alone, fewer entries are the
    first steps' (the last step's empty ones left no mark); beside that row, the first row is
    the shared one."""
    from nlp.plan import parse_plan_text

    first = ("2\tImprove B\tAgreed\t<p>2.1 Train every officer in risk.</p> " +
             PAIRED_LOOKING)
    alone = parse_plan_text(plan_text(first), "plan.txt", drawn_rows=True).records
    assert [r.owners for r in alone] == [["Head of Quality"], ["Area Managers"], []]
    text = plan_text(first, "\t\t\t<p>Vacancies stood at 20% of posts in May.</p> <p>2.4 "
                            "Publish the results.</p>\t<p></p> <p>SPOs</p>\t<p></p> <p>June "
                            "2019</p>")
    records = parse_plan_text(text, "plan.txt", drawn_rows=True).records
    assert [(r.owners, r.target) for r in records[:3]] == [
        (["Head of Quality", "Area Managers"], "May 2019; Ongoing")] * 3


def test_without_paragraphs_as_written_a_later_rows_entries_opening_empty_stand_by_steps(
        plan_text):
    """A PDF read by position: a later row of the recommendation (not the rest of a row a
    page break cut) whose owner and date cells open with an empty paragraph beside its
    narrative: entries that stand by their steps (a shared list never opens empty), the
    last step's empty ones lost at the cell's foot."""
    from nlp.plan import parse_plan_text

    text = plan_text("3\tImprove C\tAgreed\t<p>3.1 Publish the strategy.</p>\t<p>Director"
                     "</p>\t<p>May 2019</p>",
                     "\t\t\t<p>Results reach probation within two days in 70% of cases.</p> "
                     "<p>3.2 Court access for probation teams.</p> <p>3.3 Results checked.</p>"
                     "\t<p></p> <p>Digital</p>\t<p></p> <p>2024/25</p>")
    records = parse_plan_text(text, "plan.txt", drawn_rows=True).records
    assert [(r.step, r.owners, r.target) for r in records[1:]] == [
        (None, [], None), ("3.2", ["Digital"], "2024/25"), ("3.3", [], None)]


def test_a_soft_break_before_a_measure_opening_with_a_figure_is_a_paragraph(plan_text):
    """A PDF read by position: the step's last line ran full, so its break before "80% of
    starts ..." may be a wrap; the owner and date cells count the paragraphs with it as a
    break, so the measure is a record of its own with its own owner."""
    from nlp.plan import parse_plan_text

    text = plan_text("3\tImprove C\tAgreed\t<p>1) Review the waiting lists each week.</p> <p>2) "
                     "Base a facilitator in Barrow.\u202880% of starts within twelve weeks.</p>"
                     "\t<p>Programmes Manager</p> <p>Contracts</p> <p>Head of Quality</p>\t"
                     "<p>May 2019</p> <p>June 2019</p> <p>July 2019</p>")
    records = parse_plan_text(text, "plan.txt").records
    assert [(r.text, r.owners) for r in records] == [
        ("Review the waiting lists each week.", ["Programmes Manager"]),
        ("Base a facilitator in Barrow.", ["Contracts"]),
        ("80% of starts within twelve weeks.", ["Head of Quality"])]


def test_a_shared_owner_lists_full_lines_between_whole_roles_are_entries(plan_text):
    """A PDF read by position: two steps beside three dates share their owners, printed as
    two paragraphs whose lines ran full ("Case Administrators" | "Women's Services Lead"):
    a list holds whole roles, so a soft break between two of them parts them; one before a
    word left alone ("Support" | "Manager") is a wrap."""
    from nlp.plan import parse_plan_text

    text = plan_text("2\tImprove B\tAgreed\t<p>2.1 Review lone working.</p> <p>2.2 Agree the "
                     "training.</p>\t<p>M. Ellis, Senior Operational Support\u2028Manager</p> "
                     "<p>Case Administrators\u2028Women's Services Lead</p>\t<p>May 2019</p> "
                     "<p>June 2019</p> <p>July 2019</p>")
    records = parse_plan_text(text, "plan.txt").records
    assert [r.owners for r in records] == [[
        "M. Ellis, Senior Operational Support Manager", "Case Administrators",
        "Women's Services Lead"]] * 2


def test_an_unruled_column_whose_gap_no_line_or_paragraph_step_explains_starts_a_row():
    """Inside a cell a column's next line follows its last by the line pitch or by whole
    paragraph steps (empty paragraphs between). An owner starting with the next step
    3.2 points off that (the owner cell above ended, the step cell beside it ran two lines
    longer: a taller cell ended the row) starts a new row; one a whole step lower is the
    row's next paragraph after an empty one."""
    from nlp.layout import group_lines, line_pitch
    from nlp.pdf import _in_flow, _row_starts

    def column(*lines: tuple[float, str]) -> list[Line]:
        return group_lines([word(text, 0, top) for top, text in lines])

    steps = column((100.0, "1.1 Agree"), (113.2, "the plan"), (126.4, "with all"),
                   (149.6, "1.2 Days."), (172.8, "1.3 Review"), (186.0, "each case."))
    owners = column((100.0, "Head of"), (113.2, "PDU"), (172.8, "Tutors"))
    assert line_pitch([steps, owners]) == 13.2
    number = column((100.0, "1"))  # (a column that wrote in the row and stays blank)
    assert _row_starts([number, steps, owners], 172.8, 100.0, 10, band=159.6, step=23.2,
                       pitch=13.2)
    went_on = column((100.0, "Head of"), (113.2, "PDU /"), (126.4, "Lead"), (172.8, "Tutors"))
    shorter = column((100.0, "1.1 Agree"), (113.2, "the plan."), (149.6, "1.2 Days."),
                     (172.8, "1.3 Review"))
    assert not _row_starts([number, shorter, went_on], 172.8, 100.0, 10, band=159.6,
                           step=23.2, pitch=13.2)
    assert _in_flow(13.2, 13.2, 23.2) and _in_flow(69.6, 13.2, 23.2)
    assert not _in_flow(72.8, 13.2, 23.2)
    assert _in_flow(72.8, 13.2, 13.2)  # (no paragraph spacing: nothing to tell by)


def test_an_unruled_column_starting_off_whole_empty_paragraphs_from_the_row_top_starts_a_row():
    """A column blank so far in the row (its first entries empty: steps with no owner)
    starts its first line a whole number of paragraph steps below where the row's text
    starts on the page; a date starting 3.2 points off that, with the step beside it, is
    the first line of a new row (its row began where the cells above ended)."""
    from nlp.layout import group_lines
    from nlp.pdf import _row_starts

    def column(*lines: tuple[float, str]) -> list[Line]:
        return group_lines([word(text, 0, top) for top, text in lines])

    steps = column((100.0, "the rest of"), (113.2, "a step."), (136.4, "Report."),
                   (159.6, "1.3 Audit"), (172.8, "cases."))
    owners = column((100.0, "of Courts"), (136.4, "SPOs"))
    dates = column((172.8, "May 2019"))  # (off 72.8 from the top: no whole steps)
    assert _row_starts([steps, owners, dates], 172.8, 100.0, 10, band=169.6, step=23.2,
                       pitch=13.2)
    aligned = column((169.6, "May 2019"))  # (three empty dates above it: the same row)
    one_line_steps = column((100.0, "the rest."), (123.2, "Report."), (146.4, "1.2 Audit."),
                            (169.6, "1.3 Visit."))
    assert not _row_starts([column((100.0, "1")), one_line_steps, owners, aligned], 169.6,
                           100.0, 10, band=159.6, step=23.2, pitch=13.2)


def test_spaced_paragraphs_are_told_apart_by_their_spacing_not_by_how_full_a_line_ran():
    """Where a table spaces its paragraphs apart, a short line a pitch above the next goes
    on its paragraph ("Head of Operational" | "Policy, Sentence ..."), and a full line a
    paragraph step above the next ends one: no soft break is left to guess."""
    def line(top: float, text: str, x1: float) -> Line:
        return Line([{"text": text, "x0": 0, "x1": x1, "top": top, "bottom": top + 10,
                      BREAKING_SPACE: None}])

    lines = [line(100.0, "Head of", 30), line(113.2, "Operations", 95),
             line(136.4, "Finance and Estates", 60)]
    assert paragraphs(lines, 100.0, 100.0, 23.2, 13.2) == ["Head of Operations",
                                                          "Finance and Estates"]
    assert paragraphs(lines + [line(182.8, "Board", 30)], 100.0, 100.0, 23.2, 13.2)[-2:] == \
        ["", "Board"]  # (an empty paragraph between)
    assert SOFT_BREAK in paragraphs(lines, 100.0, 100.0, 13.2, 13.2)[0]  # (no spacing: a guess)


def test_an_unruled_row_opening_with_narrative_alone_starts_where_a_date_column_says():
    """A row whose first paragraph is narrative starts with the response column alone (its
    owner and date open with empty paragraphs). The date column's next line lies off whole
    paragraph steps from its last line in the row above but whole steps below the
    narrative's first line: its cell began there, so the row did. Of two paragraph starts
    that could be the row's, the last (the fewest empty entries open the row)."""
    from nlp.layout import group_lines
    from nlp.pdf import _flow_restarts

    def column(*lines: tuple[float, str]) -> list[Line]:
        return group_lines([word(text, 0, top) for top, text in lines])

    steps = column((100.0, "1.4 Audit."), (123.2, "1.5 Visit."), (146.4, "Since May"),
                   (159.6, "we audited."), (182.8, "1.7 Report."))
    dates = column((100.0, "May 2019"), (123.2, "June 2019"), (182.8, "July 2019"))
    # (July off whole steps from June and from the narrative: no cell began at 146.4; below,
    # off from "2019" but one step below the narrative's first line: one did)
    dates_off = column((100.0, "May 2019"), (113.2, "2019"), (169.6, "July 2019"))
    assert not _flow_restarts([steps, dates], 146.4, 100.0, 10, 13.2, 23.2, 500.0)
    assert _flow_restarts([steps, dates_off], 146.4, 100.0, 10, 13.2, 23.2, 500.0)
    # (at 123.2 as well as at 146.4 the cell could have begun: the row starts at 146.4)
    assert not _flow_restarts([steps, dates_off], 123.2, 100.0, 10, 13.2, 23.2, 500.0,
                              [146.4])


def test_a_pdf_rows_lone_owner_and_date_beside_several_steps_are_the_first_steps(plan_text):
    """Text lines may print one owner for all of a row's steps, and so may a Word cell of
    one paragraph (it keeps a step's empty one); in a PDF's table a cell listed for all its
    steps lists several dates, a paragraph each, so one owner and one date beside two steps
    are the first's (the second's empty ones left no mark on the page)."""
    from nlp.plan import parse_plan_text

    text = plan_text("2\tImprove B\tAgreed\t<p>(a) Agree a weekly list with the prison.</p> "
                     "<p>(b) Audit the list.</p>\tDirector\tMay 2019")
    pdf = parse_plan_text(text, "plan.txt", exact=False, drawn_rows=True).records
    assert [(r.owners, r.target) for r in pdf] == [(["Director"], "May 2019"), ([], None)]
    for exact, drawn in ((True, True), (False, False)):
        records = parse_plan_text(text, "plan.txt", exact=exact, drawn_rows=drawn).records
        assert [r.owners for r in records] == [["Director"], ["Director"]]
    # (beside dates one a step, as printed, the lone owner is the first step's too)
    paired = text.replace("\tMay 2019", "\t<p>May 2019</p> <p>Six-monthly</p>")
    pdf = parse_plan_text(paired, "plan.txt", exact=False, drawn_rows=True).records
    assert [(r.owners, r.target) for r in pdf] == [(["Director"], "May 2019"),
                                                   ([], "Six-monthly")]


def _ruled_page(rows: list[tuple[float, float, dict[float, list[tuple[str, float]]]]]):
    """A page's words and drawn edges: a ruled table of three columns, each row (top, bottom,
    {column's left edge: [(word, top)]})."""
    from nlp.pdf import _rect_edges

    columns = [(0, 50), (50, 250), (250, 400)]
    edges, words = [], []
    for top, bottom, cells in rows:
        for x0, x1 in columns:
            edges += _rect_edges(x0, top, x1, bottom)
            words += [word(text, x0 + 4, at) for text, at in cells.get(x0, [])]
    return words, edges


def test_a_ruled_page_whose_rows_show_no_paragraph_step_takes_another_pages():
    """A ruled page whose only row holds one paragraph a column measures no step from one
    paragraph to the next, so its owner starting a line lower is read with the step another
    page's rows show: a blank paragraph first (the narrative's empty entry)."""
    from nlp.pdf import TableMemory, page_blocks

    memory = TableMemory()
    header = (0, 26, {0: [("Rec", 4)], 50: [("Response", 4)], 250: [("Owner", 4)]})
    one = _ruled_page([header, (26, 100, {0: [("7", 30)], 50: [("Agreed.", 30)],
                                          250: [("Head", 43)]})])
    two = _ruled_page([header, (26, 100, {0: [("8", 30)], 50: [("Train.", 30), ("Audit.", 43)],
                                          250: [("Lead", 30)]})])
    assert [cells for _, cells in page_blocks(*one, memory)][1][2] == ["Head"]
    page_blocks(*two, memory)
    assert memory.ruled_step == 13.0 and memory.unmeasured
    assert [cells for _, cells in page_blocks(*one, memory)][1][2][:2] == ["", "Head"]
