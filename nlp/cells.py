"""Table lines -> typed cells -> cells aligned to the header's columns -> six-column lines.

PDF exports shift cells: a step number printed alone ("2.") with its text in the next cell,
two, three or four empty cells before a row, a Step column of its own, a Progress column,
a stray letter in a cell. Position alone cannot tell a response from an owner then, so each
cell is typed by what it holds (a number, an agreement word, a date or status, an owner
role, "X should ...", a long sentence, a junk fragment), and the typed cells of a line are
aligned to the header's columns by dynamic programming: the cells keep their order, each
column takes at most one cell, and the score adds how well each cell's type suits its column
and a small bonus when it sits where the header says. The result is the six-column line
(Rec No, Recommendation, Agreed, Response, Owner, Target) the row reader expects.

Stages (pure functions, intermediates kept by :class:`LineTrace` for ``check --debug``):
``header_roles`` (header -> one role per column), ``type_cell``, ``merge_step_numbers``,
``align`` (typed cells -> role per cell), ``six_columns``. Tunables live in :class:`Settings`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nlp.dates import DATE_EXPR, looks_like_target
from nlp.owners import looks_like_owner
from nlp.table import (
    AGREEMENT,
    COLUMNS,
    STEP_LETTER,
    STEP_MARK,
    agreement_part,
    clean_cell,
    is_header_line,
    is_junk_line,
    is_summary_line,
)

STEP = "step"
EXTRA = "extra"  # a column the reader does not read (Progress, Comments): kept as unplaced
ROLES = (*COLUMNS, STEP, EXTRA)

_HEADER_ROLES = (  # first match wins: "Rec No" before "Recommendation", "Owner" before "Action"
    ("rec_number", re.compile(r"(?i)^(?:\d\.\s*)?(?:rec(?:ommendation)?s?\.?\s*(?:no|number|ref)"
                              r"\b|no\.?$|number$|ref(?:erence)?$)")),
    (STEP, re.compile(r"(?i)\b(?:step|action)\s*(?:no|number|ref)\b|^(?:\d\.\s*)?steps?$")),
    ("target", re.compile(r"(?i)\b(?:target|completion|due|end)\s*dates?\b|\btimescales?\b|"
                          r"\bby\s+when\b|\bdeadline\b|^(?:\d\.\s*)?dates?$")),
    ("agreement", re.compile(r"(?i)\bagreed\b|\baccepted\b|\bagreement\b")),
    ("owner", re.compile(r"(?i)\bowners?\b|\bresponsible\b|\blead\b")),
    (EXTRA, re.compile(r"(?i)\bprogress\b|\bstatus\b|\bcomments?\b|\bupdate\b|\brag\b")),
    ("response", re.compile(r"(?i)\bresponse\b|\bactions?\b")),
    ("rec_text", re.compile(r"(?i)\brecommendations?\b")),
)

# Cell types.
NUMBER, STEP_NUMBER, AGREE, DATE, OWNER, SHOULD, TEXT, SHORT, JUNK = (
    "number", "step_number", "agreement", "date", "owner", "should", "text", "short", "junk")
STEP_TEXT = "step_text"  # a step number alone and the cell after it: a step's text
_REC_NUMBER = re.compile(r"(?i)^(?:rec(?:ommendation)?\.?\s*)?\d{1,2}[a-h]?[.)]?$")
_STEP_NUMBER = re.compile(
    rf"^(?:\d{{1,2}}\.\d{{1,2}}\.?|\(?\d{{1,2}}\)|\(?{STEP_LETTER}\)|{STEP_LETTER}\.)$")
_SHOULD = re.compile(r"^(?:The\s+)?[A-Z][\w&’'.,()\- ]{1,80}?\s+should\b")
_SENTENCE_WORDS = re.compile(r"(?i)\b(?:we|our|will|shall|saw|has|have|had|was|were|is|are)\b")
_JUNK = re.compile(r"^(?:[^\W\d_]|[\W_]+|[^\W\d_][\W_]+[^\W\d_])$")  # "e", "--", "t i"


@dataclass(frozen=True)
class Settings:
    """The alignment's tunables, in one place."""

    position_bonus: float = 1.5  # a cell in the column the header puts it in
    long_text_words: int = 8  # a sentence this long is a response or a recommendation
    date_words: int = 8  # a short cell naming a date or status is a target
    # How well a cell type suits a role (missing pairs: ``mismatch``).
    suits: dict[tuple[str, str], float] = field(default_factory=lambda: {
        (NUMBER, "rec_number"): 4, (NUMBER, STEP): 2, (NUMBER, "response"): -1,
        (STEP_NUMBER, STEP): 4, (STEP_NUMBER, "response"): 1,
        (AGREE, "agreement"): 6,
        (DATE, "target"): 5, (DATE, EXTRA): 0.5, (DATE, "response"): -3,
        (OWNER, "owner"): 4, (OWNER, "response"): 0, (OWNER, "rec_text"): -1, (OWNER, EXTRA): 0,
        (SHOULD, "rec_text"): 5, (SHOULD, "response"): -1,
        (TEXT, "response"): 3, (TEXT, "rec_text"): 1.5, (TEXT, EXTRA): -1,
        (STEP_TEXT, "response"): 5,
        (SHORT, "response"): 1, (SHORT, "rec_text"): 1, (SHORT, "owner"): 1, (SHORT, EXTRA): 1,
        (SHORT, "target"): -1,
    })
    mismatch: float = -5.0


SETTINGS = Settings()
STANDARD = tuple(COLUMNS)


@dataclass
class LineTrace:
    """What the stages made of one line (for ``actionplans check --debug``)."""

    cells: list[str]
    types: list[str]
    roles: list[str | None]
    six: str


def header_roles(cells: list[str]) -> tuple[str, ...]:
    """The role of each column of the table's header row (``extra`` when none fits)."""
    roles = []
    for cell in cells:
        text = clean_cell(cell)
        role = next((r for r, pattern in _HEADER_ROLES if pattern.search(text)), EXTRA)
        roles.append(role if text else EXTRA)
    while roles and roles[-1] == EXTRA and not clean_cell(cells[len(roles) - 1]):
        roles.pop()
    return tuple(roles)


def _quick_type(cell: str) -> str | None:
    """The cheap part of :func:`type_cell`: empty, a number, junk, or "?" (not yet typed)."""
    text = clean_cell(cell) if "<" in cell or "&" in cell else " ".join(cell.split())
    if not text:
        return None
    if _STEP_NUMBER.match(text):
        return STEP_NUMBER
    if _REC_NUMBER.match(text):
        return NUMBER
    return JUNK if _JUNK.match(text) else "?"


def type_cell(cell: str, settings: Settings = SETTINGS) -> str | None:
    """What a cell holds; None for an empty cell."""
    quick = _quick_type(cell)
    if quick != "?":
        return quick
    text = clean_cell(cell)
    if AGREEMENT.match(text) or agreement_part(text):  # (or half of one a page break cut)
        return AGREE
    if _SHOULD.match(text):
        return SHOULD
    if len(text.split()) > 3 * settings.date_words:
        return TEXT  # (too long for a date or an owner: skip the costlier checks)
    if looks_like_target(text) or (len(text.split()) <= settings.date_words
                                   and DATE_EXPR.search(text) and not text.endswith((".", ","))
                                   and not _SENTENCE_WORDS.search(text)):
        return DATE  # (a date or status with a word or two: "Ongoing practice"; not the
        #              start of a sentence naming one: "April 2019 saw the ...")
    if _SHOULD.match(text):
        return SHOULD
    if looks_like_owner(text):
        return OWNER
    if len(text.split()) >= settings.long_text_words or re.search(r"[.!?:]$", text):
        return TEXT
    return SHORT


def merge_step_numbers(cells: list[str], types: list[str | None], number_column: int,
                       ) -> tuple[list[str], list[str | None]]:
    """A step number alone in a cell starts the text of the next non-empty cell, in whatever
    column it falls (a plain number in the Rec No column stays a recommendation number).
    That cell is the step's text even when its first line reads as a date ("Monthly
    reviews of ...", "Review current ..."), whether the number reads "2)" or "2.", provided
    the row's own cells follow it: a step number is printed before its text, never before
    its owner or date. The merged cell is typed ``step_text``:
    it can only be a response, so the cells after it are the row's owner, date and notes
    (a date cell worded as a sentence does not pull the row one column left)."""
    cells, types = list(cells), list(types)
    for i in range(len(cells) - 1):
        kind = types[i]
        if kind not in (STEP_NUMBER, NUMBER) or (kind == NUMBER and i == number_column):
            continue
        j = next((k for k in range(i + 1, len(cells)) if types[k] is not None), None)
        if j is None:
            continue
        followed = any(t is not None for t in types[j + 1:])
        if types[j] not in (TEXT, SHORT, OWNER) and not (types[j] == DATE and followed):
            continue
        number = clean_cell(cells[i])
        number += "." if number.isdigit() else ""  # (a bare "2": step 2, as "2." reads)
        cells[j] = f"{number} {cells[j].strip()}"
        types[j] = STEP_TEXT
        cells[i], types[i] = "", None
    return cells, types


def align(types: list[str | None], roles: tuple[str, ...], settings: Settings = SETTINGS,
          ) -> list[str | None] | None:
    """The best role for each non-empty cell, keeping the cells' order; None when the line
    has more cells than the header has columns."""
    filled = [i for i, t in enumerate(types) if t is not None and t != JUNK]
    n, m = len(filled), len(roles)
    if n > m:
        return None
    minus = float("-inf")
    # best[k][j]: the score of the first k cells with cell k-1 in column j-1.
    best = [[minus] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for k in range(1, n + 1):
        cell = filled[k - 1]
        kind = types[cell]
        for j in range(k, m + 1):
            role = roles[j - 1]
            gain = settings.suits.get((kind, role), settings.mismatch)
            if cell == j - 1:
                gain += settings.position_bonus
            prev_j, prev = max(((p, best[k - 1][p]) for p in range(0, j)),
                               key=lambda item: item[1])
            if prev > minus:
                best[k][j], back[k][j] = prev + gain, prev_j
    j = max(range(n, m + 1), key=lambda c: best[n][c]) if n else 0
    out: list[str | None] = [None] * len(types)
    for k in range(n, 0, -1):
        out[filled[k - 1]] = roles[j - 1]
        j = back[k][j]
    return out


def six_columns(cells: list[str], cell_roles: list[str | None]) -> str:
    """The line in the reader's six columns: a step number before the response, the cells
    of columns it does not read (Progress) left out (``extra_cells`` names them)."""
    by_role: dict[str, list[str]] = {}
    for cell, role in zip(cells, cell_roles, strict=True):
        if role is not None and cell.strip():
            by_role.setdefault(role, []).append(cell.strip())
    if STEP in by_role:  # (a bare "2" in a Step column is step 2: printed "2." before the text)
        steps = [f"{c}." if c.isdigit() else c for c in by_role.pop(STEP)]
        by_role["response"] = [" ".join(steps + by_role.get("response", []))]
    return "\t".join(" ".join(by_role.get(role, [])) for role in COLUMNS)


def extra_cells(cells: list[str], cell_roles: list[str | None], roles: tuple[str, ...],
                ) -> list[str]:
    """The cells of a column the reader does not read (a Progress column), where the header
    has it, counted from the row's own columns: a row shifted right of the header (a step
    number alone after empty cells) prints the column as far right as its other cells. A
    cell aligned there from elsewhere is not recognised (so it stays unplaced)."""
    out, shift = [], 0
    for i, (cell, role) in enumerate(zip(cells, cell_roles, strict=True)):
        if role in roles and role != EXTRA and cell.strip():
            shift = i - roles.index(role)  # where the row's last column read sits
        elif role == EXTRA and cell.strip() and 0 <= i - shift < len(roles) and \
                roles[i - shift] == EXTRA:
            out.append(cell)
    return out


def _misplaced(types: list[str | None], roles: tuple[str, ...]) -> bool:
    """A full-width line holding one sentence, in the date column or beyond: a wrapped line
    of a row shifted right (it keeps its row's column), which position would take as a date."""
    filled = [(i, t) for i, t in enumerate(types) if t is not None]
    if len(types) < len(COLUMNS) or len(filled) != 1:
        return False
    i, kind = filled[0]
    return kind in (TEXT, SHOULD) and (i >= len(roles) or roles[i] in ("target", EXTRA))


def is_standard(roles: tuple[str, ...]) -> bool:
    """The six columns in order, perhaps without Rec No, perhaps with a page margin before
    them or columns the reader does not read after them (``nlp.plan.column_shift`` handles
    those by position)."""
    core = list(roles)
    while core and core[0] == EXTRA:
        core.pop(0)
    while core and core[-1] == EXTRA:
        core.pop()
    return tuple(core) in (STANDARD, STANDARD[1:])


@dataclass
class RowMemory:
    """What the lines read so far say about the next: where the last row's response cell
    sat (a wrapped line keeps its row's column, whatever its words look like)."""

    response_at: int | None = None


def _continuation(cells: list[str], quick: list[str | None], memory: RowMemory | None,
                  roles: tuple[str, ...], extra: list[str] | None = None,
                  ) -> tuple[str, bool] | None:
    """A line holding text in the column where the row above had its response, and no
    number: the row's next line, in the row's columns. One cell: the response's next line
    (so "evidenced through the ongoing review" is not a date, nor "Managers in every team"
    an owner), returned in six columns. A row shifted right of the header: the line shifted
    back as its row was (its owner's next line stays an owner). Text before the response
    as well (the recommendation's next line): each cell takes the header's column, counted
    from the row's response (so a response line that reads as an owner stays response).
    A lone line with words that reads as a number ("Recommendation 3)") is text too."""
    filled = [i for i, t in enumerate(quick) if t is not None]
    if memory is None or not filled or memory.response_at not in filled:
        return None
    if any(STEP_MARK.match(clean_cell(cells[i])) for i in filled if i < memory.response_at):
        return None  # (a step number left of the row's response: a new step's row, in place)
    worded = quick[memory.response_at] == NUMBER and len(filled) == 1 and \
        bool(re.search(r"[^\W\d_]{2}", cells[memory.response_at]))
    if quick[memory.response_at] != "?" and not worded:
        return None
    if filled[0] == memory.response_at and len(filled) == 1:
        return "\t".join(cells[filled[0]].strip() if role == "response" else ""
                         for role in COLUMNS), True
    home = roles.index("response") if "response" in roles else filled[0]
    shift = memory.response_at - home
    by_column = [roles[i - shift] if 0 <= i - shift < len(roles) else None for i in filled]
    if any(quick[i] != "?" for i in filled) or not set(by_column) <= _ROW_LINE_ROLES:
        if filled[0] == memory.response_at and shift > 0:
            return "\t".join(cells[shift:]), False  # (read by position, shifted back)
        return None  # (a number, an agreement column: a new row)
    cell_roles: list[str | None] = [None] * len(cells)
    for i, role in zip(filled, by_column, strict=True):
        cell_roles[i] = role
        if role == EXTRA and extra is not None:
            extra.append(cells[i])  # (the Progress column's note, where the row has it)
    return six_columns(cells, cell_roles), True


_ROW_LINE_ROLES = {"rec_text", "response", "owner", "target", EXTRA}


def retype_line(line: str, roles: tuple[str, ...], settings: Settings = SETTINGS,
                trace: list[LineTrace] | None = None, extra: list[str] | None = None,
                memory: RowMemory | None = None) -> tuple[str, bool]:
    """A table line made into six columns by what its cells hold, when position alone cannot
    be trusted: the header is not the usual six, the line is wider than the header, or a
    step number or a junk fragment sits alone in a cell. Returns the line and whether it is
    now in the six columns (else it is left, repaired, for the positional reading)."""
    if "\t" not in line:
        return line, False
    cells = line.split("\t")
    while cells and not cells[-1].strip():
        cells.pop()
    if is_summary_line(cells):
        return line, False  # (the counts table after the plan: the reader leaves it out)
    if is_header_line(cells) or is_junk_line(cells):
        return line, False  # page furniture: a row cut by the page break goes on in its columns
    standard = is_standard(roles)
    number_column = roles.index("rec_number") if "rec_number" in roles else -1
    quick = [_quick_type(c) for c in cells]  # (typing every cell of every line costs)
    continued = _continuation(cells, quick, memory, roles, extra)
    if continued is not None:
        return continued
    if memory is not None:  # (until the alignment below says otherwise: the header's)
        memory.response_at = roles.index("response") if "response" in roles else None
    odd = any(t in (STEP_NUMBER, JUNK) or (t == NUMBER and i != number_column)
              for i, t in enumerate(quick))
    if standard and len(cells) <= len(roles) and not odd and (
            len(cells) < len(COLUMNS) or sum(1 for t in quick if t) != 1):
        return line, False
    types = [type_cell(c, settings) for c in cells]
    if standard and len(cells) <= len(roles) and not odd and not _misplaced(types, roles):
        return line, False
    cells = [("" if t == JUNK else c) for c, t in zip(cells, types, strict=True)]
    types = [(None if t == JUNK else t) for t in types]
    before = list(types)
    cells, types = merge_step_numbers(cells, types, number_column)
    if standard and len(cells) <= len(roles) and types == before and not _misplaced(types, roles):
        # (only junk blanked)
        out, six = "\t".join(cells), False  # the reader places shorter lines by position
        cell_roles: list[str | None] = list(roles[: len(cells)])
    else:
        found = align(types, roles, settings)
        if found is None:
            return line, False
        cell_roles, out, six = found, six_columns(cells, found), True
        if memory is not None and "response" in found:
            memory.response_at = found.index("response")
        if extra is not None:
            extra.extend(extra_cells(cells, found, roles))
    if trace is not None:
        trace.append(LineTrace(cells, [t or "" for t in types], cell_roles, out))
    return out, six


def keep_row_columns(lines: list[str], roles: tuple[str, ...]) -> list[str]:
    """Wrapped lines keep their row's columns. A row printed without a leading cell the
    header has (no Rec No cell: the line starts with the recommendation, its agreement a
    cell left of the header's Agreed column)
    prints the wrapped lines below it with as many cells, also without it: they get the
    same empty cells back, so the recommendation's next line is not read as a response. Page
    furniture (a repeated header) between its lines does not end the row."""
    out: list[str] = []
    missing, width = 0, -1
    if "agreement" not in roles:
        return lines
    agreement_column = roles.index("agreement")
    for line in lines:
        cells = line.split("\t")
        agree = next((i for i, c in enumerate(cells[:3]) if AGREEMENT.match(clean_cell(c))
                      or agreement_part(c)), None)
        if is_summary_line(cells):
            missing, width = 0, -1
        elif is_header_line(cells) or is_junk_line(cells):
            pass  # page furniture: a row cut by the page break goes on in its columns
        elif agree is not None:
            missing, width = (agreement_column - agree, len(cells)) if clean_cell(cells[0]) \
                and agree < agreement_column else (0, -1)
            line = "\t" * missing + line  # (the row's own line too: its last cells keep
            # their columns, so a Progress note is not read as its target)
        elif missing and len(cells) == width and _quick_type(cells[0]) not in (NUMBER,
                                                                                STEP_NUMBER):
            line = "\t" * missing + line
        elif "\t" in line and len(cells) != width:
            missing, width = 0, -1  # another row
        out.append(line)
    return out
