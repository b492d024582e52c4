"""Positioned words -> the lines and paragraphs of a page or a table cell.

Shared by the PDF reader's ruled and unruled tables: a PDF holds words at positions, not
paragraphs, so a paragraph break is inferred where the previous line stopped short (the next
line's first word would have fitted after it) or where the gap between lines is wider than the
line spacing. These are properties of any typeset text, not of one template.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

Word = dict  # pdfplumber's word dict: text, x0, x1, top, bottom


@dataclass
class Line:
    words: list[Word]

    @property
    def x0(self) -> float:
        return self.words[0]["x0"]

    @property
    def x1(self) -> float:
        return self.words[-1]["x1"]

    @property
    def top(self) -> float:
        return min(w["top"] for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w["bottom"] for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)


def group_lines(words: list[Word], tolerance: float = 2.0) -> list[Line]:
    """Words into lines, top to bottom, each line's words left to right."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1].words[0]["top"] - word["top"]) <= tolerance:
            lines[-1].words.append(word)
        else:
            lines.append(Line([word]))
    for line in lines:
        line.words.sort(key=lambda w: w["x0"])
    return lines


# A line break inside a paragraph that may have ended the paragraph instead: the line ran
# full, so position cannot tell, and the next line starts as a paragraph would (not in lower
# case). Python reads it as whitespace (``str.split``, ``\s``), so text that ignores it reads
# a space; the table parser decides it by counting a row's steps (``nlp.wraps``).
SOFT_BREAK = "\u2028"
# A word's mark (when the PDF shows it, ``nlp.pdf``): True where the word ends its line with a
# space the producer drew (the typesetter broke the line at that space: the line wrapped),
# False where the line ends at the word with no space (the paragraph ended, unless the line
# broke after a hyphen or a slash), absent where the document does not say.
BREAKING_SPACE = "breaking_space"
# Blank lines at the foot of a page's last table row: a cell that goes on over the page break
# filled its page to the foot, so there they are empty paragraphs (steps with no owner or
# date); a cell that ended on the page just stopped short. The page cannot tell the two, the
# next page can (``nlp.table.join_page_splits``); ``reading.cell_text`` writes each as
# :data:`FOOT_BLANK_HTML`.
FOOT_BLANK = "\x1f"
FOOT_BLANK_HTML = '<p class="foot"></p>'
# A cell whose last line stands two whole lines or more above its row's lowest one ended its last
# paragraph there (a paragraph cut by the page break runs to the foot, but for the one line
# widow control carries over): the next page's text in that cell is a new paragraph.
FOOT_END = "\x1e"
FOOT_END_HTML = '<p class="end"></p>'
# A cell whose last line on the page wrapped at a drawn space (``BREAKING_SPACE``): its
# paragraph goes on atop the next page, whatever its next words look like.
FOOT_WRAP = "\x1d"
FOOT_WRAP_HTML = '<p class="wrap"></p>'


def foot_marks(cells: list[list[Line]], step: float | None,
               rights: list[float] | None = None, floor: float | None = None,
               top: float | None = None) -> list[list[str]]:
    """For the cells (their lines) of a page's last table row: the marks each leaves between
    its last line and the row's lowest: a :data:`FOOT_BLANK` for each blank paragraph, then
    :data:`FOOT_END` where its last paragraph surely ended (it stops two lines short of the
    foot, or, with the cells' ``rights`` edges, its last line ended with no space drawn
    though one had room: :func:`_ended`), or :data:`FOOT_WRAP` where its last line wrapped
    (none where unknown). ``floor``: where the row's lowest line may start, though no text
    shows there (a ruled row's box reaching below its text: blank lines end a cell). ``top``:
    where the row's text starts; a cell with no text on the page is blank lines from there
    (its first entry moved whole to the next page)."""
    ends = [lines[-1].top for lines in cells if lines]
    if not step or not ends:
        return [[] for _ in cells]
    lowest = max(ends + ([floor] if floor is not None else []))
    # A paragraph needs its spacing below it as well as its line, where the lowest line (of
    # a paragraph the break cuts) needs none: a blank paragraph is certain only where one
    # with its spacing fits above the lowest line's foot.
    pitch = min((b.top - a.top for lines in cells if lines
                 for a, b in zip(lines, lines[1:], strict=False) if b.top > a.top),
                default=step)
    spacing = max(0.0, step - pitch)
    marks = []
    for k, lines in enumerate(cells):
        if lines and lines[-1].words[-1].get(BREAKING_SPACE) is True:
            marks.append([FOOT_WRAP])
            continue
        room = lowest - lines[-1].top if lines else 0.0
        if lines or top is None:
            blanks = max(0, int((room - spacing) / step + 0.2))
        else:  # (no text on the page: a blank line on each of the row's lines)
            blanks = max(0, round((lowest - top) / step) + 1)
        ended = bool(lines) and (room > 1.9 * pitch or rights is not None and _ended(
            lines[-1], rights[k], _space(lines[-1], word_space(lines))))
        marks.append([FOOT_BLANK] * blanks + ([FOOT_END] if ended else []))
    return marks


class Row(list):
    """A table row (cells of paragraphs) read whole though a page break cuts it (a tagged
    PDF's row: the structure tree holds it as one), placed on the page where it starts;
    ``shown`` is the text it prints on that page (its words on later pages come there as
    :class:`Shown`), so each page's text, for provenance, is what the page prints."""

    def __init__(self, cells: list[list[str]], shown: str) -> None:
        super().__init__(cells)
        self.shown = shown


class Shown(str):
    """Text a page prints that is read as part of a :class:`Row` placed on an earlier page:
    part of the page's text for provenance, not read again."""


def paragraphs(lines: list[Line], right_edge: float, top: float | None = None,
               step: float | None = None, pitch: float | None = None) -> list[str]:
    """Lines of one table cell into paragraphs; ``right_edge`` is where a full line ends.
    Lines that ran full and are followed by a line that could start a paragraph are joined
    by :data:`SOFT_BREAK`. With ``step`` (the table's distance from one paragraph to the
    next, :func:`paragraph_step`), a blank line (an empty paragraph: a step with no owner or
    date) is an empty string, between paragraphs and, when ``top`` (where the row's text
    starts: cells are top-aligned) is given, before the first. With the line ``pitch`` too,
    where paragraphs are spaced apart (``step`` well above ``pitch``), the spacing alone
    says where a paragraph ends (:func:`spaced_groups`): nothing is left to guess."""
    texts: list[str] = []
    above = None if top is None or step is None else top - step  # where a line before was
    spaced = spaced_apart(pitch, step)
    groups = spaced_groups(lines, pitch, step) if spaced else paragraph_groups(lines, right_edge)
    for group in groups:
        if above is not None and step:
            texts.extend([""] * max(0, round((group[0].top - above) / step - 1.1)))
        texts.append(join_lines(group, soft=not spaced))
        above = group[-1].top if step else None
    last = lines[-1] if lines else None
    if texts and (_ran_full(last, right_edge)
                  and not _ended(last, right_edge, _space(last, word_space(lines)))
                  or last.words[-1].get(BREAKING_SPACE) is True):
        texts[-1] += SOFT_BREAK  # the cell may go on after a page break, the entry with it
    return texts


def spaced_apart(pitch: float | None, step: float | None) -> bool:
    """Whether a table spaces its paragraphs apart: the step from one paragraph to the next
    (``step``) well above the line ``pitch`` inside one."""
    return bool(step and pitch and step - pitch >= 0.1 * pitch)


def spaced_groups(lines: list[Line], pitch: float, step: float) -> list[list[Line]]:
    """The lines of each paragraph where paragraphs are spaced apart: a line a pitch below
    the last goes on its paragraph, one further down starts the next (typeset positions are
    exact; a line's fill cannot tell a wrap from a break, the spacing can)."""
    out: list[list[Line]] = []
    for line in lines:
        if not out or line.top - out[-1][-1].top > (pitch + step) / 2:
            out.append([])
        out[-1].append(line)
    return out


def line_pitch(columns: list[list[Line]]) -> float | None:
    """The commonest distance, top to top, between consecutive lines of one column: the
    line pitch inside a paragraph (None when no distance recurs)."""
    counts = Counter(round(b.top - a.top, 1) for col in columns
                     for a, b in zip(col, col[1:], strict=False) if b.top > a.top)
    if not counts:
        return None
    value, n = counts.most_common(1)[0]
    return value if n >= 3 else None


def paragraph_step(cells: list[tuple[list[Line], float]]) -> float | None:
    """The distance, top to top, from a paragraph's last line to the next paragraph's first
    in these cells (lines, right edge) of one table: the smallest such distance (a line's
    height plus any paragraph spacing); None with no paragraph break to measure."""
    steps = []
    for lines, right in cells:
        groups = paragraph_groups(lines, right)
        steps.extend(b[0].top - a[-1].top for a, b in zip(groups, groups[1:], strict=False)
                     if b[0].top > a[-1].top)
    return min(steps, default=None)


def _ran_full(line: Line, right_edge: float) -> bool:
    """The cell's last line left no room for a short word (a page break may have cut it)."""
    return right_edge - line.x1 < 2.5 * max(line.bottom - line.top, 1.0)


def join_lines(lines: list[Line], soft: bool = False) -> str:
    """A paragraph's lines as one string; a line ending in a word's hyphen ("Multi-") runs
    on into the next without a space; with ``soft``, a line starting as a paragraph could
    follow after :data:`SOFT_BREAK`."""
    text = ""
    wrapped = False  # the line before ended at a drawn space: it wrapped
    for line in lines:
        start = line.text[:1]
        if text and not (text[-1] == "-" and len(text) > 1 and text[-2].isalpha()
                         and start.isalpha()):
            text += SOFT_BREAK if soft and not start.islower() and not wrapped else " "
        text += line.text
        wrapped = line.words[-1].get(BREAKING_SPACE) is True
    return text


def paragraph_groups(lines: list[Line], right_edge: float) -> list[list[Line]]:
    """The lines of each paragraph, in order."""
    out: list[list[Line]] = []
    space = word_space(lines)
    for line in lines:
        if not out or _breaks(out[-1][-1], line, right_edge, space):
            out.append([])
        out[-1].append(line)
    return out


def word_space(lines: list[Line]) -> float | None:
    """The width of a space in these lines: the usual gap between two words of a line (the
    words' boxes span their glyphs' advance), None with no two words on a line."""
    gaps = sorted(b["x0"] - a["x1"] for line in lines
                  for a, b in zip(line.words, line.words[1:], strict=False) if b["x0"] >= a["x1"])
    return gaps[len(gaps) // 2] if gaps else None


# How far inside the right edge the next word must end to have fitted: the edge is found
# from the left padding, to a fraction of a point; the typesetter breaks at the edge itself.
_FIT_SLACK = 0.3


def _breaks(previous: Line, line: Line, right_edge: float, space: float | None = None) -> bool:
    height = max(previous.bottom - previous.top, 1.0)
    if line.top - previous.bottom > 0.6 * height:
        return True
    space = _space(previous, space)
    # The next line's first word would have fitted after the previous line: a break was typed.
    if previous.x1 + space + first_unbreakable(line) <= right_edge - _FIT_SLACK:
        return True
    # (Not where a word longer than the line was cut: one word, the next line in lower case;
    # nor after a word no paragraph ends with, the edge measured a point too far: "... the")
    return _ended(previous, right_edge, space) and \
        not (len(previous.words) == 1 and line.text[:1].islower()) and \
        previous.words[-1]["text"].lower() not in _NEVER_LAST


# Words a paragraph never ends with (articles, prepositions, conjunctions).
_NEVER_LAST = {"the", "a", "an", "of", "and", "or", "to", "for", "with", "in", "on", "by",
               "from", "at", "into", "that", "which", "their", "its", "our"}


def _space(line: Line, measured: float | None) -> float:
    """The width of a space after ``line``: the measured one, within reason for its height."""
    height = max(line.bottom - line.top, 1.0)
    return 0.28 * height if measured is None else min(measured, 0.5 * height)


# Marks a line may break after with no space (UAX #14: hyphens, dashes, a slash).
_BREAK_AFTER = set("-/‐–—")


def _ended(line: Line, right_edge: float, space: float) -> bool:
    """The line ended with no space drawn after its last word, though a ``space`` had room
    before the edge, in a document whose lines show the space they wrapped at
    (:data:`BREAKING_SPACE`; a typesetter drops a space that would pass the edge): its
    paragraph ended there. Not after a hyphen or slash (a line breaks there with no space)."""
    last = line.words[-1]
    return last.get(BREAKING_SPACE) is False and last["text"][-1:] not in _BREAK_AFTER and \
        line.x1 + space <= right_edge - _FIT_SLACK


# Marks a line is never broken before (Unicode line breaking, UAX #14: closing punctuation,
# "/" and the like), so a word followed by one moves to the next line with it.
_NO_BREAK_BEFORE = set("/)]},.;:!?%")


def first_unbreakable(line: Line) -> float:
    """The width of the line's first word with the marks that stick to it after a space
    ("Programme /": a typesetter moves both when "/" does not fit)."""
    first = line.words[0]
    end = first["x1"]
    for word in line.words[1:]:
        if not word["text"] or not set(word["text"]) <= _NO_BREAK_BEFORE:
            break
        end = word["x1"]
    return end - first["x0"]
