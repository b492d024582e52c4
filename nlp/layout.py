"""Positioned words -> the lines and paragraphs of a page or a table cell.

Shared by the PDF reader's ruled and unruled tables: a PDF holds words at positions, not
paragraphs, so a paragraph break is inferred where the previous line stopped short (the next
line's first word would have fitted after it) or where the gap between lines is wider than the
line spacing. These are properties of any typeset text, not of one template.
"""

from __future__ import annotations

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


def paragraphs(lines: list[Line], right_edge: float) -> list[str]:
    """Lines of one text column into paragraphs; ``right_edge`` is where a full line ends."""
    return [join_lines(group) for group in paragraph_groups(lines, right_edge)]


def join_lines(lines: list[Line]) -> str:
    """A paragraph's lines as one string; a line ending in a word's hyphen ("Multi-") runs
    on into the next without a space."""
    text = ""
    for line in lines:
        if text and not (text[-1] == "-" and len(text) > 1 and text[-2].isalpha()
                         and line.text[:1].isalpha()):
            text += " "
        text += line.text
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
    first = line.words[0]
    space = 0.28 * height if space is None else min(space, 0.5 * height)
    # The next line's first word would have fitted after the previous line: a break was typed.
    return previous.x1 + space + (first["x1"] - first["x0"]) <= right_edge - _FIT_SLACK
