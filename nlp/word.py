"""Word (.docx) plans -> pages of text lines and table rows (cells as lists of paragraphs).

python-docx gives the document's paragraphs and tables in order. A table row is read cell by
cell on the table's grid: a vertically merged cell is text on its first row and an empty cell
below it (as a ruled PDF shows it), a horizontally merged cell is its text then empty cells for
the grid columns it covers, and each paragraph of a cell stays a paragraph (a line break inside
one too), list paragraphs marked with a bullet because their numbers are not in the text.
Pages are known only where the file records them (Word writes where it last broke the pages);
otherwise the whole document is one page of unknown number.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError

from nlp.records import PlanError

Cell = list[str]
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PAGE_BREAKS = './/w:lastRenderedPageBreak | .//w:br[@w:type="page"]'


def read_docx(path: Path, data: bytes) -> tuple[list[list[str | list[Cell]]], bool]:
    """The pages of the Word file ``data`` (from ``path``) and whether the file recorded its
    page breaks (if not, everything is on one page of unknown number)."""
    if not data.startswith(b"PK"):
        raise PlanError(f"{path}: not a Word .docx file (an old .doc, or not Word at all)")
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise PlanError(f"{path}: unreadable Word file, corrupt or truncated "
                        f"({type(exc).__name__})") from None
    except Exception as exc:  # lxml and python-docx raise their own types on damaged XML
        raise PlanError(f"{path}: unreadable Word file, corrupt or truncated "
                        f"({type(exc).__name__})") from None
    pages: list[list[str | list[Cell]]] = [[]]
    paged = False
    tables = 0
    for element in _blocks(document.element.body):
        if element.tag == f"{_W}tbl":
            tables += 1
            for tr in element.iterchildren(f"{_W}tr"):
                pages[-1].append(_row(tr))
                paged |= _turn_pages(tr, pages)
        else:
            text = _paragraph_text(element)
            if text.strip():
                for line in text.split("\n"):
                    pages[-1].append(line)
            paged |= _turn_pages(element, pages)
    if not tables:
        raise PlanError(f"{path}: no table in the Word file (a plan's actions are in a table)")
    return pages, paged


def _blocks(body):
    """Body paragraphs and tables in order, content controls opened."""
    for child in body.iterchildren():
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _blocks(content)


def _turn_pages(element, pages: list) -> bool:
    """Start a new page for each page break recorded inside ``element``."""
    breaks = len(element.xpath(_PAGE_BREAKS))
    for _ in range(breaks):
        pages.append([])
    return breaks > 0


def _row(tr) -> list[Cell]:
    cells: list[Cell] = []
    before = tr.find(f"{_W}trPr/{_W}gridBefore")
    if before is not None:
        cells.extend([] for _ in range(int(before.get(f"{_W}val", "0"))))
    for tc in tr.iterchildren(f"{_W}tc"):
        merge = tc.find(f"{_W}tcPr/{_W}vMerge")
        continued = merge is not None and merge.get(f"{_W}val", "continue") != "restart"
        cells.append([] if continued else _cell_paragraphs(tc))
        span = tc.find(f"{_W}tcPr/{_W}gridSpan")
        if span is not None:
            cells.extend([] for _ in range(int(span.get(f"{_W}val", "1")) - 1))
    return cells


def _cell_paragraphs(tc) -> Cell:
    """The cell's paragraphs, empty ones kept: between others, or at either end, they can
    stand for steps with no owner or date (the parser counts those at the ends only where they
    make the paragraphs one per step; otherwise they are spacing)."""
    out: Cell = []
    for p in tc.iter(f"{_W}p"):  # nested tables' paragraphs too, in order
        marker = "• " if p.find(f"{_W}pPr/{_W}numPr") is not None else ""
        for line in _paragraph_text(p).split("\n"):
            out.append(marker + line.strip() if line.strip() else "")
            marker = ""
    return out if any(out) else []


def _paragraph_text(p) -> str:
    """A paragraph's text: runs, tabs as spaces, line breaks as new lines."""
    parts: list[str] = []
    for node in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        elif node.tag == f"{_W}tab":
            parts.append(" ")
        elif node.get(f"{_W}type") in (None, "textWrapping"):
            parts.append("\n")
    return "".join(parts)
