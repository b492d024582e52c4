"""Tagged PDF plans -> table rows read from the document's structure tree.

An accessible PDF (public bodies must publish them: the Public Sector Bodies Accessibility
Regulations 2018; Word's and LibreOffice's exports write them) carries a structure tree:
Table > TR > TH/TD > P, each P naming the marked-content sequences (page, MCID) its characters
were drawn in. Where the page alone cannot tell a paragraph that ended on a full line from a
wrapped one, or show an empty paragraph (a step with no owner), the tree says it. So a tagged
table is read as the Word reader reads a table: each row whole (even when a page break cuts
it: the tree holds it as one TR), each cell's paragraphs as they were typed, empty ones kept,
merged cells as empty cells on the grid (``RowSpan``/``ColSpan`` attributes).

Stages, each pure: :func:`structure` parses the tree (pdfminer, which pdfplumber brings; only
the tree's objects are parsed, not the pages); :func:`accounts_for` checks that the tree
accounts for every word drawn on the pages; :func:`tagged_pages` places the rows among the
rest of each page, which the geometric reader (``nlp.pdf``) reads as before (title lines and
dates above the table). Page furniture, which the producer marks ``Artifact`` (the header row
repeated on each page, running headers, page numbers: what a layout adds when it paginates,
as Word adds the repeated header only when it prints), is kept in the page's text for the
provenance but not read again: the table's own header row is in the tree, and a repeated
header between two rows would tell the parser that a page break cut the row above, which
in a tagged table it never did. The words come from PDFium with the marked-content id of
the text object they were drawn by.

What LibreOffice's tagged export writes (checked on the committed documents; Word's own
export was not checked): a paragraph that runs onto the next page is one P whose kids are the
sequences of its first page then marked-content references (/MCR) with the next page's /Pg; a
row cut by a page break is one TR; the header row is a TR of TH cells on the first page only,
its repetitions on later pages are Artifacts; an empty paragraph is a P with no kids, an
empty cell a TD with none; a vertically merged cell is a TD with ``/RowSpan`` in its table
attributes and the rows below have fewer TDs. No word of those documents lies in two
sequences (53 080 words), so a word takes the sequence of its first character.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from nlp.layout import Line, Row, Shown, Word, group_lines, join_lines

Mark = tuple[int, int]  # (page index, marked-content id)
Cell = list[str]
Block = tuple[float, "str | list[Cell]"]
ARTIFACT = -2  # a word drawn as page furniture (marked ``Artifact``), not content
UNMARKED = -1  # a word drawn outside any marked-content sequence

# Elements that are one paragraph whatever they hold (a list item's label and body read as
# one line, as Word's list paragraphs do); inline elements are part of the paragraph around.
_PARAGRAPH = {"P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "LI", "Caption", "TOCI"}
_INLINE = {"Span", "Link", "Quote", "Note", "Reference", "BibEntry", "Code", "Annot", "Ruby",
           "Warichu", "Lbl", "LBody", "Em", "Strong", "Sub"}
_ROW_GROUPS = {"THead", "TBody", "TFoot"}
_MAX_DEPTH = 100  # a structure tree nests a few levels; deeper is a loop or damage


@dataclass
class Element:
    """A structure element: its standard type and its kids in order (elements or marks)."""

    kind: str
    kids: list[Element | Mark] = field(default_factory=list)
    row_span: int = 1
    col_span: int = 1

    def marks(self) -> list[Mark]:
        """Every marked-content sequence under the element, in order."""
        out: list[Mark] = []
        for kid in self.kids:
            out.extend(kid.marks() if isinstance(kid, Element) else [kid])
        return out


@dataclass
class Structure:
    """What the tree says: its tables' rows (cells of paragraphs, each paragraph its marks),
    and every mark any element refers to."""

    rows: list[list[list[list[Mark]]]]
    known: set[Mark]


def structure(data: bytes) -> Structure | None:
    """The tables of a tagged PDF's structure tree; None when the PDF has no tree or no
    table in it (then the geometric reader reads every page). A tree that cannot be parsed
    is no reason to refuse a plan whose pages read: it is ignored the same way."""
    try:
        return _structure(data)
    except Exception:  # noqa: BLE001 - pdfminer raises many types on damaged objects
        return None


def _structure(data: bytes) -> Structure | None:
    # lazy: pdfminer only for a tagged PDF (imported with pdfplumber anyway)
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFObjRef, resolve1
    from pdfminer.psparser import PSLiteral

    document = PDFDocument(PDFParser(io.BytesIO(data)))
    root = resolve1(document.catalog.get("StructTreeRoot"))
    if not isinstance(root, dict):
        return None
    pages = {page.pageid: index for index, page in enumerate(PDFPage.create_pages(document))}
    role_map = resolve1(root.get("RoleMap")) or {}

    def name(value) -> str:
        value = resolve1(value)
        return value.name if isinstance(value, PSLiteral) else str(value)

    def standard(kind: str) -> str:
        for _ in range(10):  # a role maps to a standard type, perhaps through another role
            if kind not in role_map:
                break
            kind = name(role_map[kind])
        return kind

    def spans(attributes) -> tuple[int, int]:
        found = {"RowSpan": 1, "ColSpan": 1}
        attributes = resolve1(attributes)
        for item in attributes if isinstance(attributes, list) else [attributes]:
            item = resolve1(item)
            if isinstance(item, dict) and name(item.get("O")) == "Table":
                for key in found:
                    if isinstance(resolve1(item.get(key)), int):
                        found[key] = max(1, resolve1(item[key]))
        return found["RowSpan"], found["ColSpan"]

    def page_of(ref, inherited: int | None) -> int | None:
        return pages.get(ref.objid, inherited) if isinstance(ref, PDFObjRef) else inherited

    seen: set[int] = set()

    def element(node: dict, page: int | None, depth: int) -> Element:
        page = page_of(node.get("Pg"), page)
        row_span, col_span = spans(node.get("A"))
        out = Element(standard(name(node.get("S"))), [], row_span, col_span)
        kids = resolve1(node.get("K"))
        for ref in kids if isinstance(kids, list) else [] if kids is None else [kids]:
            if isinstance(ref, PDFObjRef):
                if ref.objid in seen or depth > _MAX_DEPTH:
                    continue  # a loop in a damaged tree
                seen.add(ref.objid)
            kid = resolve1(ref)
            if isinstance(kid, int):  # a sequence on the element's page
                if page is not None:
                    out.kids.append((page, kid))
            elif isinstance(kid, dict) and "MCID" in kid and "Stm" not in kid:
                where = page_of(kid.get("Pg"), page)
                if where is not None and isinstance(resolve1(kid["MCID"]), int):
                    out.kids.append((where, resolve1(kid["MCID"])))
            elif isinstance(kid, dict) and "S" in kid:
                out.kids.append(element(kid, page, depth + 1))
            # (object references, /OBJR: annotations and links carry no text of their own)
        return out

    top = element({"S": "Root", "K": root.get("K")}, None, 0)
    tables = _tables(top)
    if not tables:
        return None
    rows = [row for table in tables for row in grid_rows(table)]
    return Structure(rows, set(top.marks()))


def _tables(node: Element) -> list[Element]:
    """The outermost tables (a table inside a cell is read as that cell's paragraphs)."""
    if node.kind == "Table":
        return [node]
    return [t for kid in node.kids if isinstance(kid, Element) for t in _tables(kid)]


def grid_rows(table: Element) -> list[list[list[list[Mark]]]]:
    """A table's rows of cells on its grid: a cell that spans rows (``RowSpan``) is its
    paragraphs on its first row and an empty cell below; one that spans columns is followed
    by empty cells (as the Word reader gives merged cells)."""
    rows: list[list[list[list[Mark]]]] = []
    covered: dict[int, int] = {}  # column -> rows still covered by a cell from above
    for tr in _row_elements(table):
        cells: list[list[list[Mark]]] = []
        column = 0
        below: dict[int, int] = {c: n - 1 for c, n in covered.items() if n > 1}
        for cell in (k for k in tr.kids if isinstance(k, Element)):
            while covered.get(column, 0) > 0:
                cells.append([])
                column += 1
            cells.append(paragraphs(cell))
            cells.extend([] for _ in range(cell.col_span - 1))
            for c in range(column, column + cell.col_span):
                if cell.row_span > 1:
                    below[c] = cell.row_span - 1
            column += cell.col_span
        while column <= max(covered, default=-1):
            cells.append([])
            column += 1
        covered = below
        rows.append(cells)
    return rows


def _row_elements(table: Element) -> list[Element]:
    out: list[Element] = []
    for kid in table.kids:
        if isinstance(kid, Element) and kid.kind == "TR":
            out.append(kid)
        elif isinstance(kid, Element) and kid.kind in _ROW_GROUPS:
            out.extend(_row_elements(kid))
    return out


def paragraphs(node: Element) -> list[list[Mark]]:
    """A cell's paragraphs as lists of marks, empty paragraphs kept (a step with no owner or
    date is an empty paragraph in its owner or date cell); a list item, a heading, a nested
    table's paragraphs each count as paragraphs, text directly in the cell as one."""
    blocks = [k for k in node.kids if isinstance(k, Element) and k.kind not in _INLINE]
    if node.kind in _PARAGRAPH or not blocks:
        return [node.marks()]
    out: list[list[Mark]] = []
    run: list[Mark] | None = None
    for kid in node.kids:
        if isinstance(kid, Element) and kid.kind not in _INLINE:
            if run is not None:
                out.append(run)
                run = None
            out.extend(paragraphs(kid))
        else:
            run = (run or []) + (kid.marks() if isinstance(kid, Element) else [kid])
    if run is not None:
        out.append(run)
    return out


def accounts_for(tree: Structure, pages: list[list[Word]]) -> bool:
    """Whether the tree accounts for every word on the pages: each drawn in a sequence the
    tree refers to, or marked as furniture. A tree that leaves words out (a producer that
    tagged only part of the content, or tags from an older version of the file) cannot say
    which row they belong to, so the geometric reader reads the whole document instead."""
    return all(word["mcid"] == ARTIFACT or (number, word["mcid"]) in tree.known
               for number, words in enumerate(pages) for word in words)


def tagged_pages(tree: Structure, pages: list[list[Word]],
                 read_rest: Callable[[int, list[Word]], list[Block]]
                 ) -> list[list[str | list[Cell]]]:
    """Every page's blocks: the tree's table rows, each whole on the page where it starts
    (with what it prints on later pages as :class:`~nlp.layout.Shown` text there, for the
    page provenance), among the blocks ``read_rest(page, words)`` makes of the page's other
    words (text outside tables, furniture)."""
    by_mark: dict[Mark, list[Word]] = defaultdict(list)
    for number, words in enumerate(pages):
        for word in words:
            by_mark[(number, word["mcid"])].append(word)
    blocks: list[list[Block]] = [[] for _ in pages]
    taken: set[Mark] = set()
    for row in tree.rows:
        marks = [m for cell in row for paragraph in cell for m in paragraph]
        taken.update(marks)
        shown: dict[int, list[Word]] = defaultdict(list)
        for mark in marks:
            shown[mark[0]].extend(by_mark.get(mark, []))
        printed = sorted(p for p, words in shown.items() if words)
        if not printed:
            continue  # a row with no text on any page
        cells = [cell_paragraphs(cell, by_mark) for cell in row]
        first, *later = printed
        blocks[first].append((_top(shown[first]), Row(cells, _text(shown[first]))))
        for number in later:
            blocks[number].append((_top(shown[number]), Shown(_text(shown[number]))))
    for number, words in enumerate(pages):
        rest = [w for w in words if (number, w["mcid"]) not in taken and w["mcid"] != ARTIFACT]
        blocks[number].extend(read_rest(number, rest))
        furniture = [w for w in words if w["mcid"] == ARTIFACT]
        if furniture:  # what the page prints, not the document's content
            blocks[number].append((_top(furniture), Shown(_text(furniture))))
        blocks[number].sort(key=lambda b: b[0])
    return [[content for _, content in page] for page in blocks]


def cell_paragraphs(cell: list[list[Mark]], by_mark: dict[Mark, list[Word]]) -> Cell:
    """A cell's paragraphs as text: each paragraph's words line by line, page by page, lines
    joined as the geometric reader joins them (a word's hyphen at a line end runs on); an
    empty paragraph is kept, a cell with no text at all is empty."""
    out: Cell = []
    for paragraph in cell:
        lines: list[Line] = []
        for page in dict.fromkeys(p for p, _ in paragraph):
            lines.extend(group_lines([w for mark in paragraph if mark[0] == page
                                      for w in by_mark.get(mark, [])]))
        out.append(join_lines(lines))
    return out if any(out) else []


def _top(words: list[Word]) -> float:
    return min(w["top"] for w in words)


def _text(words: list[Word]) -> str:
    return " ".join(line.text for line in group_lines(words))
