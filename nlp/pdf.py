"""PDF plans -> pages of text lines and table rows (cells as lists of paragraphs).

A PDF holds positioned characters and drawn lines, not a table. PDFium (``pypdfium2``, which
pdfplumber itself depends on; about ten times faster than parsing the page in Python) gives the
characters with their boxes and the drawn paths; words are runs of characters. Ruled tables are
found from the ruling lines by pdfplumber's table finder (its edge merging, intersections and
cells; a vertically merged cell is one cell whose rows below come back empty). A table drawn
without rules is found from the words alone: lines whose words stand in separate columns, the
columns from the vertical gutters no word crosses, a new row where cells start together (cells
are top-aligned). Either way the reader only delivers what is on the page; every repair
(headers repeated on each page, rows split by a page break, several steps in one cell) is the
parser's, done once for every format.

A tagged PDF (an accessible one, with a structure tree) has its tables read from the tree
instead (``nlp.pdf_tags``): the page cannot show where a paragraph ended on a full line or
that an empty paragraph stands for a step with no owner, the tree can. The rest of its pages
(text outside tables, furniture) is read here as any page is.
"""

from __future__ import annotations

import bisect
import ctypes
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.table import (
    Table,
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)
from pdfplumber.utils import filter_edges

from nlp.layout import (
    BREAKING_SPACE,
    Line,
    Word,
    foot_marks,
    group_lines,
    join_lines,
    line_pitch,
    paragraph_groups,
    paragraph_step,
    paragraphs,
    spaced_apart,
)
from nlp.pdf_tags import ARTIFACT, UNMARKED, accounts_for, structure, tagged_pages
from nlp.records import PlanError

# Action plans run to a few dozen pages; this many pages, or this long, is not one.
MAX_PAGES = 150
MAX_SECONDS = 60.0
_TOLERANCE = 3.0  # pdfplumber's default snap/join/intersection tolerance, in points

# A word: a run of characters, ended by a space or by PDFium's mark of a hyphen that ends a
# line ("strengths-" | "based"): the two halves lie on two lines.
_WORD = re.compile(r"[^\s\x00\ufffe\x02]*[\ufffe\x02]|[^\s\x00\ufffe\x02]+")
Cell = list[str]  # a table cell's paragraphs


@dataclass(frozen=True)
class SpaceSettings:
    """How many drawn spaces at line ends show that a producer keeps them (a plan wraps
    hundreds of lines; one stray typed space is no evidence)."""

    min_kept: int = 3


Block = tuple[float, str | list[Cell]]  # (top, a text line or a table row)


def read_pdf(path: Path, data: bytes) -> list[list[str | list[Cell]]]:
    """The pages of the PDF ``data`` (from ``path``): each a list of text lines and rows."""
    if b"%PDF-" not in data[:1024]:
        head = data[:512].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
            raise PlanError(f"{path}: an HTML page saved under a .pdf name, not a PDF "
                            "(save the page as .html to read it)")
        raise PlanError(f"{path}: not a PDF file (no %PDF header)")
    started = time.perf_counter()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise PlanError(f"{path}: encrypted PDF (it needs a password); save an "
                            "unprotected copy") from None
        raise PlanError(f"{path}: unreadable PDF, corrupt or truncated ({exc})") from None
    try:
        if len(pdf) > MAX_PAGES:
            raise PlanError(f"{path}: {len(pdf)} pages, more than the {MAX_PAGES} an action "
                            "plan runs to; split the file")
        tagged = bool(pdfium_c.FPDFCatalog_IsTagged(pdf.raw))
        contents: list[tuple[list[Word], list[dict]]] = []
        for number in range(len(pdf)):
            if time.perf_counter() - started > MAX_SECONDS:
                raise PlanError(f"{path}: still reading after {MAX_SECONDS:.0f} s "
                                f"(page {number + 1}); refused")
            try:
                contents.append(page_contents(pdf[number], marked=tagged))
            except pdfium.PdfiumError as exc:
                raise PlanError(f"{path}: unreadable PDF, corrupt or truncated (page "
                                f"{number + 1}: {exc})") from None
    finally:
        pdf.close()
    trust_breaking_spaces(contents)
    chars = sum(len(words) for words, _ in contents)
    repeated = TableMemory()
    tree = structure(data) if tagged and chars else None
    if tree is not None and accounts_for(tree, [words for words, _ in contents]):
        pages = tagged_pages(tree, [words for words, _ in contents],
                             lambda number, rest: page_blocks(rest, contents[number][1],
                                                              repeated))
    else:  # untagged, no table in the tree, or a tree that leaves words out
        pages = _read_pages(contents, repeated)
        if repeated.unmeasured and (repeated.step or repeated.ruled_step):  # again, with
            # the step other pages showed
            repeated.unmeasured = False
            pages = _read_pages(contents, repeated)
        repeated.split_at = _row_splits(repeated)
        if repeated.split_at:  # again, with the row starts blank lines could not explain
            pages = _read_pages(contents, repeated)
    if not chars:
        raise PlanError(f"{path}: no text layer: OCR is not supported (a scanned PDF)")
    if _damaged(data):
        raise PlanError(f"{path}: unreadable PDF, corrupt or truncated (no end-of-file "
                        "marker)")
    return pages


def _read_pages(contents: list[tuple[list[Word], list[dict]]], memory: TableMemory
                ) -> list[list[str | list[Cell]]]:
    """Each page read in turn, ``memory`` told which (what it noted before is dropped)."""
    memory.rows, memory.tentative = {}, []
    pages = []
    for number, (words, edges) in enumerate(contents):
        memory.page = number
        pages.append(read_page(words, edges, memory))
    return pages


def _row_splits(memory: TableMemory) -> set[tuple[int, float]]:
    """The tentative row starts of unruled tables (columns starting together where blank
    lines above some of them could explain the gap: :func:`_row_starts`) that are starts
    after all: read as blank lines, they would give an owner or date column of the whole row
    (over its pages) more paragraphs than its steps, the column with the most text, while
    without them it has no more. (An entry column holds a paragraph per step at most.)"""
    rows = [(page, *row) for page in sorted(memory.rows) for row in memory.rows[page]]
    groups: list[list[int]] = []
    for i, (page, _, _, _, first) in enumerate(rows):
        opens_page = i == 0 or rows[i - 1][0] != page
        if groups and opens_page and not first:
            groups[-1].append(i)  # (the rest of the row the page break cut)
        else:
            groups.append([i])
    group_of = {i: group for group in groups for i in group}
    splits = set()
    for page, top, blanks in memory.tentative:
        at = [i for i, row in enumerate(rows) if row[0] == page and row[1] <= top]
        if not at:
            continue
        group = group_of[at[-1]]
        width = max(len(rows[i][2]) for i in group)
        printed, counts = [0] * width, [0] * width
        for i in group:
            for k, n in enumerate(rows[i][2]):
                printed[k] += n
                # (at most: a paragraph the page break cut counted once, on its first page)
                counts[k] += n - (i != group[0] and n > 0 and rows[i - 1][2][k:k + 1] > [0])
        chars = [sum(rows[i][3][k] for i in group if k < len(rows[i][3])) for k in range(width)]
        steps = max(range(width), key=lambda k: chars[k])
        if any(steps < k < width and counts[k] - n <= printed[steps] < counts[k]
               for k, n in blanks.items()):
            splits.add((page, round(top, 1)))
    return splits


def _damaged(data: bytes) -> bool:
    """A PDF ends with ``%%EOF`` (PDFium reads what it can of a cut-off file)."""
    return b"%%EOF" not in data[-2048:]


def page_contents(page, marked: bool = False) -> tuple[list[Word], list[dict]]:
    """The page's words (runs of characters) and ruling edges, in the coordinates the page is
    read in: top-down, and turned by the page's rotation (a landscape plan is often a portrait
    page shown turned; PDFium gives positions unturned). With ``marked`` (a tagged PDF),
    each word also has the ``mcid`` of the marked-content sequence it was drawn in
    (``nlp.pdf_tags.ARTIFACT`` for furniture, ``UNMARKED`` outside any)."""
    display = _display_transform(page)
    textpage = page.get_textpage()
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count) if count else ""
    if len(text) != count:  # characters outside the BMP: fetch one by one
        text = "".join(textpage.get_text_range(i, 1) or " " for i in range(count))
    words: list[Word] = []
    raw = textpage.raw
    box = pdfium_c.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    # PDFium writes a space or line break wherever the layout has one, so words are the runs
    # of other characters; only each word's first and last character are measured. Their
    # loose boxes span the glyphs' advance (what a typesetter fits into a line), not the ink.
    for match in _WORD.finditer(text):
        first, last = match.start(), match.end() - 1
        kept = _kept_space(raw, text, match.end())
        pdfium_c.FPDFText_GetLooseCharBox(raw, first, box)
        start = display(box.left, box.bottom)[0], display(box.right, box.top)[0]
        pdfium_c.FPDFText_GetLooseCharBox(raw, last, box)
        end = display(box.left, box.bottom)[0], display(box.right, box.top)[0]
        pdfium_c.FPDFText_GetCharOrigin(raw, first, x, y)
        baseline = display(x.value, y.value)[1]
        size = pdfium_c.FPDFText_GetFontSize(raw, first) or 10.0
        # The line box from the baseline and the font size, as a typesetter's (the glyphs'
        # own boxes vary with their shapes).
        x0 = min(start)
        words.append({"text": match.group().replace("\ufffe", "-").replace("\x02", "-"),
                      "x0": x0, "x1": max(x0, *end),
                      "top": baseline - 0.8 * size, "bottom": baseline + 0.2 * size})
        if kept is not None:
            words[-1][BREAKING_SPACE] = kept
        if marked:
            words[-1]["mcid"] = _marked_content(raw, first)
    edges: list[dict] = []
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=4):
        edges.extend(_rect_edges(*_display_box(display, *obj.get_bounds())))
    return words, edges


def _kept_space(raw, text: str, end: int) -> bool | None:
    """Whether the word ending at ``end`` ends a run of text with a space the producer drew
    (True: the typesetter broke the line at that space, so the line wrapped), with none
    (False: the run ends at the word) or neither (None: the text goes on, the word is inside
    a line). PDFium marks the spaces and line breaks it infers from positions as generated;
    only the drawn ones say how the line ended."""
    if end >= len(text):
        return None  # the page's last text: nothing follows to tell by
    if pdfium_c.FPDFText_IsGenerated(raw, end) == 1:
        return False
    if text[end] != " ":
        return None
    while end < len(text) and text[end] == " " and \
            pdfium_c.FPDFText_IsGenerated(raw, end) == 0:
        end += 1
    if end >= len(text) or pdfium_c.FPDFText_IsGenerated(raw, end) == 1:
        return True
    # The next cell's text on the same line may follow the drawn space with no break inferred
    # between: the space ended its run if the next character stands well apart from it.
    return True if _apart(raw, end - 1, end) else None


_SPACE_BOX, _NEXT_BOX = pdfium_c.FS_RECTF(), pdfium_c.FS_RECTF()


def _apart(raw, space: int, following: int) -> bool:
    """Character ``following`` starts more than two space widths away from ``space``."""
    pdfium_c.FPDFText_GetLooseCharBox(raw, space, _SPACE_BOX)
    pdfium_c.FPDFText_GetLooseCharBox(raw, following, _NEXT_BOX)
    width = max(abs(_SPACE_BOX.right - _SPACE_BOX.left), abs(_SPACE_BOX.top - _SPACE_BOX.bottom)
                * 0.25)
    gap = max(_NEXT_BOX.left - _SPACE_BOX.right, _SPACE_BOX.left - _NEXT_BOX.right,
              _NEXT_BOX.bottom - _SPACE_BOX.top, _SPACE_BOX.bottom - _NEXT_BOX.top)
    return gap > 2 * width


def trust_breaking_spaces(contents: list[tuple[list[Word], list[dict]]],
                          settings: SpaceSettings | None = None) -> None:
    """Keep the words' :data:`~nlp.layout.BREAKING_SPACE` marks only where the document's
    producer draws the space it breaks a line at (LibreOffice and Word do; a producer that
    trims it leaves every line looking ended, so its marks are dropped)."""
    settings = settings or SpaceSettings()
    kept = sum(1 for words, _ in contents for w in words if w.get(BREAKING_SPACE))
    if kept < settings.min_kept:
        for words, _ in contents:
            for w in words:
                w.pop(BREAKING_SPACE, None)


_NAME = (ctypes.c_ushort * 16)()


def _marked_content(textpage, index: int) -> int:
    """The marked-content id of the text object that drew character ``index``: the key into
    the structure tree (a word lies in one sequence: producers mark a line or a run)."""
    obj = pdfium_c.FPDFText_GetTextObject(textpage, index)
    if not obj:
        return UNMARKED
    mcid = pdfium_c.FPDFPageObj_GetMarkedContentID(obj)
    if mcid >= 0:
        return mcid
    length = ctypes.c_ulong()
    for k in range(pdfium_c.FPDFPageObj_CountMarks(obj)):
        mark = pdfium_c.FPDFPageObj_GetMark(obj, k)
        if pdfium_c.FPDFPageObjMark_GetName(mark, _NAME, ctypes.sizeof(_NAME),
                                            ctypes.byref(length)) and \
                bytes(_NAME)[:max(0, length.value - 2)].decode("utf-16-le") == "Artifact":
            return ARTIFACT
    return UNMARKED


def _display_transform(page):
    """(x, y) in PDF space -> (x, y) across and down the page as shown."""
    x0, y0, x1, y1 = page.get_mediabox()
    width, height = x1 - x0, y1 - y0
    turns = {
        0: lambda x, y: (x - x0, height - (y - y0)),
        90: lambda x, y: (y - y0, x - x0),
        180: lambda x, y: (width - (x - x0), y - y0),
        270: lambda x, y: (height - (y - y0), width - (x - x0)),
    }
    return turns.get(page.get_rotation() % 360, turns[0])


def _display_box(display, left: float, bottom: float, right: float, top: float
                 ) -> tuple[float, float, float, float]:
    """A PDF-space box as shown: (x0, top, x1, bottom)."""
    corners = [display(left, bottom), display(right, top)]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    return min(xs), min(ys), max(xs), max(ys)


def _edge(orientation: str, x0: float, top: float, x1: float, bottom: float) -> dict:
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0,
            "height": bottom - top, "orientation": orientation, "object_type": "rect_edge"}


def _rect_edges(x0: float, top: float, x1: float, bottom: float) -> list[dict]:
    """A drawn path's box as ruling edges: a thin box is one line, a larger one its sides."""
    if bottom - top <= _TOLERANCE and x1 - x0 > _TOLERANCE:
        middle = (top + bottom) / 2
        return [_edge("h", x0, middle, x1, middle)]
    if x1 - x0 <= _TOLERANCE and bottom - top > _TOLERANCE:
        middle = (x0 + x1) / 2
        return [_edge("v", middle, top, middle, bottom)]
    if x1 - x0 > _TOLERANCE and bottom - top > _TOLERANCE:
        return [_edge("h", x0, top, x1, top), _edge("h", x0, bottom, x1, bottom),
                _edge("v", x0, top, x0, bottom), _edge("v", x1, top, x1, bottom)]
    return []


def find_tables(edges: list[dict]) -> list[list[list[tuple | None]]]:
    """Ruled tables as rows of cell boxes (None where a merged cell covers the grid), by
    pdfplumber's table finder with its default tolerances."""
    if not edges:
        return []
    merged = filter_edges(merge_edges(edges, _TOLERANCE, _TOLERANCE, _TOLERANCE, _TOLERANCE),
                          min_length=_TOLERANCE)
    cells = intersections_to_cells(edges_to_intersections(merged, _TOLERANCE, _TOLERANCE))
    return [[list(row.cells) for row in Table(None, group).rows]
            for group in cells_to_tables(cells)]


class TableMemory(dict):
    """What unruled tables showed on the pages read so far: as a dict, each table's header
    row by its first line, with its height; ``step``, the smallest distance between two
    paragraphs of a row (a page whose rows show none reads its blank lines by it), and
    ``unmeasured``, whether a page had to go without. For row starts that blank lines
    could explain away (:func:`_row_splits`): the ``page`` being read, each page's
    ``rows`` (top, paragraphs and characters per column, whether its first column has
    text), the ``tentative`` starts read as none, and those to read as starts
    (``split_at``) when the page is read again."""

    step: float | None = None
    ruled_step: float | None = None  # the same for ruled tables (``page_blocks``)
    unmeasured: bool = False

    def __init__(self) -> None:
        super().__init__()
        self.page = 0
        self.rows: dict[int, list[tuple[float, list[int], list[int], bool]]] = {}
        self.tentative: list[tuple[int, float, dict[int, int]]] = []
        self.split_at: set[tuple[int, float]] = set()


def read_page(words: list[Word], edges: list[dict],
              repeated: dict[str, float]) -> list[str | list[Cell]]:
    """One page's text lines and table rows, top to bottom (``repeated``: the header rows of
    unruled tables met on earlier pages, by their first line, with their height)."""
    return [content for _, content in page_blocks(words, edges, repeated)]


def page_blocks(words: list[Word], edges: list[dict], repeated: dict[str, float]
                ) -> list[Block]:
    """One page's text lines and table rows with their tops, top to bottom."""
    blocks: list[Block] = []
    taken: set[int] = set()
    order = sorted(range(len(words)), key=lambda i: _middle(words[i]))
    middles = [_middle(words[i]) for i in order]
    for table in find_tables(edges):
        rows: list[tuple[tuple[float, float], list[tuple[tuple, list[Line]]]]] = []
        for row in table:
            boxes = [b for b in row if b is not None]
            span = (min(b[1] for b in boxes), max(b[3] for b in boxes))
            nearby = order[bisect.bisect_left(middles, span[0]):
                           bisect.bisect_right(middles, span[1])]
            placed: list[tuple[tuple, list[Line]]] = []
            for bbox in row:
                if bbox is None:  # covered by a merged cell above or to the left
                    placed.append(((), []))
                    continue
                inside = [i for i in nearby if i not in taken and _within(words[i], bbox)]
                taken.update(inside)
                lines = group_lines([words[i] for i in inside])
                pad = max(0.0, min(line.x0 for line in lines) - bbox[0]) if lines else 0.0
                placed.append((bbox, lines) if not lines else ((bbox[2] - pad,), lines))
            rows.append((span, placed))
        step = paragraph_step([(lines, box[0]) for _, placed in rows for box, lines in placed
                               if lines])
        if isinstance(repeated, TableMemory):  # (a page showing no paragraph break: the
            if step is not None:               # step other pages' rows showed)
                repeated.ruled_step = min(step, repeated.ruled_step or step)
            else:  # (read again only where a cell starts below its row's text: blank lines)
                repeated.unmeasured = repeated.unmeasured or any(
                    _starts_below(placed) for _, placed in rows)
                step = repeated.ruled_step
        for n, ((start, end), placed) in enumerate(rows):
            # Where the row's text starts: cells are top-aligned, so a cell starting lower
            # opens with blank lines (its first steps have no entry).
            top = min((lines[0].top for _, lines in placed if lines), default=start)
            cells = [paragraphs(lines, box[0], top, step) if lines else []
                     for box, lines in placed]
            if n == len(rows) - 1 and n:  # the page's last row: the page break may cut it
                texts = [lines for _, lines in placed]
                # (the row's box reaches below its lowest text where blank lines end a
                # cell there: where the lowest of them starts, a line's height above it)
                height = max((ln.bottom - ln.top for lines in texts for ln in lines), default=0)
                _mark_foot(cells, texts, step, [box[0] if lines else 0.0 for box, lines in placed],
                           end - height - 1.0, top)
            if any(cells):
                blocks.append((top, cells))
    rest = [w for i, w in enumerate(words) if i not in taken]
    blocks.extend(unruled_blocks(group_lines(rest), repeated))
    blocks.sort(key=lambda b: b[0])
    return blocks


def _middle(word: Word) -> float:
    return (word["top"] + word["bottom"]) / 2


def _within(word: Word, bbox: tuple[float, float, float, float]) -> bool:
    x = (word["x0"] + word["x1"]) / 2
    y = (word["top"] + word["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def _segments(line: Line) -> list[tuple[float, float]]:
    """The line's runs of words, cut where the gap is wider than a word space."""
    gap = max(6.0, 0.8 * (line.bottom - line.top))
    runs = [[line.words[0]["x0"], line.words[0]["x1"]]]
    for word in line.words[1:]:
        if word["x0"] - runs[-1][1] > gap:
            runs.append([word["x0"], word["x1"]])
        else:
            runs[-1][1] = word["x1"]
    return [(a, b) for a, b in runs]


def _columns(lines: list[Line], min_gutter: float = 5.0) -> list[tuple[float, float]]:
    """Column spans: the x ranges between vertical gutters no word of ``lines`` crosses."""
    spans = sorted((w["x0"], w["x1"]) for line in lines for w in line.words)
    columns: list[list[float]] = []
    for x0, x1 in spans:
        if columns and x0 - columns[-1][1] < min_gutter:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    return [(a, b) for a, b in columns]


def _inside_one(span: tuple[float, float], columns: list[tuple[float, float]]) -> bool:
    """The span lies in one column's gutter-to-gutter band (ragged right edges vary)."""
    overlapping = [c for c in columns if span[0] < c[1] and c[0] < span[1]]
    return len(overlapping) == 1


def _starts_below(placed: list[tuple[tuple, list[Line]]]) -> bool:
    """A cell of a ruled row whose text starts below the row's (blank lines above it)."""
    firsts = [lines[0].top for _, lines in placed if lines]
    return bool(firsts) and max(firsts) - min(firsts) > 1.0


def unruled_blocks(lines: list[Line], repeated: dict[str, float]) -> list[Block]:
    """Text lines (as paragraphs) and the rows of any table drawn without rules;
    ``repeated`` remembers each table's first row (its header) across pages."""
    blocks: list[Block] = []
    prose: list[Line] = []
    i = 0
    while i < len(lines):
        if len(_segments(lines[i])) < 2:
            prose.append(lines[i])
            i += 1
            continue
        table = [lines[i]]
        widest = 0.0  # the widest blank band between the table's lines so far
        i += 1
        while i < len(lines):
            line = lines[i]
            height = line.bottom - line.top
            gap = line.top - table[-1].bottom
            if gap > 4 * height and not (gap <= 12 * height and _goes_on_in_a_column(line, table)):
                break
            segments = _segments(line)
            if len(segments) < 2:
                columns = _columns([t for t in table if len(_segments(t)) > 1])
                if not _inside_one(segments[0], columns):
                    break  # running text across the columns: the table has ended
                if len(table) > 1 and gap > 2 * widest + 0.5 * height and \
                        abs(line.x0 - min(t.x0 for t in table)) <= 2.0:
                    break  # a line at the margin after more room than between any rows
            table.append(line)
            widest = max(widest, gap)
            i += 1
        if len([t for t in table if len(_segments(t)) > 1]) < 2:
            prose.extend(table)  # one line with a wide gap is not a table
            continue
        blocks.extend(_prose_blocks(prose))
        prose = []
        blocks.extend(_table_rows(table, repeated))
    blocks.extend(_prose_blocks(prose))
    return blocks


def _goes_on_in_a_column(line: Line, table: list[Line]) -> bool:
    """A line starting exactly where a column's lines start, right of the table's first
    column: the rest of a cell below blank lines (a row's last steps with an owner but
    none of the steps beside the blank ones), not text after the table."""
    return len(_segments(line)) == 1 and line.x0 > min(t.x0 for t in table) + 2.0 and sum(
        1 for t in table for w in t.words if abs(w["x0"] - line.x0) <= 1.0) >= 2


def _row_starts(column_lines: list[list[Line]], top: float, row_top: float,
                height: float, band: float | None = None, step: float | None = None,
                blanks: dict[int, int] | None = None, pitch: float | None = None) -> bool:
    """Whether columns starting text together at ``top`` start a new row, not new paragraphs
    of the row begun at ``row_top``. Inside a row each column's next paragraph follows its last
    by the same paragraph spacing, so paragraphs starting together by chance all follow their
    columns' last lines equally closely, while a column that wrote in this row (its number,
    its recommendation) stays blank. A new row starts where the previous row's cells ended at
    different heights, or in every column that wrote in the row.

    With the blank ``band`` above (where it begins): a row's leading cells (its number) stand
    left of the cells that go on through it (its steps, owners, dates), so text starting left
    of every column written just above the band starts a row, and text starting no further
    left than one (not in the first column), after cells that ended together, does not: the
    paragraphs of a row whose leading cells were on an earlier page, where no column of the
    row stays blank."""
    gaps = []
    idle = False
    starting = []
    for k, col in enumerate(column_lines):
        above = [ln.bottom for ln in col if ln.top < top - 0.5 * height]
        if any(abs(ln.top - top) <= 0.5 * height for ln in col):
            starting.append(k)
            gaps.append(top - max(above) if above else float("inf"))
        elif any(row_top <= ln.top < top for ln in col):
            idle = True
    if band is not None:
        ended = [k for k, col in enumerate(column_lines)
                 if any(band - height <= ln.bottom <= band + 0.5 * height for ln in col)]
        if starting and ended:
            if min(starting) < min(ended):
                return True
            inside = {k: g for k, g in zip(starting, gaps, strict=True)
                      if any(row_top <= ln.top < top - 0.5 * height for ln in column_lines[k])}
            nearest = min(inside.values(), default=0.0)
            if any(_apart_by_lines(g - nearest, height, step) for g in inside.values()):
                return True  # the row's cells ended at different heights
            if any(not _in_flow(_gap_above(column_lines[k], top, row_top, height), pitch, step)
                   for k in inside):
                return True  # a column's text did not flow on here: the row above ended
            first = min((ln.top for col in column_lines for ln in col
                         if row_top <= ln.top < top - 0.5 * height), default=None)
            if first is not None and any(
                    not _in_flow(_line_at(column_lines[k], top, height) - first, pitch, step,
                                 blanks_only=True)
                    for k in starting if k not in inside):
                return True  # (nor empty paragraphs from the row's first line on the page)
            writers = [k for k, col in enumerate(column_lines)
                       if any(row_top <= ln.top < top - 0.5 * height for ln in col)]
            if len(starting) >= 2 and writers and not inside and max(writers) < min(starting):
                return True  # (only cells left of them wrote above: a row's steps go on at the top)
            if blanks is not None and step:  # (blank lines explain the gaps: noted)
                blanks.update({k: round((g - nearest) / step) for k, g in inside.items()
                               if round((g - nearest) / step) > 0})
            if min(starting) > 0 or min(starting) > min(ended):
                return False
    return not idle or max(gaps) - min(gaps) > 0.5 * height


def _flow_restarts(column_lines: list[list[Line]], top: float, row_top: float, height: float,
                   pitch: float | None, step: float | None, below: float,
                   later: list[float] = ()) -> bool:
    """Where one column alone starts a paragraph at ``top`` (the other cells of a new row
    open with empty paragraphs: narrative, a step with no owner): a new row when another
    column's next line, before ``below`` (where the next row may start), does not flow on
    from its last line in the row (:func:`_in_flow`) but lies whole paragraph steps below
    ``top``: its cell began there. Of the paragraph starts that could be the row's
    (``later``: those below ``top``), the last: the fewest empty entries open the row."""
    for col in column_lines:
        above = [ln.top for ln in col if row_top <= ln.top < top - 0.5 * height]
        after = [ln.top for ln in col if top - 0.5 * height <= ln.top < below - 0.5 * height]
        if not above or not after or _in_flow(min(after) - max(above), pitch, step):
            continue
        starts = [t for t in (top, *later) if t < min(after) - 0.5 * height and
                  _in_flow(min(after) - t, pitch, step, blanks_only=True)]
        if starts and max(starts) == top:
            return True
    return False


def _blank_runs(column_lines: list[list[Line]], top: float, row_top: float, height: float,
                step: float, below: float = float("inf")) -> dict[int, int]:
    """Where one column alone starts a paragraph at ``top`` (a row whose first paragraph has
    no owner or date may start so): the blank lines each other column of the row would read
    as empty paragraphs above ``top``, from its last line above to its next below, before
    ``below`` (where columns start together: the next row may start there)."""
    starting = [k for k, col in enumerate(column_lines)
                if any(abs(ln.top - top) <= 0.5 * height for ln in col)]
    if len(starting) != 1:
        return {}
    lead = [ln.bottom for ln in column_lines[starting[0]] if ln.top < top - 0.5 * height]
    if not lead:
        return {}
    nearest = top - max(lead)
    out = {}
    for k, col in enumerate(column_lines):
        above = [ln.bottom for ln in col if row_top <= ln.top < top - 0.5 * height]
        if k == starting[0] or not above or not any(top < ln.top < below - 0.5 * height
                                                     for ln in col):
            continue
        n = round((top - max(above) - nearest) / step)
        if n > 0:
            out[k] = n
    return out


def _line_at(lines: list[Line], top: float, height: float) -> float:
    """The top of a column's line starting with others at ``top``."""
    return min(ln.top for ln in lines if abs(ln.top - top) <= 0.5 * height)


def _gap_above(lines: list[Line], top: float, row_top: float, height: float) -> float:
    """Top to top, from a column's last line above ``top`` in the row to its line there."""
    return _line_at(lines, top, height) - max(
        ln.top for ln in lines if row_top <= ln.top < top - 0.5 * height)


def _in_flow(gap: float, pitch: float | None, step: float | None,
             blanks_only: bool = False) -> bool:
    """Whether a column's next line could follow its last (``gap`` top to top) inside one
    cell: a line pitch below (the paragraph goes on), or a whole number of paragraph steps
    (the next paragraph, after any empty ones). Typeset positions are exact, so a gap off
    both by more than a fraction of a point is where another column's taller cell ended
    the row. With ``blanks_only``, ``gap`` runs from where the row's text starts on the page
    to a column's first line: only empty paragraphs (none or more) explain it. Unknown
    (True) without both measures or with no paragraph spacing."""
    if not spaced_apart(pitch, step):
        return True
    tolerance = 0.03 * pitch
    if blanks_only:
        return abs(gap - step * round(gap / step)) <= tolerance
    return abs(gap - pitch) <= tolerance or (
        gap > 0.5 * step and abs(gap - step * round(gap / step)) <= tolerance)


def _apart_by_lines(difference: float, height: float, step: float | None) -> bool:
    """Two gaps differ by more than blank paragraphs (each ``step`` high) explain: one column's
    cell ended higher than the other's, not a step with no owner above its next entry."""
    if difference <= 0.5 * height:
        return False
    if not step:
        return True
    return abs(difference - step * round(difference / step)) > 0.5 * height


def _prose_blocks(lines: list[Line]) -> list[Block]:
    """Running text, one line per paragraph (titles and dates above the table stay lines)."""
    if not lines:
        return []
    right = max(line.x1 for line in lines)
    out: list[Block] = []
    group: list[Line] = []
    for line in lines:
        if group and (line.top - group[-1].bottom > 1.5 * (line.bottom - line.top)):
            out.extend(_paragraph_blocks(group, right))
            group = []
        group.append(line)
    out.extend(_paragraph_blocks(group, right))
    return out


def _paragraph_blocks(lines: list[Line], right: float) -> list[Block]:
    return [(group[0].top, join_lines(group)) for group in paragraph_groups(lines, right)]


def _table_rows(lines: list[Line], repeated: dict[str, float]) -> list[Block]:
    """An unruled table's lines -> rows of cells. Each column's words are read as a column of
    text; a row starts below a band blank across the whole table where two or more columns
    start text together (cells are top-aligned; one column alone is a new paragraph)."""
    columns = _columns(lines)
    words = [w for line in lines for w in line.words]
    by_column: list[list[Word]] = [[] for _ in columns]
    for word in words:
        x = (word["x0"] + word["x1"]) / 2
        k = min(range(len(columns)), key=lambda c: max(columns[c][0] - x, x - columns[c][1], 0))
        by_column[k].append(word)
    column_lines = [group_lines(ws) for ws in by_column]
    every = sorted((ln for col in column_lines for ln in col), key=lambda ln: ln.top)
    height = max(1.0, min(ln.bottom - ln.top for ln in every))
    bands: list[tuple[float, float, bool]] = []  # (gap, top of the text below, together)
    reach = every[0].bottom
    for line in every[1:]:
        if line.top - reach > 0.5 * height:  # a band no column writes in
            together = sum(1 for col in column_lines
                           if any(abs(ln.top - line.top) <= 0.5 * height for ln in col))
            bands.append((line.top - reach, line.top, together >= 2))
        reach = max(reach, line.bottom)
    rights = [max((ln.x1 for ln in col), default=0.0) for col in column_lines]
    step = paragraph_step([(col, right) for col, right in zip(column_lines, rights, strict=True)
                           if col])
    memory = repeated if isinstance(repeated, TableMemory) else None
    pitch = line_pitch(column_lines)
    starts = [every[0].top - 1.0]
    for i, (gap, top, together) in enumerate(bands):
        if not together:
            below = next((t for _, t, with_others in bands[i + 1:] if with_others),
                         float("inf"))  # (where the next row may start)
            if memory is not None and (memory.page, round(top, 1)) in memory.split_at or \
                    _flow_restarts(column_lines, top, starts[-1], height, pitch, step, below,
                                   [t for _, t, with_others in bands[i + 1:] if t < below]):
                starts.append(top - 0.5 * height)
            elif memory is not None and step:
                blanks = _blank_runs(column_lines, top, starts[-1], height, step, below)
                if blanks:
                    memory.tentative.append((memory.page, top, blanks))
            continue
        blanks: dict[int, int] = {}
        if memory is not None and (memory.page, round(top, 1)) in memory.split_at or \
                _row_starts(column_lines, top, starts[-1], height, top - gap, step, blanks,
                            pitch):
            starts.append(top - 0.5 * height)
        elif blanks and memory is not None:
            memory.tentative.append((memory.page, top, blanks))
    # A header row repeated from an earlier page ends where it ended there, even when the
    # row under it holds one column only (the rest of a row carried over a page break).
    # (A page holding only the rest of one row has no row start below its header at all.)
    head = lines[0].text
    if head in repeated:
        end = every[0].top + repeated[head]
        below = [top - 0.5 * height for _, top, _ in bands if top >= end - 0.5 * height]
        if below and (len(starts) == 1 or below[0] < starts[1]):
            starts.insert(1, below[0])
    elif len(starts) > 1:
        repeated[head] = starts[1] - every[0].top
    bounds = starts[1:] + [float("inf")]
    rows = [[[ln for ln in col if top <= ln.top < bottom] for col in column_lines]
            for top, bottom in zip(starts, bounds, strict=True)]
    # The distance between paragraphs as the rows below the header show it (from the
    # header's last line to a row's first is no paragraph's): what a blank line counts in.
    step = paragraph_step([(col, right) for cells in rows[1:]
                           for col, right in zip(cells, rights, strict=True) if col])
    if isinstance(repeated, TableMemory):
        if step is not None:
            repeated.step = min(step, repeated.step or step)
        else:
            repeated.unmeasured = len(rows) > 1
            step = repeated.step
    out: list[Block] = []
    # Blank lines inside a row's cell, or above its first text (cells are top-aligned), are
    # empty paragraphs (steps with no owner or date), as in a ruled table; the header row
    # (the first) is not read so.
    for n, (top, cells) in enumerate(zip(starts, rows, strict=True)):
        first = min((c[0].top for c in cells if c), default=top)
        texts = [paragraphs(c, right, first, step if n else None, pitch) if c else []
                 for c, right in zip(cells, rights, strict=True)]
        if n and memory is not None:
            memory.rows.setdefault(memory.page, []).append(
                (top, [len(t) for t in texts], [sum(map(len, t)) for t in texts],
                 bool(texts and texts[0])))
        if n == len(starts) - 1 and n:  # the page's last row: the page break may cut it
            _mark_foot(texts, cells, step, rights, top=first)
        out.append((top, texts))
    return out


def _mark_foot(cells: list[list[str]], lines: list[list[Line]], step: float | None,
               rights: list[float], floor: float | None = None, top: float | None = None
               ) -> None:
    """A page's last row: each cell's blank lines above the row's lowest line marked
    (``nlp.layout.foot_marks``; ``rights``: where each cell's full line ends), for the next
    page to say whether they are empty paragraphs and whether its text there goes on a
    paragraph."""
    for texts, marks in zip(cells, foot_marks(lines, step, rights, floor, top), strict=True):
        texts.extend(marks)
