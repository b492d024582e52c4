"""Where every word of a plan's action table went: into a record, into recognised furniture,
or nowhere (then it is kept as an ``unplaced`` record, never dropped).

The parser repairs tables by moving, joining and splitting cells, so the accounting does not
trust it: it compares the words of the table's lines with the words of what was built. A
word is a run of at least two letters or digits holding a letter (numbers, step marks,
roman ones too, bullets and stray single letters are not words). Each recommendation's
lines are matched first against its own fields, then against whatever is left anywhere in
the plan (a cell moved to a neighbour still counts as placed). Lines matched best are
matched first, so a line nobody used keeps its common words ("the", "will") and comes out
as one fragment.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from nlp.records import Accounting
from nlp.table import clean_cell

_WORD = re.compile(r"[^\W_]{2,}")
# Roman step marks ("(ii)", "iv)"): marks, not words, like "1.2" and "a)".
_ROMAN = re.compile(r"(?i)(?:i{2,3}|iv|vi{1,3}|ix|xi{1,2})")


def _is_word(token: str) -> bool:
    return not token.isdigit() and not _ROMAN.fullmatch(token)


def words(text: str | None) -> list[str]:
    """The words of a text, lower-cased, tags and entities removed."""
    if not text:
        return []
    return [w.lower().replace("0", "o") for w in _WORD.findall(clean_cell(text))
            if _is_word(w)]


@dataclass
class _Cell:
    text: str
    spans: list[tuple[int, int, str]]  # (start, end, word)
    row: int
    owner: int  # index of the recommendation the line was read into
    matched: list[bool] = field(default_factory=list)


@dataclass
class Fragment:
    """Unplaced text: the recommendation it was read under and the words, as printed."""

    owner: int
    text: str
    words: int


def _cells(lines: Sequence[tuple[str, int]]) -> list[_Cell]:
    out = []
    for row, (line, owner) in enumerate(lines):
        for raw in line.split("\t"):
            text = clean_cell(raw)
            spans = [(m.start(), m.end(), m.group(0).lower().replace("0", "o"))
                     for m in _WORD.finditer(text)
                     if _is_word(m.group(0))]
            if spans:
                out.append(_Cell(text, spans, row, owner, [False] * len(spans)))
    return out


def _consume(cells: Iterable[_Cell], pool: Counter[str]) -> None:
    """Match the cells' words against ``pool``, best-covered cells first."""
    def coverage(cell: _Cell) -> float:
        return sum(1 for _, _, w in cell.spans if pool[w] > 0) / len(cell.spans)

    for cell in sorted(cells, key=coverage, reverse=True):
        for i, (_, _, word) in enumerate(cell.spans):
            if not cell.matched[i] and pool[word] > 0:
                pool[word] -= 1
                cell.matched[i] = True


def account(furniture_lines: Sequence[str], lines: Sequence[tuple[str, int]],
            placed: Sequence[Iterable[str]], furniture: Sequence[Iterable[str]],
            recognised: Iterable[str] = (),
            ) -> tuple[Accounting, list[Fragment]]:
    """Count the table's words and find the unplaced ones.

    ``furniture_lines``: whole lines recognised as headers, page furniture or summary tables.
    ``lines``: the other table lines, each with the index of the recommendation it was read
    into. ``placed[i]`` / ``furniture[i]``: texts recommendation ``i`` holds in its fields /
    texts the parser recognised and left out while reading its lines. ``recognised``: cells
    of columns the header names but the reader does not read (Progress), left out.
    """
    cells = _cells(lines)
    total = sum(len(words(line)) for line in furniture_lines) + sum(len(c.spans) for c in cells)
    furniture_words = sum(len(words(line)) for line in furniture_lines)
    by_owner: dict[int, list[_Cell]] = {}
    for cell in cells:
        by_owner.setdefault(cell.owner, []).append(cell)
    spare: Counter[str] = Counter()
    spare_furniture: Counter[str] = Counter()
    for owner, texts in enumerate(placed):
        pool = Counter(w for t in texts for w in words(t))
        _consume(by_owner.get(owner, []), pool)
        spare.update(+pool)
    for owner, texts in enumerate(furniture):
        pool = Counter(w for t in texts for w in words(t))
        before = sum(pool.values())
        _consume(by_owner.get(owner, []), pool)
        furniture_words += before - sum(pool.values())
        spare_furniture.update(+pool)
    _consume(cells, spare)  # a cell moved to another recommendation's fields
    spare_furniture.update(w for t in recognised for w in words(t))
    before = sum(spare_furniture.values())
    _consume(cells, spare_furniture)
    furniture_words += before - sum(spare_furniture.values())
    fragments = _fragments(cells)
    unplaced = sum(f.words for f in fragments)
    return Accounting(words=total, placed=total - furniture_words - unplaced,
                      furniture=furniture_words, unplaced=unplaced), fragments


def _fragments(cells: list[_Cell]) -> list[Fragment]:
    """Runs of unmatched words, as printed (runs two matched words apart or closer are one);
    a recommendation's runs on the same or the next line continue one fragment."""
    out: list[Fragment] = []
    last: tuple[int, int] | None = None  # (row, owner) of the last fragment
    for cell in cells:
        runs: list[list[int]] = []  # [first span, last span, unmatched words]
        for i, matched in enumerate(cell.matched):
            if matched:
                continue
            if runs and i - runs[-1][1] <= 3:
                runs[-1][1] = i
                runs[-1][2] += 1
            else:
                runs.append([i, i, 1])
        for first, final, n in runs:  # (from the cell's start, to the next matched word)
            start = 0 if first == 0 else cell.spans[first][0]
            end = cell.spans[final + 1][0] if final + 1 < len(cell.spans) else len(cell.text)
            text = cell.text[start:end].strip()
            if last == (cell.row, cell.owner) or (last == (cell.row - 1, cell.owner)
                                                  and out and out[-1].owner == cell.owner):
                out[-1] = Fragment(cell.owner, f"{out[-1].text} {text}", out[-1].words + n)
            else:
                out.append(Fragment(cell.owner, text, n))
            last = (cell.row, cell.owner)
    return out
