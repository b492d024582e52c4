"""Text -> table rows -> recommendations and action records.

The six-column table (Rec No, Recommendation, Agreed, Response, Owner, Target date) arrives
damaged: rows broken across page breaks, headers repeated, columns shifted, several steps in
one cell with their owners and dates run together. Each function below repairs one kind of
damage; ``nlp.plan.parse_plan_text`` runs them in order (``place_cells`` on each line, then
``TableReader.read``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import groupby

from nlp.dates import looks_like_target, split_targets, target_month, target_status
from nlp.layout import FOOT_BLANK_HTML, FOOT_END_HTML, FOOT_WRAP_HTML, SOFT_BREAK
from nlp.lexicon import Lexicon, learn
from nlp.owners import looks_like_owner, owner_roles, split_owner_entries
from nlp.wraps import (
    BARE_YEAR,
    ROLE_MARK,
    acronym_word,
    fit_entries,
    fit_owners,
    fit_targets,
    fragment,
    role_runs_on,
    whole_role,
)

AGREEMENT = re.compile(
    r"(?i)^(?:partly|partially|not|fully|dis)?\s*(?:agreed|accepted)(?:\s+in\s+(?:part|full))?\.?$")
HEADER_CELL = re.compile(r"(?i)\b(rec(ommendation)?\s*no|target\s*date|responsible|"
                         r"agreed\s*/\s*partly|response\s*action)\b")
ADDRESSEE = re.compile(r"^(?P<who>(?:The\s+)?[A-Z][\w&’'.,()\- ]{1,80}?)\s+should\s*:\s*")
REPEATED_NOTE = re.compile(
    r"\s*\(?This (?:recommendation )?(?:has been|was|is) (?:a )?repeated(?: recommendation)?"
    r" from (?:the|a|our)?\s*(?:previous|last|earlier|prior) inspection\.?\)?", re.I)
NUMBER_IN_TEXT = re.compile(r"^(\d{1,2})[.)]\s+(?=[A-Z])")
REC_NUMBER = re.compile(r"^(?:rec(?:ommendation)?\.?\s*|r)?(\d{1,2}[a-h]?)[.)]?$", re.I)
# 1.1 / 3) / (3) / a) / a. (Word's list formats); a lettered list runs past "h)" ("i)",
# "j)"), or counts in roman numerals ("ii)", "iv.").
STEP_LETTER = r"(?:[a-z]|i{2,3}|iv|vi{1,3}|ix|xi{1,2})"
STEP_NUMBER = (rf"\d{{1,2}}\.\d{{1,2}}\.?|\d{{1,2}}[.)]|\(\d{{1,2}}\)|\(?{STEP_LETTER}\)|"
               rf"{STEP_LETTER}\.")
STEP_MARK = re.compile(
    r"(?:(?<=^)|(?<=[.;:!?)\"'’”]\s)|(?<=\x01)|(?<=\x01\s))"
    rf"(?P<mark>{STEP_NUMBER})\s+(?=[A-Z(‘'\"“])")
SENTENCE_END = re.compile(r"(?<=[a-z0-9)’'\"”][.!?])\s+(?=[A-Z])")
COMMITMENT_START = re.compile(
    r"^(?:It|We|They|This|These|There|The\s+\w+(?:\s+\w+){0,3}|[A-Z][\w&]*(?:\s+[A-Z][\w&]*){0,3})"
    r"\s+(?:will|shall|is|are|has|have|would|can|should|continues?|aims?)\b")
NAMED_COMMITMENT = re.compile(
    r"^(?:The\s+)?[A-Z][\w&]*(?:\s+[A-Z][\w&]*){0,3}\s+(?:will|shall|continues?)\b")
HEADING = re.compile(
    r"(?i)^(?:milestones?|actions?|measurements?|measures?|monitoring|key actions?|next steps)"
    r"(?:\s*[/&:,-]\s*(?:milestones?|actions?|measures?))*\s*[:.]?$")
CONTEXT_START = re.compile(
    r"(?i)^(?:context\b|where are we now|what is our target|background\b|"
    r"this recommendation is (?:partly |not )?agreed|"
    # (the agreement restated and explained: "Not agreed. The funding ...", "We partly agree")
    r"(?:not|partly|partially) agreed\b|we (?:do not|partly|partially) (?:agree|accept)\b)")
MEASURE_CUE = re.compile(
    r"(?i)^(?:measurements?\b|measures?:|evidence (?:of|that)\b|benchmarking\b|"
    r"setting a trajectory|creating a monthly|increased [\w ]+ (?:ratings|contact))"
    r"|measure (?:the )?impact by|ensure actions are completed and measure")
# A paragraph opening with a short label and a colon: a note or measure between steps.
LABELLED = re.compile(r"^[A-Z][\w'’]*(?:[ -][\w'’]+){0,3}:\s+\S")
MEASURE_HEADING = re.compile(r"(?i)^(measure|monitor)")  # "Measures of success", "Monitoring"
ACKNOWLEDGEMENT = re.compile(
    r"(?i)\b(?:accepts?|acknowledges?|recognises?|recognizes?|we are aware|is partly agreed|"
    r"we acknowledge)\b")
CONNECTOR_END = re.compile(
    r"(?i)(?:\b(?:and|or|of|the|to|for|in|with|a|an|by|on|at|from|as|that|which|its|their|"
    r"our|this|these|be|will|is|are|including|concerning|between|into|such|until)|[,\-–(/&])$")
BULLETS = "•●▪◦■➢►▸‣⁃∙\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf02d\uf06f\uf0a8"
# A dash, or the "o" Word prints for a second-level bullet ("o Train staff"), where a list
# item can start: the cell's start, a paragraph break, an HTML item, or after a sentence ("o" only).
TEXT_BULLET = re.compile(r"(?:^|(?<=\s\s)|(?<=[\x01\x04]))\s*(?:[-–]|o(?=\s+[A-Z]))\s+(?=[A-Za-z])"
                         r"|(?<=[.;:!?]\s)o\s+(?=[A-Z])")
BULLET_MARK = re.compile(f"[{BULLETS}]|{TEXT_BULLET.pattern}")
STEP_NUMBER_CELL = re.compile(r"^\d{1,2}(?:\.\d{1,2})?[.)]$|^\d{1,2}\.\d{1,2}$")
JUNK_CELL = re.compile(r"^[\s,.;:\-–—_|*•]*\d{0,3}[\s,.;:\-–—_|*•]*$")
# What a PDF prints on every page outside the table: page numbers and the security marking.
PAGE_FURNITURE = re.compile(
    r"(?i)^(?:page\s+\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?|\d{1,3}\s+of\s+\d{1,3}|"
    r"official(?:\s*[-–—:]?\s*sensitive)?|unclassified|not\s+protectively\s+marked)$")

# Boundary strengths between pieces of a response cell.
NUMBERED, BLOCK, PARAGRAPH, SUBITEM, SENTENCE = 4.0, 3.0, 2.0, 1.0, 1.0


COLUMNS = ("rec_number", "rec_text", "agreement", "response", "owner", "target")


@dataclass
class Row:
    """One table line with its cells placed in the six columns."""

    rec_number: str = ""
    rec_text: str = ""
    agreement: str = ""
    response: str = ""
    owner: str = ""
    target: str = ""
    after_break: bool = False  # the first row after a repeated header (a page break)
    last_line: str | None = None  # a row joined across a page break: its last line's response


@dataclass
class Piece:
    """A candidate action inside a response cell, and how strongly it is split from the last."""

    text: str
    strength: float
    step: str | None = None
    numbered_cell: bool = False
    kind: str | None = None
    bullet: bool = False  # printed after a bullet glyph: a list item starts here


@dataclass
class Draft:
    """An action record being assembled (text may still grow across page breaks)."""

    text: str
    owners: list[str] = field(default_factory=list)
    target: str | None = None
    kind: str | None = None
    step: str | None = None
    owner_text: str = ""  # the owner entries as printed (owners holds the roles read from them)


@dataclass
class DraftRecommendation:
    number: str | None
    text: str
    agreement: str | None
    addressee: str | None = None
    drafts: list[Draft] = field(default_factory=list)
    repeated: bool = False
    cells: list[str] = field(default_factory=list)  # number/text/agreement cells as printed
    agreement_cell: str = ""  # the agreement as printed (halves a line or page break cut joined)
    furniture: list[str] = field(default_factory=list)  # text recognised and left out


def clean_cell(cell: str) -> str:
    """A cell without HTML tags or entities, whitespace collapsed."""
    text = re.sub(r"<[^>]+>", " ", cell)
    return " ".join(html.unescape(text).split())


HEADER_WORD = re.compile(
    r"(?i)^(?:\d\.\s*)?(?:(?:rec(?:ommendation)?s?\.?|no\.?)(?:\s*(?:no\.?|number|ref(?:erence)?))?"
    r"|agreed.*|accepted.*|agreement\??|"
    r"response.*|actions?(?:\s*\(s\))?(?:\s+(?:taken|planned|to\s+be\s+taken|required).*)?|"
    r"(?:responsible\s+|action\s+)?owners?.*|responsible.*|"
    r"lead(?:\s+(?:officer|person|manager|owner|role))?s?|"
    r"(?:target|completion|due|end)\s+dates?|timescales?|deadline|date|by\s+when|"
    r"progress|status)\??$")


def is_header_line(cells: list[str]) -> bool:
    """The table's column header, repeated at the top of every page: its cells are labels
    (a recommendation or a step that mentions "the responsible officer" is none)."""
    hits = sum(1 for c in cells if HEADER_CELL.search(c) and len(clean_cell(c).split()) <= 15)
    if hits >= 2 or (hits >= 1 and any(re.match(r"(?i)^\d\.\s*recommendation", c.strip())
                                       for c in cells)):
        return True
    texts = [clean_cell(c) for c in cells if clean_cell(c)]
    return len(texts) >= 3 and all(len(t.split()) <= 12 for t in texts) and sum(
        1 for t in texts if HEADER_WORD.match(t)) >= 3


def is_junk_line(cells: list[str]) -> bool:
    """Ruler lines ("--\\t---"), page numbers ("Page 3 of 9"), security markings
    ("OFFICIAL") and comma runs left by the PDF."""
    return all(JUNK_CELL.match(c) or PAGE_FURNITURE.match(c) for c in map(clean_cell, cells))


def is_summary_line(cells: list[str]) -> bool:
    """The counts table at the end ("Agreed\\t5", "Total\\t5", "Recommendations")."""
    texts = [clean_cell(c) for c in cells if clean_cell(c)]
    if len(texts) == 1 and re.fullmatch(
            r"(?i)(?:summary(?: of)?\s*)?(?:the\s+)?recommendations?(?:\s+summary)?|summary",
            texts[0]):
        return True
    return len(texts) == 2 and bool(re.fullmatch(r"\d+", texts[1])) and \
        len(texts[0].split()) <= 6 and bool(
            re.search(r"(?i)\b(?:agreed|accepted|total|recommendations?)\b", texts[0]))


def normalise_agreement(cell: str) -> str | None:
    """ "agreed", "partly agreed" or "not agreed", whatever the plan's wording."""
    text = clean_cell(cell).lower()
    if not text:
        return None
    if re.search(r"\b(?:partly|partially|in part)\b", text):
        return "partly agreed"
    if re.search(r"\bnot\b|\bdisagreed\b", text):
        return "not agreed"
    return "agreed"


def agreement_part(cell: str) -> bool:
    """One half of an agreement a page break cut ("Partly" | "Agreed", "Agreed in" | "part"):
    no agreement alone, one with the word an agreement ends or starts with beside it."""
    text = clean_cell(cell)
    return bool(text) and not AGREEMENT.match(text) and any(
        AGREEMENT.match(whole) for whole in (f"{text} agreed", f"{text} part", f"agreed {text}"))


def _agreement_runs_on(left: str, right: str) -> bool:
    """An agreement cell cut by the page break: its halves together make one agreement."""
    return agreement_part(left) and bool(AGREEMENT.match(
        f"{clean_cell(left)} {clean_cell(right)}"))


def place_cells(line: str) -> Row | None:
    """Put a tab-separated line's cells in their columns, repairing shifted columns."""
    cells = line.split("\t")
    if is_header_line(cells) or is_junk_line(cells) or is_summary_line(cells):
        return None
    stripped = [c.strip() for c in cells]
    agreement_at = next((i for i, c in enumerate(stripped) if i <= 3 and
                         AGREEMENT.match(clean_cell(c))), None)
    if agreement_at is not None:
        left, right = stripped[:agreement_at], stripped[agreement_at + 1:]
        row = Row(agreement=clean_cell(stripped[agreement_at]))
        if len(left) >= 2:
            row.rec_number, row.rec_text = left[-2], " ".join(left[:-2] + [left[-1]]) \
                if len(left) > 2 else left[-1]
        elif len(left) == 1:
            if _is_number_like(left[0]):
                row.rec_number = left[0]
            else:
                row.rec_text = left[0]
        if not row.rec_number and _is_number_like(row.rec_text):  # "7." alone in the text cell
            row.rec_number, row.rec_text = row.rec_text, ""
        _place_response(row, right)
        return row
    if len(stripped) >= 6:
        if stripped[0] and not _is_number_like(stripped[0]) and not rec_number_of(stripped[0]) \
                and not stripped[1]:
            stripped[0], stripped[1] = "", stripped[0]  # text slid left into the number column
        row = Row(stripped[0], stripped[1], "", stripped[3], stripped[4],
                  " ".join(c for c in stripped[5:] if c))
        if STEP_NUMBER_CELL.match(clean_cell(stripped[2])):  # "2." printed in a column of its own
            row.response = f"{clean_cell(stripped[2])} {row.response}".strip()
        elif agreement_part(stripped[2]):  # ("Partly" at the page's foot, "Agreed" on the next)
            row.agreement = clean_cell(stripped[2])
        elif stripped[2] and not (row.rec_text or row.response or row.owner or row.target):
            row.response = stripped[2]  # a response alone, one cell left of its column
        elif stripped[2]:  # text in the agreement column is recommendation text that slid right
            row.rec_text = " ".join(filter(None, [row.rec_text, stripped[2]]))
        return row
    while stripped and not stripped[-1]:
        stripped.pop()
    if not stripped:
        return None
    row = Row()
    if len(stripped) >= 2 and looks_like_target(stripped[-1]) and (
            len(stripped) >= 3 or not looks_like_target(stripped[0])):
        row.target = stripped.pop()
        if len(stripped) >= 2 and stripped[-1] and not stripped[-1].endswith((".", ":")) and (
                looks_like_owner(stripped[-1]) or len(stripped[-1].split()) <= 12
                or _is_owner_list(stripped[-1])):
            row.owner = stripped.pop()
    elif len(stripped) == 2 and looks_like_owner(stripped[1]) and len(stripped[0].split()) > 6:
        row.owner = stripped.pop()
    if len(stripped) == 3 and not row.target and not _is_number_like(stripped[0]) and (
            looks_like_owner(stripped[1]) or _is_owner_list(stripped[1])):
        row.response, row.owner, row.target = stripped  # a target cell in words
    elif len(stripped) == 1:
        row.response = stripped[0]
    elif len(stripped) == 2:
        row.rec_text, row.response = stripped
    elif len(stripped) in (4, 5) and not stripped[2] and stripped[3] and not row.owner:
        # the line stops at the owner (no date): its cells are still in their columns
        row.rec_number, row.rec_text, row.response = stripped[0], stripped[1], stripped[3]
        row.owner = stripped[4] if len(stripped) == 5 else ""
    else:
        row.rec_number, row.rec_text, row.response = stripped[0], stripped[1], " ".join(
            stripped[2:])
    if _is_number_like(row.rec_text) and not row.rec_number:
        row.rec_number, row.rec_text = row.rec_text, ""
    return row


def _is_owner_list(cell: str) -> bool:
    """An owner cell listing one owner per step ("<p>Director</p> <p>Quality Lead</p>")."""
    entries = split_owner_entries(cell)
    return len(entries) > 1 and all(looks_like_owner(e) for e in entries)


def _place_response(row: Row, right: list[str]) -> None:
    if right:
        row.response = right[0]
    if len(right) > 1:
        row.owner = right[1]
    if len(right) > 2:
        row.target = " ".join(c for c in right[2:] if c)


def _is_number_like(cell: str) -> bool:
    text = clean_cell(cell)
    return bool(text) and len(text) <= 4 and not re.search(r"[a-z]{3}", text, re.I)


def _row_number(row: Row) -> str | None:
    """The recommendation number a row prints, in its own cell or at the start of the text."""
    numbered = NUMBER_IN_TEXT.match(clean_cell(row.rec_text))
    return rec_number_of(row.rec_number) or (numbered.group(1) if numbered else None)


def rec_number_of(cell: str) -> str | None:
    """The printed recommendation number, or None when it is missing or garbled."""
    match = REC_NUMBER.match(clean_cell(cell))
    return match.group(1) if match else None


def segment_response(cell: str) -> list[Piece]:
    """Split a response cell at every place a new step could start, weakest to strongest.

    HTML blocks and bullets are strong boundaries, numbered steps the strongest, runs of
    spaces (the PDF's paragraph breaks) medium, sentences weak. Nested list items, and
    bullets after a colon, are sub-items of the step before them, until a bullet printed
    with the top level's glyph ("•" after "o" items) ends the sub-list.
    """
    text = _mark_blocks(html.unescape(re.sub(r"[\x01-\x04]", " ", cell)))
    glyphs = [m.group(0).strip()[:1] for m in BULLET_MARK.finditer(text)]
    text = BULLET_MARK.sub("\x02", text)
    text = re.sub(r" {2,}", "\x03", text.strip())
    raw: list[tuple[str, float, bool]] = []
    in_sublist = False
    outer: set[str] = set()  # bullet glyphs of the top level, and of the current sub-list
    inner = ""
    seen = 0
    for match in re.finditer(r"([\x01-\x04\s]*)([^\x01-\x04]+)", text):
        seps, chunk = match.group(1), match.group(2).strip()
        seen += seps.count("\x02")
        glyph = glyphs[seen - 1] if "\x02" in seps else ""
        if not chunk or JUNK_CELL.match(chunk):
            continue
        if "\x04" in seps:
            strength = SUBITEM
        elif "\x01" in seps or "\x02" in seps:
            strength = BLOCK
            if in_sublist and glyph and glyph != inner and glyph in outer:
                in_sublist = False  # back to the top level's glyph: the sub-list has ended
            elif glyph and (in_sublist or (raw and raw[-1][0].rstrip().endswith(":"))):
                strength, in_sublist, inner = SUBITEM, True, inner if in_sublist else glyph
            elif glyph:
                outer.add(glyph)
        else:
            strength = PARAGRAPH if "\x03" in seps else 0.0
        if STEP_MARK.match(chunk):
            in_sublist = False
        raw.append((chunk, strength, bool(glyph)))
    pieces: list[Piece] = []
    numbered = any(STEP_MARK.search(chunk) for chunk, _, _ in raw)
    for chunk, strength, bullet in raw:
        for i, (step, part) in enumerate(_split_numbered(chunk)):
            s = NUMBERED if step else (strength if i == 0 else PARAGRAPH)
            if numbered and not step and s >= BLOCK and any(p.step for p in pieces):
                # a bullet or paragraph inside a numbered step; one a label opens
                # ("Progress to date: ...", "Measure of success: ...") is a record of its own
                s = NUMBERED if not bullet and LABELLED.match(part) else PARAGRAPH
            for j, sentence in enumerate(_sentences(part)):
                pieces.append(Piece(sentence, s if j == 0 else _sentence_strength(sentence),
                                    step if j == 0 else None, numbered,
                                    bullet=bullet and i == 0 and j == 0))
    if pieces:
        pieces[0].strength = BLOCK
    return pieces


def _mark_blocks(text: str) -> str:
    """Replace HTML by boundary marks: \\x01 a block or top-level item, \\x04 a nested item."""
    out: list[str] = []
    depth = 0
    for token in re.split(r"(<[^>]*>)", text):
        tag = re.match(r"<\s*(/?)\s*([a-zA-Z]+)", token)
        if not tag:
            out.append(token)
            continue
        closing, name = tag.group(1) == "/", tag.group(2).lower()
        if name in {"ul", "ol"}:
            depth = max(0, depth - 1) if closing else depth + 1
            out.append(" ")
        elif name == "li" and not closing:
            out.append("\x04" if depth >= 2 else "\x01")
        elif name in {"p", "br", "div"} and not closing:
            out.append("\x01")
        elif name in {"i", "b", "em", "strong", "span", "a", "u", "sup", "sub", "font"}:
            continue
        else:
            out.append(" ")
    return "".join(out)


def _split_numbered(chunk: str) -> list[tuple[str | None, str]]:
    marks = list(STEP_MARK.finditer(chunk))
    if not marks:
        return [(None, chunk)]
    out: list[tuple[str | None, str]] = []
    if chunk[: marks[0].start()].strip():
        out.append((None, chunk[: marks[0].start()].strip()))
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(chunk)
        out.append((mark.group("mark").strip("(.)"), chunk[mark.end():end].strip()))
    return out


def _sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text) if s.strip()] or [text]


def _sentence_strength(sentence: str) -> float:
    if NAMED_COMMITMENT.match(sentence) and not sentence.startswith(("It ", "This ", "These ")):
        return SENTENCE + 0.6
    if COMMITMENT_START.match(sentence):
        return SENTENCE + 0.5
    return SENTENCE - 0.5


def group_pieces(pieces: list[Piece], threshold: float) -> list[Piece]:
    """Merge every boundary weaker than ``threshold`` into the piece before it."""
    return [merge_group(group) for group in natural_groups(pieces, threshold)]


def fit_pieces(pieces: list[Piece], wanted: int) -> list[Piece]:
    """Group fine pieces into ``wanted`` steps, keeping the strongest boundaries.

    Used when the owner and date cells show how many steps the row holds. Ties keep the
    earlier boundary.
    """
    if len(pieces) <= 1 or wanted <= 1:
        return group_pieces(pieces, float("inf"))
    order = sorted(range(1, len(pieces)), key=lambda i: (-pieces[i].strength, i))
    keep = set(order[: wanted - 1])
    groups: list[list[Piece]] = []
    for i, piece in enumerate(pieces):
        if i == 0 or i in keep:
            groups.append([piece])
        else:
            groups[-1].append(piece)
    return [merge_group(group) for group in groups]  # (each keeps its kind: issue 15)


def join_text(left: str, right: str) -> str:
    """Join two halves of text split by a page or line break ("Multi-" + "Agency")."""
    left, right = left.rstrip(), right.strip()
    if not left:
        return right
    if not right:
        return left
    if re.search(r"[A-Za-z]-$", left) and right[:1].isalpha():
        return left + right
    return f"{left} {right}"


_TAG = re.compile(r"<[^>]+>")
_MARKS = re.compile(f"[{BULLETS}\x01\x02\x03]")
_LEADING_STEP = re.compile(rf"^\s*(?:{STEP_NUMBER})\s+(?=[A-Z(])")
_LEADING_BULLET = re.compile(r"^\s*(?:[-–]|o(?=\s+[A-Z]))\s+")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?)])")


def clean_text(text: str) -> str:
    """Final tidy of record text: no bullets, step numbers, tags or doubled spaces."""
    text = _MARKS.sub(" ", _TAG.sub(" ", html.unescape(text)))
    text = _LEADING_BULLET.sub("", _LEADING_STEP.sub("", text))
    text = " ".join(text.split())
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text).strip(" ,;")


def is_open(text: str) -> bool:
    """True when text stops mid-sentence (so a later fragment continues it)."""
    text = text.rstrip(" \"'’”")
    return bool(text) and not re.search(r"[.!?:)]$", text)


def is_heading(text: str) -> bool:
    return bool(HEADING.match(clean_text(text)))


def is_lead_in(text: str) -> bool:
    """A short phrase that introduces what follows: "The NPS NE will:", "What is our Target?"."""
    cleaned = clean_text(text)
    if cleaned.endswith(":") and len(cleaned.split()) <= 10:
        return True
    return bool(CONTEXT_START.match(cleaned)) and len(cleaned.split()) <= 8 and \
        cleaned.endswith(("?", ":"))


def _is_title(piece: Piece, following: Piece | None) -> bool:
    """A short unpunctuated line followed by a paragraph break titles the lines after it."""
    cleaned = clean_text(piece.text)
    return (following is not None and following.strength == PARAGRAPH and not piece.step
            and len(cleaned.split()) <= 6 and not re.search(r"[.!?:;)]$", cleaned))


def lead_in_label(text: str) -> str:
    """A lead-in as the label of what it introduces: ends in a colon unless punctuated."""
    return text if re.search(r"[.!?:]$", text) else f"{text}:"


def fold_headings(pieces: list[Piece], titles: bool = False,
                  dropped: list[str] | None = None) -> list[Piece]:
    """Drop headings ("Milestones/ Actions") and fold lead-ins into the piece they introduce.

    Pieces after a measurement heading are measures. With ``titles``, short unpunctuated
    lines before a paragraph break are read as titles of what follows, not as steps.
    """
    out: list[Piece] = []
    carry: Piece | None = None
    measures = False
    for i, piece in enumerate(pieces):
        text = clean_text(piece.text)
        following = pieces[i + 1] if i + 1 < len(pieces) else None
        if is_heading(text):
            measures = measures or bool(MEASURE_HEADING.match(text))
            if dropped is not None:
                dropped.append(text)
            if carry is None:
                carry = Piece("", piece.strength, piece.step, piece.numbered_cell)
            continue
        if following is not None and (is_lead_in(text) and piece.strength >= PARAGRAPH
                                      or (titles and _is_title(piece, following))):
            measures = measures or bool(MEASURE_CUE.search(text))
            label = lead_in_label(text)
            carry = Piece(join_text(carry.text, label) if carry else label,
                          carry.strength if carry else piece.strength,
                          (carry.step if carry else None) or piece.step, piece.numbered_cell,
                          "context" if CONTEXT_START.match(text) else None)
            continue
        if carry is not None:
            piece = Piece(join_text(carry.text, piece.text), carry.strength,
                          carry.step or piece.step, piece.numbered_cell, carry.kind)
            carry = None
        if measures and piece.kind is None:
            piece.kind = "measure"
        out.append(piece)
    if carry is not None and carry.text:
        out.append(carry)
    return out


def natural_groups(pieces: list[Piece], threshold: float) -> list[list[Piece]]:
    """Fine pieces grouped at every boundary at least ``threshold`` strong."""
    groups: list[list[Piece]] = []
    for piece in pieces:
        if groups and piece.strength < threshold:
            groups[-1].append(piece)
        else:
            groups.append([piece])
    return groups


def merge_group(group: list[Piece]) -> Piece:
    text = ""
    for piece in group:
        text = join_text(text, piece.text)
    first = group[0]
    kind = next((p.kind for p in group if p.kind), None)
    return Piece(text, first.strength, first.step, first.numbered_cell, kind)


def row_entries(row: Row, n_steps: int, drawn: bool = False
                ) -> tuple[list[str], list[str], int]:
    """The owner and date entries of a row, split to agree with its ``n_steps`` steps.

    The date cell is the more reliable count; owners follow it. Also returns how many steps
    the row should be split into. In a table a document draws (``drawn``: Word, PDF), an
    owner entry is a paragraph of its cell (a wrap the page cannot tell from a break is
    fitted before, by :func:`nlp.wraps.fit_entries`): one is never cut at its commas.
    """
    targets = split_targets(row.target, keep_empty=True)
    natural = split_owner_entries(row.owner, keep_empty=True) if row.owner else []
    # Empty paragraphs opening or closing a cell are the first or last steps' missing
    # entries when they make the paragraphs one per step (a Word cell keeps them; otherwise
    # they are spacing).
    target_pad, owner_pad = _empty_ends(row.target, n_steps), _empty_ends(row.owner, n_steps)
    targets = [""] * target_pad[0] + targets + [""] * target_pad[1]
    natural = [""] * owner_pad[0] + natural + [""] * owner_pad[1]
    counts = {len(targets), len(natural)} - {0}
    wanted = n_steps if n_steps in counts else (len(targets) if len(targets) > 1 else n_steps)
    if not clean_cell(row.owner):
        owners = []
    elif wanted > 1:
        lead, trail = owner_pad if wanted == n_steps else (0, 0)
        owners = [""] * lead + split_owner_entries(
            row.owner, 1 if drawn else wanted - lead - trail, keep_empty=True) + [""] * trail
    else:
        owners = [clean_cell(row.owner)] if len(targets) <= 1 else natural
    return owners, targets, wanted


_PARAGRAPH_TAG = re.compile(r"(?i)<p\b")
# A soft break after a sentence's end, before a step label: a new paragraph in a response
# cell (a typesetter had no room for the space after the last word: nothing else tells).
_SOFT_STEP = re.compile(rf"(?<=[.!?;:)\"'’”]){SOFT_BREAK}\s*(?=(?:{STEP_NUMBER})\s+[A-Z(‘'\"“])")
# A soft break after a sentence's end, before a narrative heading ("Where are we now?"): a
# new paragraph too (the template's headings open their paragraph).
_SOFT_NARRATIVE = re.compile(rf"(?<=[.!?)\"'’”]){SOFT_BREAK}\s*(?="
                             rf"{CONTEXT_START.pattern.removeprefix('(?i)^')})", re.I)
# Any soft break after a sentence's end, before a capital or a figure ("80% of cases"): a
# new paragraph only when the entry cells count the paragraphs so
# (``TableReader._response_paragraphs``).
_SOFT_SENTENCE = re.compile(rf"(?<=[.!?)\"'’”]){SOFT_BREAK}\s*(?=[A-Z0-9(‘'\"“])")


def _empty_ends(cell: str, n_steps: int) -> tuple[int, int]:
    """How many of the empty paragraphs opening and closing ``cell`` stand for steps with no
    entry: those that, with its other paragraphs, make one paragraph per step (the closing ones
    first, then the opening ones; (0, 0) when no such reading exists)."""
    if not _PARAGRAPH_TAG.search(cell):
        return 0, 0
    paragraphs = [bool(clean_cell(p)) for p in _cell_paragraphs(cell)]
    if not any(paragraphs):
        return 0, 0
    lead, trail = paragraphs.index(True), paragraphs[::-1].index(True)
    core = len(paragraphs) - lead - trail
    for pad in ((lead, trail), (0, trail), (lead, 0)):
        if core + sum(pad) == n_steps:
            return pad
    return 0, 0


def join_page_splits(placed: list[tuple[str, Row | None]],
                     ) -> tuple[list[Row], list[list[str]]]:
    """Rows with each row a page break split joined up again, cell by cell, so that its
    owners and dates are paired with all of its steps at once. ``placed``: each table line
    with its row (None: a header, furniture). Returns the rows and the lines of each.

    A continuation row follows a repeated header and has its leading cells empty (or only
    the rest of the recommendation's text). It is joined when an owner or date runs on into
    it ("Head of" | "Performance"), or when the row before has more owner or date entries
    than steps - entries waiting for the steps this row holds - and this row has no entries
    of its own, fewer than its own steps, or its text runs on from the row before. A row of
    entries alone (no step of its own) is always the rest of the row above. Otherwise
    it is read as a row of its own (a step on the next page; a sentence running on is joined
    by ``TableReader``).
    """
    rows: list[Row] = []
    lines: list[list[str]] = []
    after_header = False
    for line, row in placed:
        if row is None:
            after_header = after_header or is_header_line(line.split("\t"))
            continue
        kept = _foot_kept(rows[-1], row) if after_header and rows else None
        bare = _without_foot(row)  # (its own foot: for the page after it)
        wrapped = {name for name in _CELLS if rows and FOOT_WRAP_HTML in getattr(rows[-1], name)
                   and clean_cell(getattr(bare, name))}
        if kept is not None and (_continues_row(kept, bare) or wrapped and not (
                clean_cell(bare.rec_number) or clean_cell(bare.agreement))):
            ended = {name for name in _CELLS if FOOT_END_HTML in getattr(rows[-1], name)}
            joined = _fewer_blanks(_join_rows(kept, bare, ended, wrapped),
                                   _join_rows(_without_foot(rows[-1]), bare, ended, wrapped))
            joined = _fewer_opening_blanks(joined, kept, bare, ended, wrapped)
            if not _pairs(joined) and "response" not in ended and \
                    _SOFT_END.search(_without_foot(rows[-1]).response) and \
                    not _opens_paragraph(_edges("", bare.response)[1]):
                # A finished sentence on a full last line at the foot may still go on in
                # the same paragraph: where only that reading pairs the steps with the
                # entries, it does (not before a step label or a narrative heading).
                on = _join_rows(kept, bare, ended, wrapped | {"response"})
                joined = on if _pairs(on) else joined
            rows[-1] = replace(joined, **{name: getattr(joined, name) + "".join(
                f" {mark.strip()}" for mark in _FOOT.findall(getattr(row, name)))
                for name in _CELLS})
            lines[-1].append(line)
        else:
            if rows:
                rows[-1] = _without_foot(rows[-1])
            row.after_break = after_header
            rows.append(row)
            lines.append([line])
        after_header = False
    if rows:
        rows[-1] = _without_foot(rows[-1])
    return rows, lines


def _opens_step(response: str) -> bool:
    """The response cell opens with a step label: a row of its own, not the rest of one."""
    return bool(STEP_MARK.match(_edges("", response)[1]))


def _opens_paragraph(text: str) -> bool:
    """A step label or a narrative heading: a paragraph starts with it."""
    return bool(STEP_MARK.match(text) or CONTEXT_START.match(text))


def _pairs(row: Row) -> bool:
    """The row's response paragraphs as many as an owner or date cell's, one that shows its
    paragraphs with no soft break to doubt."""
    if not _PARAGRAPH_TAG.search(row.response):
        return False
    firm = [_SOFT_CLOSE.sub("", c) for c in (row.owner, row.target)]
    return len(_response_paragraphs(row.response, *firm)) in _firm_counts(*firm)


def _fewer_blanks(joined: Row, bare: Row) -> Row:
    """A row joined over a page break with its blank lines at the foot as empty entries,
    unless an entry cell read without them pairs one to one with the response's paragraphs
    (a paragraph moved whole to the next page left that room: widow and orphan control)."""
    n = len(_response_paragraphs(joined.response, joined.owner, joined.target))
    for name in ("owner", "target"):
        if len(_cell_paragraphs(getattr(joined, name))) != n == \
                len(_cell_paragraphs(getattr(bare, name))):
            joined = replace(joined, **{name: getattr(bare, name)})
    return joined


def _fewer_opening_blanks(joined: Row, prev: Row, row: Row, ended: set[str],
                          wrapped: set[str]) -> Row:
    """A row joined over a page break without the empty paragraph opening an entry cell's
    part on the next page, where the joined cell holds more paragraphs than the response and
    one fewer pairs them one to one: a paragraph that ended at the foot may push the next one
    a paragraph step down the next page (the typesetter keeps its spacing below), which reads
    as an empty entry."""
    n = len(_response_paragraphs(joined.response, joined.owner, joined.target))
    for name in ("owner", "target"):
        cell = getattr(row, name)
        if len(_cell_paragraphs(getattr(joined, name))) <= n or not _OPENING_BLANK.match(cell):
            continue
        trimmed = _join_rows(prev, replace(row, **{name: _OPENING_BLANK.sub("", cell, 1)}),
                             ended, wrapped)
        if len(_cell_paragraphs(getattr(trimmed, name))) == n:
            joined = replace(joined, **{name: getattr(trimmed, name)})
    return joined


_OPENING_BLANK = re.compile(r"(?i)^\s*<p>\s*</p>\s*")
_CELLS = ("rec_number", "rec_text", "agreement", "response", "owner", "target")
_FOOT_BLANK = re.compile(rf"\s*{re.escape(FOOT_BLANK_HTML)}")
_FOOT = re.compile(rf"\s*(?:{re.escape(FOOT_BLANK_HTML)}|{re.escape(FOOT_END_HTML)}|"
                   rf"{re.escape(FOOT_WRAP_HTML)})")


def _without_foot(row: Row) -> Row:
    """The row without the marks at a page's foot (``nlp.layout.foot_marks``)."""
    return replace(row, **{name: _FOOT.sub("", getattr(row, name)) for name in _CELLS})


def _foot_kept(prev: Row, row: Row) -> Row:
    """``prev`` with its cells' blank lines at the page's foot made empty paragraphs where the
    cell goes on in ``row`` (it filled its page to the foot: each blank line a step with no
    entry), dropped where it does not (it ended short)."""
    return _without_foot(replace(prev, **{name: _FOOT_BLANK.sub(
        " <p></p>" if clean_cell(_FOOT.sub("", getattr(row, name))) else "",
        getattr(prev, name)) for name in _CELLS}))


def _continues_row(prev: Row, row: Row) -> bool:
    if clean_cell(row.rec_number):
        return False
    if clean_cell(row.agreement):  # a new recommendation's, or the rest of one the break cut
        # ("Partly" | "Agreed"): the row goes on, joined where its owners and dates wait for
        # pairing across the break; a first page with steps but no entry pairs nothing
        # across it (``TableReader`` joins the agreement and a sentence that runs on)
        return _agreement_runs_on(prev.agreement, row.agreement) and not (
            clean_cell(prev.response) and not clean_cell(prev.owner)
            and not clean_cell(prev.target))
    if clean_cell(row.rec_text):  # the recommendation's own cell cut by the break too
        return _text_runs_on(prev.rec_text, row.rec_text, True) or \
            _text_runs_on(prev.response, row.response, True) or \
            _entry_runs_on(prev.owner, row.owner, True) or \
            _entry_runs_on(prev.target, row.target)
    if _entry_runs_on(prev.owner, row.owner, True) or _entry_runs_on(prev.target, row.target):
        return True
    if not clean_cell(row.response) and clean_cell(prev.response):
        return True  # the last entries, on the next page: no step of their own to stand by
    if not clean_cell(row.response) or not clean_cell(prev.response):
        return False
    steps = _steps(prev)
    waiting = _waiting(prev)
    if waiting > steps + _steps(row):  # (more than both rows' steps: the blank lines at the
        waiting = _waiting(_without_closing_blanks(prev))  # foot were no entries)
    if waiting > 1 and _PARAGRAPH_TAG.search(prev.response) and \
            _text_runs_on(prev.response, row.response, True):
        return True  # a row of steps as paragraphs cut mid-sentence: its entries go on too
    entries = bool(clean_cell(row.owner) or clean_cell(row.target))
    if waiting > steps and _counts_add_up(prev, row, steps):
        return True
    return waiting > steps and (not entries or _text_runs_on(prev.response, row.response, True)
                                or bool(_PARAGRAPH_TAG.search(row.response))
                                and _entries(row) < len(_response_paragraphs(
                                    row.response, row.owner, row.target)))


def _waiting(row: Row) -> int:
    """The most entries an owner or date cell of ``row`` lists (the first steps' empty
    entries too): more than its steps, some wait for steps on the next page."""
    return max(len(split_owner_entries(row.owner, keep_empty=True)) if row.owner else 0,
               len(split_targets(row.target, keep_empty=True)),
               *(len(_cell_paragraphs(c)) for c in (row.owner, row.target)
                 if _PARAGRAPH_TAG.search(c)))


_CLOSING_BLANKS = re.compile(r"(?:\s*<p>\s*</p>)+\s*$")


def _without_closing_blanks(row: Row) -> Row:
    """The row without the empty paragraphs closing its owner and date cells."""
    return replace(row, owner=_CLOSING_BLANKS.sub("", row.owner),
                   target=_CLOSING_BLANKS.sub("", row.target))


def _counts_add_up(prev: Row, row: Row, steps: int) -> bool:
    """The two rows' owner or date entries, together, are as many as their steps together,
    and neither row's alone are its own (one row's steps cut by a page break, the entries
    cut at another point)."""
    def paragraphs(r: Row, counted: int) -> int:  # a Word-style cell: one step a paragraph
        if not _PARAGRAPH_TAG.search(r.response):
            return counted
        return len(_response_paragraphs(r.response, *(_SOFT_CLOSE.sub("", c)
                                                      for c in (r.owner, r.target))))

    def entries(cell: str, split: Callable[[str], list[str]], by_paragraph: bool) -> int:
        if not clean_cell(cell):
            return 0
        if by_paragraph and _PARAGRAPH_TAG.search(cell):
            return len(_cell_paragraphs(cell))  # (empty ones too, first ones as well)
        return len(split(cell))

    def owners(cell: str) -> list[str]:
        return split_owner_entries(cell, 1, keep_empty=True)

    def dates(cell: str) -> list[str]:
        return split_targets(cell, keep_empty=True)

    for before, after, by_paragraph in (
            (steps, _steps(row), False),
            (paragraphs(prev, steps), paragraphs(row, _steps(row)), True)):
        for name, split, cut in (("owner", owners, _SOFT_END.search(prev.owner)),
                                 ("target", dates, None)):
            # (an owner whose last line ran full may go on over the break: one entry; a date
            # goes on only as ``_entry_runs_on`` reads it)
            above = entries(getattr(prev, name), split, by_paragraph)
            below = entries(getattr(row, name), split, by_paragraph)
            together = {above + below} | ({above + below - 1} if cut else set())
            if above != before and before + after in together:
                return True
    return False


def _owner_paragraphs(cell: str) -> list[str]:
    """An owner or date cell's entries as printed: its paragraphs (empty ones kept); an
    owner cell without paragraphs read as printed (``split_owner_entries``)."""
    if _PARAGRAPH_TAG.search(cell):
        return [clean_cell(p) for p in _cell_paragraphs(cell)]
    return split_owner_entries(cell, 1, keep_empty=True)


def _steps(row: Row) -> int:
    pieces = segment_response(row.response)
    return len(natural_groups(pieces, NUMBERED if any(p.step for p in pieces) else PARAGRAPH))


def _entries(row: Row) -> int:
    """A row's owner or date entries as printed, the more of the two."""
    return max(len(split_owner_entries(row.owner, 1, keep_empty=True)) if row.owner else 0,
               len(split_targets(row.target, keep_empty=True)))


def _edges(left: str, right: str) -> tuple[str, str]:
    """The last paragraph of one cell and the first of the next, as text."""
    before, after = _cell_paragraphs(left), _cell_paragraphs(right)
    return (clean_cell(before[-1]) if before else "", clean_cell(after[0]) if after else "")


def _text_runs_on(left: str, right: str, has_entries: bool) -> bool:
    """A response cell cut mid-sentence by the page break (as ``TableReader._continues``
    reads a sentence running on into the next row)."""
    a, b = _edges(left, right)
    if not a or not b or STEP_MARK.match(b) or BULLET_MARK.match(b):
        return False
    if a.endswith(":") and b[0].islower():
        return True  # "... 20 cases:" | "each team will report ..."
    if not is_open(a):
        return False
    if b[0].islower() or not b[0].isalnum() or CONNECTOR_END.search(a) or \
            re.search(r"[A-Za-z]-$", a) or _SOFT_END.search(left):
        return True  # (a soft end: the cell's last line ran full, or wrapped at a space)
    return not has_entries and not (COMMITMENT_START.match(b) or CONTEXT_START.match(b)
                                    or is_heading(b))


def _entry_runs_on(left: str, right: str, owners: bool = False) -> bool:
    """An owner or date cut mid-way ("Head of" | "Performance"); an owner entry on the next
    page that is no role alone ("Development") after one that ends in no role word. After a
    line that ran full (a soft break ends the cell) also a role cut into fragments ("Health
    and Safety Manager / Area" | "Managers") or a date whose year tops the next page ("April
    – June" | "2021")."""
    a, b = _edges(left, right)
    if not (a and b):
        return False
    if CONNECTOR_END.search(a) or b[0].islower():
        return True
    first = _first_role(right)
    if owners and role_runs_on(a, b):
        return True  # "Director of Human Resources and Organisational" | "Development"
    if not _SOFT_END.search(left):
        return False
    if owners:
        return whole_role(a) < 0 or (bool(first) and whole_role(first) < 0)
    return bool(BARE_YEAR.fullmatch(first))


def _entry_cut(left: str, right: str) -> bool:
    """An owner entry the page break surely cuts: a joining word or mark at either side, or
    the next page going on in lower case. (Where only the role words suggest it, the two are
    joined by a soft break, for the row's count and the plan's own names to decide.)"""
    a, b = _edges(left, right)
    first = _first_role(right) if b else ""
    return bool(a and b) and (bool(CONNECTOR_END.search(a)) or b[0].islower() or fragment(a)
                              or bool(first) and fragment(first))


def _first_role(cell: str) -> str:
    """The first line of a cell up to its first "/" or ";": the first role the next page
    shows ("NPS" of "NPS / SPO / Deputy"), or the first date."""
    line = clean_cell(_cell_paragraphs(cell)[0].split(SOFT_BREAK)[0])
    return ROLE_MARK.split(line)[0] if line else ""


def _response_paragraphs(response: str, owner: str, target: str) -> list[str]:
    """A response cell's paragraphs, its soft breaks read as wraps, but before a step label
    or a narrative heading after a sentence's end (either opens its line). A soft break after
    any other sentence's end is a new paragraph when an owner or date cell with no soft break
    of its own counts the paragraphs so and the wraps reading does not (a line ending just at
    the edge, with no room for the space a wrap would leave)."""
    response = _SOFT_NARRATIVE.sub("</p> <p>", _SOFT_STEP.sub("</p> <p>", response))
    wrapped = _cell_paragraphs(response.replace(SOFT_BREAK, " "))
    if not _SOFT_SENTENCE.search(response):
        return wrapped
    broken = _cell_paragraphs(_SOFT_SENTENCE.sub("</p> <p>", response).replace(SOFT_BREAK, " "))
    firm = _firm_counts(owner, target)
    return broken if len(broken) in firm and len(wrapped) not in firm else wrapped


def _firm_counts(*cells: str) -> set[int]:
    """The paragraph counts of the entry cells that show their paragraphs with no soft break
    to doubt."""
    return {len(_cell_paragraphs(c)) for c in cells
            if _PARAGRAPH_TAG.search(c) and SOFT_BREAK not in c}


def _cell_paragraphs(cell: str) -> list[str]:
    """A cell's paragraphs: its ``<p>`` elements (an empty one kept), else its runs of text
    between runs of spaces."""
    if not _PARAGRAPH_TAG.search(cell):
        return [p for p in re.split(r"\s{2,}", cell.strip()) if p]
    parts = [re.sub(r"(?i)^\s*<p\b[^>]*>", "", p).strip()
             for p in re.split(r"(?i)\s*</p>\s*", cell.strip())]
    return parts[:-1] if parts and not parts[-1] else parts


_SOFT_END = re.compile(rf"{SOFT_BREAK}\s*(?:</p>\s*)?$", re.I)
_SOFT_CLOSE = re.compile(rf"{SOFT_BREAK}\s*(?=</p>|$)", re.I)


def _join_cells(left: str, right: str, runs_on: bool, entries: bool = False,
                soft: bool = False) -> str:
    """Two halves of one cell: the paragraph cut by the break joined, the others kept. In an
    owner or date cell (``entries``) whose last line ran full, or where the entry may go on
    (``soft``), the entry may go on over the break or end there: joined by a soft break, for
    the row's step count to decide."""
    if not clean_cell(right):
        return left
    if not clean_cell(left) and not _PARAGRAPH_TAG.search(left):
        return right
    if not _PARAGRAPH_TAG.search(left + right):
        return join_text(left, right) if runs_on else f"{left.strip()}  {right.strip()}"
    before, after = _cell_paragraphs(left), _cell_paragraphs(right)
    if runs_on:
        before, after = before[:-1] + [join_text(before[-1], after[0])], after[1:]
    elif entries and (_SOFT_END.search(left) or soft) and after[0]:
        before, after = before[:-1] + [f"{before[-1]}{SOFT_BREAK}{after[0]}"], after[1:]
    return " ".join(f"<p>{p}</p>" for p in before + after)


def _join_rows(prev: Row, row: Row, ended: set[str] = frozenset(),
               wrapped: set[str] = frozenset()) -> Row:
    """One row of the two halves a page break cut; in the cells named in ``ended`` the
    last paragraph ended above the page's foot (the next page's text there is a new one),
    in those named in ``wrapped`` its last line wrapped (the paragraph goes on)."""
    entries = bool(clean_cell(row.owner) or clean_cell(row.target))
    owner_on = "owner" in wrapped or "owner" not in ended and \
        _entry_runs_on(prev.owner, row.owner, True)
    return Row(prev.rec_number, join_text(prev.rec_text, row.rec_text),
               join_text(clean_cell(prev.agreement), clean_cell(row.agreement)),
               _join_cells(prev.response, row.response, "response" in wrapped or
                           "response" not in ended and
                           _text_runs_on(prev.response, row.response, entries)),
               _join_cells(prev.owner, row.owner, "owner" in wrapped or
                           owner_on and _entry_cut(prev.owner, row.owner),
                           "owner" not in ended, owner_on),
               _join_cells(prev.target, row.target, "target" in wrapped or
                           "target" not in ended and _entry_runs_on(prev.target, row.target),
                           "target" not in ended),
               last_line=row.response if clean_cell(row.response) else prev.last_line)


def _bottom_aligned(row: Row, groups: list[list[Piece]], action_groups: list[list[Piece]],
                    ) -> tuple[int, list[str], list[str]] | None:
    """Owner and date entries paired with the last steps of a row, when their count does not
    match the steps read as actions but the row's paragraphs can hold them: a plan prints
    its narrative without owner or date first ("Context: where are we now?"), so the entries
    belong to the last paragraphs, even one that reads as narrative ("What is our target?"),
    provided the paragraphs before them are narrative or measures. A column with fewer
    entries than the other (but more than one) is aligned to the bottom too. Entries are
    counted as printed (paragraphs), not guessed.
    Returns (steps before the entries, owners, targets)."""
    if len(action_groups) == len(groups) and any(
            _empty_ends(cell, len(groups))[1] for cell in (row.owner, row.target)):
        return None  # empty paragraphs close a cell: its last steps have none (top-aligned)
    targets = split_targets(row.target, keep_empty=True)
    printed = split_owner_entries(row.owner, 1, keep_empty=True) if clean_cell(row.owner) else []
    k = max(len(printed), len(targets))
    lead = len(groups) - k
    if lead < 0 or not all(_without_entries(g) for g in groups[:lead]):
        return None  # (only narrative and measures go without entries; else regrouped)
    if k == 1 and lead > 0 and len(printed) == len(targets) == 1:
        return lead, printed, targets  # one owner and one date: the last step's
    if k < 2:
        return None
    owners = printed
    if len(printed) not in (0, k):
        guided = split_owner_entries(row.owner, k, keep_empty=True)  # run together
        owners = guided if len(guided) == k else printed
    padded = False
    # Numbered steps, the first one no narrative: the shorter column's entries are the first
    # steps' (a last step with no owner or date leaves no mark in a PDF); else the last ones'.
    top = lead == 0 and all(g[0].step for g in groups) and not _without_entries(groups[0])
    if len(owners) not in (0, 1, k):
        owners, padded = _padded(owners, k) if top else [""] * (k - len(owners)) + owners, True
    if len(targets) not in (0, 1, k):
        targets, padded = (_padded(targets, k) if top else [""] * (k - len(targets)) + targets,
                           True)
    if len(action_groups) == k and not padded:
        return None  # (the usual reading pairs them)
    return lead, owners, targets


def _shared_entries(row: Row, groups: list[list[Piece]], readings: set[int],
                    exact: bool = True, fewer: bool = False, printed_owner: str = ""
                    ) -> tuple[list[str], list[str], bool, bool] | None:
    """Owner or date entries that cannot be paired with a cell's steps, in a file that keeps
    a cell's paragraphs: the steps printed as paragraphs, one step each, and an owner or date
    cell of several paragraphs, not one per step (counted with the empty ones, which a step
    without an entry leaves there). Such a cell is shared: every step carries all of its
    entries (a plan that lists a recommendation's owners and dates beside its steps without
    saying which is whose). Returns (owners, targets, owners shared, targets shared), None
    when every column pairs (or has at most one entry), the columns have as many entries as
    another reading of the cell has steps (``readings``: numbered steps, steps after
    narrative), or the steps are not paragraphs.
    Not ``exact`` (a PDF's paragraphs, read from their spacing): a step with no entry may
    leave no empty paragraph, so only a column of more entries than steps is shared (or
    ``fewer`` too: a later row of the recommendation, which lists entries for its own steps),
    only where no soft break in the response could hide another step, and not where both
    columns count the same."""
    n = len(groups)
    steps = [p for p in _cell_paragraphs(row.response) if clean_cell(p)]
    if n < 2 or len(steps) != n or not _PARAGRAPH_TAG.search(row.response) or \
            any(_narrative(g) for g in groups):
        return None
    if not exact and _SOFT_SENTENCE.search(_SOFT_STEP.sub("", row.response)):
        return None
    columns, shared, counts = [], [], set()
    for cell in (row.owner, row.target):
        if not clean_cell(cell):
            printed = []
        elif not _PARAGRAPH_TAG.search(cell):
            printed = [clean_cell(cell)]  # one paragraph (entries split by lines: not known)
        else:  # (empty paragraphs opening or closing it: spacing, unless one per step)
            lead, trail = _empty_ends(cell, n)
            core = [clean_cell(p) for p in _cell_paragraphs(cell)]
            if not exact and _listed_per_step(core):
                return None  # (a PDF's cell opening below its row's top: entries by step)
            if cell is row.target and not exact:  # (dates run together: "Q2 2021/22 2020")
                core = max(core, split_targets(cell, keep_empty=True), key=len)
            while core and not core[-1]:
                core.pop()
            while core and not core[0]:
                core.pop(0)
            printed = [""] * lead + core + [""] * trail
        together = len(printed) > 1 and len(printed) != n and (
            exact or fewer or len(printed) > n or SOFT_BREAK in cell) and (
            exact or not _by_step(printed))
        if cell is row.owner and clean_cell(cell) and not _PARAGRAPH_TAG.search(cell):
            printed = _cell_paragraphs(cell)  # (its lines: roles apart, "Estates" | "QA Lead")
        columns.append([p for p in printed if p] if together else printed)
        shared.append(together)
        if together:
            counts.add(len(printed))
    if not counts or len(counts) == 1 and counts <= readings:
        return None  # (every column pairs, with the paragraphs or the steps read another way)
    if not exact and all(shared) and len(counts) == 1 and max(counts) > n:
        return None  # (two columns counting alike: a step whose paragraph break left no space)
    if any(not together and _by_step(entries) for entries, together in zip(columns, shared,
                                                                            strict=True)):
        return None  # (a row lists every column for all its steps, or none)
    for i, entries in enumerate(columns):
        shared[i] = shared[i] or _a_list(entries, n)
    if shared[0] and not exact and SOFT_BREAK in printed_owner and \
            _PARAGRAPH_TAG.search(printed_owner):  # (``printed_owner``: before breaks were fitted)
        columns[0] = [role for paragraph in _cell_paragraphs(printed_owner)
                      for role in _whole_roles_apart(paragraph)]
    (owners, targets), (owners_shared, targets_shared) = columns, shared
    return owners, targets, owners_shared, targets_shared


def _whole_roles_apart(paragraph: str) -> list[str]:
    """A shared owner list's paragraph cut at the soft breaks between two whole roles of two
    words or more or acronyms ("Case Administrators" | "Women's Services Lead": the line ran
    full, so the page cannot tell a wrap from the next entry, but a list holds whole roles);
    a word left alone ("Manager") or a fragment goes on."""
    def whole(role: str) -> bool:  # (two words or more, or an acronym: "NPS", "ACOs")
        return whole_role(role) == 0 and (len(role.split()) > 1 or acronym_word(role))

    out: list[str] = []
    for part in paragraph.split(SOFT_BREAK):
        part = clean_cell(part)
        if out and not (whole(out[-1]) and whole(part) and part[:1].isupper()):
            out[-1] = f"{out[-1]} {part}".strip()
        elif part:
            out.append(part)
    return out


def _a_list(entries: list[str], n: int) -> bool:
    """A column of as many entries as a row's ``n`` steps that reads as a list for them all,
    beside a column that does: one entry a paragraph, each named once (an empty one, a repeat
    or several owners joined by " / " stand by their steps)."""
    return len(entries) == n and all(clean_cell(e) for e in entries) and not _by_step(entries)


def _by_step(entries: list[str]) -> bool:
    """A column whose entries stand by their steps, not listed for them all: several owners
    joined by " / " for one step, or :func:`_listed_per_step`."""
    return any(" / " in e for e in entries) or _listed_per_step([clean_cell(e) for e in entries])


def _listed_per_step(entries: list[str]) -> bool:
    """A PDF cell's entries that stand by steps, not listed for them all: it opens with an
    empty one (the cell starts below its row's top, beside a step with no entry), holds one
    between named ones (a step with none among them), or names the same entry twice (a list
    shared by the steps names each once)."""
    named = [e for e in entries if e]
    filled = [i for i, e in enumerate(entries) if e]
    return bool(filled) and "" in entries[:filled[-1]] or len(set(named)) < len(named)


def _sparse_entries(row: Row) -> bool:
    """Numbered steps as paragraphs, and each entry column that prints several entries
    prints half as many as the steps or fewer: entries listed for all the steps (a row
    leaving most of its steps without an owner is not how plans are written)."""
    steps = [clean_cell(p) for p in _cell_paragraphs(row.response)]
    if len(steps) < 4 or not all(STEP_MARK.match(p) for p in steps):
        return False
    cells = [c for c in (row.owner, row.target) if clean_cell(c)]
    for cell in cells:
        printed = len([e for e in _owner_paragraphs(cell) if e])
        if printed < 2 or printed + cell.count(SOFT_BREAK) > len(steps) // 2:
            return False  # (at most: a soft break each may be one more)
    return bool(cells)


def _padded(entries: list[str], n: int) -> list[str]:
    """Entries for the first of ``n`` steps (one entry alone: all of them share it)."""
    return entries + [""] * (n - len(entries)) if len(entries) > 1 else entries


def _opening_blanks(cell: str, entries: list[str], n: int) -> list[str]:
    """``entries`` with the empty paragraphs opening ``cell`` kept before them, where there
    is room for them among ``n`` steps: the cell starts beside a later step (a PDF's empty
    paragraph read from where the cell's text starts below its row's top)."""
    printed = _owner_paragraphs(cell) if _PARAGRAPH_TAG.search(cell) else []
    lead = next((i for i, p in enumerate(printed) if p), 0)
    return [""] * lead + entries if entries and lead and lead + len(entries) <= n else entries


def _lone_beside_paired(row: Row, owners: list[str], targets: list[str], n: int) -> bool:
    """One owner or date cell of a single paragraph, the other of one or one a step (``n``),
    the entries read as printed (paragraphs, not a split)."""
    printed = [len(_cell_paragraphs(c)) if _PARAGRAPH_TAG.search(c) else int(bool(
        clean_cell(c))) for c in (row.owner, row.target)]
    return set(printed) <= {0, 1, n} and 1 in printed and [len(owners), len(targets)] == printed


def wrap_width(rows: list[Row]) -> int | None:
    """The width (in characters) a PDF export wrapped the response column at, or None when
    its rows are not wrapped lines. A wrapped column shows many lines followed by a line
    that starts in lower case (the same sentence); the lines such a break follows are nearly
    all as long as the column allows (their lengths bunch up under it), so a high percentile
    of their lengths is the width (lines inside a cell only: a row's first line may start
    with a step number printed in a cell of its own)."""
    texts = [clean_cell(r.response) for r in rows]
    # (a row's first line may carry a step number printed in a cell of its own: measured
    # without it, so the width is that of the text the export wrapped)
    lines = [t[m.end():] if (m := STEP_MARK.match(t)) else t for t in texts]
    broken = sorted(len(a) for a, b in zip(lines, texts[1:], strict=False)
                    if a and b and b[0].islower() and "<" not in a)
    filled = sum(1 for t in texts if t)
    if len(broken) < 4 or len(broken) < 0.25 * filled:
        return None
    width = broken[int(0.9 * (len(broken) - 1))]
    if broken[len(broken) // 2] < 0.8 * width:
        return None  # lengths all over: rows cut by page breaks, not lines of a column
    return width


def _without_entries(group: list[Piece]) -> bool:
    """Narrative ("Context: where are we now?") or a measure introduced as such ("... and
    measure the impact by:"): what a plan prints without an owner or date of its own."""
    text = clean_text(group[0].text)
    return bool(CONTEXT_START.match(text) or MEASURE_CUE.search(text[:120])) or \
        group[0].kind == "context"


def _reads_as_narrative(paragraph: str) -> bool:
    """A response paragraph that reads as narrative ("Where are we now? ...")."""
    pieces = [p for p in segment_response(paragraph) if clean_text(p.text)]
    return bool(pieces) and _narrative([merge_group(pieces)])


def _narrative(group: list[Piece]) -> bool:
    """Context the plan prints before its steps ("Where are we now?"); a paragraph the plan
    numbers as a step is a step, whatever its first words ("1. What is our target? ...")."""
    return not group[0].step and (bool(CONTEXT_START.match(clean_text(group[0].text)))
                                  or group[0].kind == "context")


def _note_unit(units: list[tuple[DraftRecommendation, list[Draft] | None]],
               rec: DraftRecommendation, drafts: list[Draft], drawn_rows: bool, cut: bool
               ) -> None:
    """Keep the steps each table row of a recommendation gave (for
    :func:`_share_beside_own_rows`): a row a page break cut (``cut``: after the repeated
    header, or going on with the step above) goes on with the row above; where the rows are
    a text's lines, not a Word or PDF table's rows (``drawn_rows``), a row is no row of
    steps (None)."""
    if cut and units and units[-1][0] is rec:
        last = units[-1][1]
        if last is not None:
            last.extend(drafts)
        return
    if drafts:
        units.append((rec, list(drafts) if drawn_rows else None))


def _unit_kind(drafts: list[Draft] | None, exact: bool = True) -> str:
    """How a row's steps hold their owners and dates: "shared" (every step carries the same
    list), "paired" (one owner and one date a step, no owner named twice: a shared cell of as
    many entries as steps prints the same; not ``exact``, a PDF read by position, also fewer,
    the last steps' empty ones leaving no mark), "own" (cannot be a shared cell, which lists
    one owner and one date a paragraph, each once, for two steps or more: one step, narrative,
    a step with no owner or date or with several, an owner named for two steps) or
    "unknown"."""
    if not drafts:
        return "unknown"
    owners = [tuple(d.owners) for d in drafts]
    targets = [d.target or "" for d in drafts]
    if len(drafts) > 1 and (len(set(owners)) == 1 and len(owners[0]) > 1 or
                            len(set(targets)) == 1 and ";" in targets[0]):
        return "shared"
    if len(drafts) == 1 or any(d.kind in ("context", "preamble") for d in drafts):
        return "own"
    named = [o for o in owners if o]
    dated = [t for t in targets if t]
    by_one = [  # (the entries one a paragraph, from the top, the last steps' empty ones lost)
        column[: len(filled)] == filled and (exact is False or len(filled) == len(column))
        for column, filled in ((owners, named), (targets, dated))]
    if all(by_one) and len(set(named)) == len(named) and all(len(o) == 1 for o in named) and \
            not any(";" in t for t in dated) and max(len(named), len(dated)) > 1:
        return "paired"
    return "own"


def _whole_roles(roles: list[str]) -> list[str]:
    """A shared list's roles, a role cut to pair with a step joined again to the rest
    ("... Management Senior" | "Probation Officer (...)"): counted as steps, a wrap in one
    owner was read as a break."""
    out: list[str] = []
    for role in roles:
        if out and fragment(out[-1]):
            out[-1] = f"{out[-1]} {role}"
        else:
            out.append(role)
    return out


def _share_beside_own_rows(units: list[tuple[DraftRecommendation, list[Draft] | None]],
                           exact: bool = True) -> None:
    """A recommendation's steps are split over rows of a table only where some of them share
    one owner cell and one date cell: a row of steps each with its own entries holds all of
    the recommendation's steps until such a shared row. So of two rows of one recommendation
    one is shared; where one cannot be, the other is, though its entries count as its steps
    (then no count tells a shared cell from a paired one): each of its steps carries every
    owner and every date. Not in a recommendation with two such rows side by side (a table
    of a row per step, not of shared rows)."""
    for _, group in groupby(units, key=lambda unit: id(unit[0])):
        rows = [drafts for _, drafts in group]
        kinds = [_unit_kind(drafts, exact) for drafts in rows]
        if any(a == b == "own" for a, b in zip(kinds, kinds[1:], strict=False)):
            continue
        for i, (drafts, kind) in enumerate(zip(rows, kinds, strict=True)):
            beside = kinds[max(i - 1, 0): i] + kinds[i + 1: i + 2]
            if kind == "paired" and "own" in beside and drafts:
                roles = _whole_roles(list(dict.fromkeys(r for d in drafts for r in d.owners)))
                dates = "; ".join(d.target for d in drafts if d.target)
                for draft in drafts:
                    draft.owners, draft.target = list(roles), dates


class TableReader:
    """Walks the rows of one plan, building recommendations and their action drafts.

    ``width``: the response column's wrap width when the table's rows are wrapped lines
    (:func:`wrap_width`); a line that stopped short of it ended its paragraph."""

    def __init__(self, width: int | None = None, exact: bool = False,
                 drawn_rows: bool = False) -> None:
        self.width = width
        self.exact = exact  # the cells' paragraphs are as written (``nlp.plan.cells_as_written``)
        self.drawn_rows = drawn_rows  # rows as a Word or PDF table draws them, not text lines
        self.last_line = ""  # the response cell of the last line that had one
        self.owner_above = True  # whether the last line read had an owner cell
        self.recs: list[DraftRecommendation] = []
        self.pending_addressee: str | None = None
        self.pending_cells: list[str] = []
        self.row_recs: list[DraftRecommendation] = []  # the recommendation each row went to
        self.lexicon = Lexicon()  # the plan's own owner names (``read`` learns them)

    @property
    def current(self) -> DraftRecommendation:
        if not self.recs:
            self.recs.append(DraftRecommendation(None, "", None))
        return self.recs[-1]

    def last_draft(self) -> Draft | None:
        return self.current.drafts[-1] if self.current.drafts else None

    def read(self, rows: list[Row]) -> list[DraftRecommendation]:
        owned = [row for row in rows if row.owner]
        self.lexicon = learn([row.owner for row in owned],
                             [len([p for p in _cell_paragraphs(row.response) if clean_cell(p)])
                              for row in owned])
        last_response = ""
        units: list[tuple[DraftRecommendation, list[Draft] | None]] = []
        for index, row in enumerate(rows):
            self._start_or_continue_recommendation(row, rows[index + 1: index + 6])
            self.row_recs.append(self.current)
            rec, before = self.current, len(self.current.drafts)
            above = (rec.drafts[-1], rec.drafts[-1].text) if rec.drafts else None
            response = clean_cell(row.response)
            if response and response == last_response and not row.owner:
                self.current.furniture.append(response)
                continue  # the same line printed twice across a page break
            last_response = response or last_response
            if response or row.owner or row.target:
                self._add_response(row)
            cut = row.after_break and not _opens_step(row.response) or \
                above is not None and above[0].text != above[1]
            _note_unit(units, rec, rec.drafts[before:] if rec is self.current else [],
                       self.drawn_rows, cut)
            if response:
                line = row.last_line if row.last_line is not None else row.response
                self.last_line = _cell_paragraphs(line)[-1] if "<" in line else clean_cell(line)
            if response or row.owner or row.target:
                self.owner_above = bool(clean_cell(row.owner))
        _share_beside_own_rows(units, self.exact)
        return [r for r in self.recs if r.drafts or r.text]

    def _start_or_continue_recommendation(self, row: Row, ahead: list[Row]) -> None:
        rec_text = clean_cell(row.rec_text)
        number = rec_number_of(row.rec_number)
        if rec_text and re.fullmatch(r"(?:The\s+)?[\w&’' ]{2,60}\s+should\s*:", rec_text) \
                and not clean_cell(row.response) and not row.agreement:
            self.pending_addressee = rec_text[: rec_text.rfind("should")].strip()
            self.pending_cells = [row.rec_number, row.rec_text]
            return
        starts = bool(row.rec_number.strip() and (rec_text or row.agreement)) or bool(
            rec_text and row.agreement) or bool(rec_text and ADDRESSEE.match(rec_text))
        if starts and not rec_text and number and any(
                _row_number(r) == number and clean_cell(r.rec_text) for r in ahead):
            starts = False  # a number printed above its row: the real row follows
        if starts and self.recs and number and number == self.current.number and (
                not rec_text or rec_text == self.current.text):
            starts = False  # the same row's number printed again after a page break
        if starts and not number and not row.rec_number.strip() and self.recs and \
                self.current.agreement is None and rec_text[:1].islower() and \
                is_open(self.current.text):
            starts = False  # the recommendation's second line, its agreement centred on it
        cut = bool(self.recs) and not row.rec_number.strip() and \
            _agreement_runs_on(self.current.agreement_cell, row.agreement)
        starts = starts and not cut  # ("Partly" | "Agreed": the row's next line, one agreement)
        if starts and not number:
            numbered = NUMBER_IN_TEXT.match(rec_text)
            if numbered:  # "3. Improve ..." with the number inside the text cell
                number, rec_text = numbered.group(1), rec_text[numbered.end():]
        if starts:
            rec = DraftRecommendation(number, rec_text,
                                      normalise_agreement(row.agreement),
                                      self.pending_addressee)
            rec.cells = self.pending_cells + [row.rec_number, row.rec_text, row.agreement]
            rec.agreement_cell = clean_cell(row.agreement)
            self.pending_addressee = None
            self.pending_cells = []
            self.recs.append(rec)
        else:
            if rec_text:
                self.current.text = join_text(self.current.text, rec_text)
            self.current.cells += [row.rec_number, row.rec_text]
            if cut:
                self.current.agreement_cell = join_text(self.current.agreement_cell,
                                                        clean_cell(row.agreement))
                self.current.agreement = normalise_agreement(self.current.agreement_cell)
                self.current.cells.append(row.agreement)
            elif row.agreement and self.recs and self.current.agreement in (
                    None, normalise_agreement(row.agreement)):
                self.current.agreement = normalise_agreement(row.agreement)
                self.current.agreement_cell = clean_cell(row.agreement)
                self.current.cells.append(row.agreement)  # (printed again: the same agreement)

    def _add_response(self, row: Row) -> None:
        pieces = [p for p in segment_response(row.response) if clean_text(p.text)]
        prev = self.last_draft()
        if pieces and prev is not None and is_lead_in(prev.text) and not prev.owners \
                and not prev.target:
            self.current.drafts.pop()  # "The new model will:" introduces this row's text
            pieces[0] = Piece(join_text(prev.text, pieces[0].text), pieces[0].strength,
                              pieces[0].step, pieces[0].numbered_cell)
            prev = self.last_draft()
        has_entries = bool(clean_cell(row.owner) or clean_cell(row.target))
        if not pieces and has_entries:
            self._assign_to_waiting(row)
            return
        if pieces and prev is not None and self._continues(prev, pieces[0], has_entries, row) and \
                not self._own_action(prev, pieces, row):
            threshold = NUMBERED if any(p.step for p in pieces) else PARAGRAPH
            group = natural_groups(pieces, threshold)[0]
            rest = pieces[len(group):]
            wrapped_owner = not clean_cell(row.target) and bool(prev.target)
            if not rest and has_entries and prev.owners and len(group) > 1 and not wrapped_owner:
                group, rest = group[:1], group[1:]  # the row's owner is for the later sentences
                rest[0].strength = BLOCK
            for piece in group:
                prev.text = join_text(prev.text, piece.text)
            pieces = rest
            if not pieces and has_entries and not prev.owners and not prev.target:
                owners, targets, _ = row_entries(row, 1)
                self._assign([prev], owners, targets)
                return
            if not pieces and has_entries and self._continue_entries(prev, row):
                return
        if pieces and prev is not None and clean_text(pieces[0].text).lower() == \
                clean_text(prev.text).lower():
            self.current.furniture.append(pieces.pop(0).text)  # a step repeated on the next page
        if pieces:
            self.current.drafts.extend(self._drafts_for(pieces, row))

    def _assign_to_waiting(self, row: Row) -> None:
        """Owner and date cells printed on a line of their own (centred vertically below the
        response): they belong to the last steps that have neither yet."""
        waiting: list[Draft] = []
        for draft in reversed(self.current.drafts):
            if draft.owners or draft.target or (waiting and draft.kind in {"context", "preamble"}):
                break  # (narrative gets the entries only when it is right above them)
            waiting.insert(0, draft)
        entries = max(self._entry_counts(row) or {1})
        if waiting and entries <= len(waiting):
            owners, targets, _ = row_entries(row, entries)
            self._assign(waiting[-entries:], owners, targets)
        elif not waiting and self.current.drafts:
            self._continue_entries(self.current.drafts[-1], row)

    @staticmethod
    def _continue_entries(prev: Draft, row: Row) -> bool:
        """An owner cell (or a date cell) wrapped onto the next line of a step that has its
        owner and date already: the rest of that cell, not a new owner or date."""
        owner, target = clean_cell(row.owner), clean_cell(row.target)
        if bool(owner) == bool(target):
            return False  # both (or neither): a step's own entries, not a wrapped cell
        if owner and prev.owner_text and len(prev.owners) <= 2:
            prev.owner_text = join_text(prev.owner_text, owner)
            prev.owners = owner_roles(prev.owner_text)
            return True
        if target and prev.target and not looks_like_target(prev.target):
            prev.target = join_text(prev.target, target)
            return True
        return False

    @staticmethod
    def _own_action(prev: Draft, pieces: list[Piece], row: Row) -> bool:
        """A row that reads as the end of the step above (lower case, no full stop above) but
        prints its own owner and date for one step, under a step that has both already: a
        new action, not the previous one's continuation."""
        return bool(clean_cell(row.owner) and clean_cell(row.target) and prev.owners
                    and prev.target and len(split_targets(row.target)) == 1
                    and not any(p.strength >= PARAGRAPH for p in pieces[1:])
                    and not re.search(r"[A-Za-z]-$", prev.text.rstrip()))

    def _full(self, text: str) -> bool:
        """In a wrapped table, whether the line before ``text`` was full (its first word
        would not have fitted): then ``text`` is the same paragraph; a line that stopped
        short of the width ended its paragraph, and so did a line run over the width for no
        reason but to keep a cell's last word off a line of its own (an export only runs a
        line over to keep a word with a sentence end or an opening bracket before it). A
        step number printed in a cell of its own, before the line, is not part of it."""
        line = clean_cell(self.last_line)
        width = self.width or 0
        mark = STEP_MARK.match(line)
        if mark and len(line) > width >= len(line) - mark.end():
            line = line[mark.end():]  # the step number was printed in a cell of its own
        tail = line.split()[-2:]
        if len(line) > width and len(tail) == 2 and not re.search(r"[.:;!?)]$", tail[0]) \
                and not re.match(r"[(\d]", tail[1]):
            return False  # a line run over the width to keep a cell's last word on it
        return bool(width) and len(line) + 1 + len(text.split()[0]) > width

    def _continues(self, prev: Draft, first: Piece, has_entries: bool, row: Row) -> bool:
        text = clean_text(first.text)
        if not text or first.step or not is_open(prev.text):
            return False
        if text[0].islower() or not text[0].isalnum():
            return True
        if re.search(r"[A-Za-z]-$", prev.text.rstrip()) or CONNECTOR_END.search(prev.text):
            return True
        dash = clean_cell(row.response)[:1]
        if first.bullet and self._full(text) and dash in ("-", "–"):
            first.text, first.bullet = f"{dash} {first.text}", False
            return True  # a dash wrapped to the start of a line, not a list item: kept
        if first.bullet:
            return False  # a new list item, though the one before it has no full stop
        tail = re.split(r"[.!?]\s+", prev.text.rstrip())[-1].split()
        if 0 < len(tail) <= 2 < len(prev.text.split()):
            return True  # "... by March. Acme" + "CRC will ...": a line wrapped inside a name
        if self.width and clean_cell(row.owner) and not self.owner_above and prev.owners:
            return False  # a new owner cell (the column was empty on the line above): new step
        if self.width and not (clean_cell(row.owner) and clean_cell(row.target)):
            return self._full(text)  # wrapped lines: a line that was full continues
        if self.width is None and not has_entries and (prev.owners or prev.target) and \
                not row.after_break:
            return False  # one line per row: a sentence on a row of its own after a dated step
        if COMMITMENT_START.match(text) or CONTEXT_START.match(text) or is_heading(text):
            return False
        return not has_entries or first.numbered_cell

    def _drafts_for(self, pieces: list[Piece], row: Row) -> list[Draft]:
        # (a later row of the recommendation only where a column pairs one to one: padding
        # alone there could take a shared cell, or a sentence running on, for steps)
        later = bool(self.current.drafts) and not row.after_break
        sparse = not self.exact and _sparse_entries(row)
        aligned = self._aligned_drafts(row, padding=not self.current.drafts and not sparse)
        if aligned is not None:
            return aligned
        headings: list[str] = []
        plain = fold_headings(pieces, dropped=headings)
        titled = fold_headings(pieces, titles=True)
        self.current.furniture.extend(headings)
        if len(titled) != len(plain) and len(titled) in self._entry_counts(row):
            pieces = titled  # the owner/date cells count the titled reading's steps
        else:
            pieces = plain
        numbered = any(p.step for p in pieces)
        preamble: list[Piece] = []
        while numbered and pieces and not pieces[0].step:
            preamble.append(pieces.pop(0))
        groups = natural_groups(pieces, NUMBERED if numbered else PARAGRAPH)
        context = [merge_group(g) for g in groups if _narrative(g)]
        action_groups = [g for g in groups if not _narrative(g)]
        printed_owner = row.owner  # (its soft breaks, for a shared list's roles)
        owner, target = fit_entries(row.owner, row.target, len(groups),  # a PDF's soft breaks
                                    self.lexicon.whole)
        row = replace(row, owner=owner, target=target)
        owners, targets, wanted = row_entries(row, len(action_groups), self.drawn_rows)
        bottom = _bottom_aligned(row, groups, action_groups)
        paragraphs = natural_groups(preamble + pieces, PARAGRAPH)  # (steps numbered or not)
        # Another reading the entries may pair with: the numbered steps after a preamble, or
        # after narrative, provided no numbered step took in paragraphs after it.
        readings = {len(groups), len(action_groups)} if \
            len(natural_groups(pieces, PARAGRAPH)) == len(groups) else set()
        # A later row of the recommendation (not one a page break cut) that cannot pair its
        # entries lists them for all its steps, as a Word table's row does; so does a row of
        # numbered steps with entries for half of them or fewer.
        shared = _shared_entries(row, paragraphs, readings, self.exact, later or sparse,
                                 printed_owner)
        if shared is not None and (bottom is None or bottom[0] == 0):
            body = [merge_group(g) for g in paragraphs]
            actions = [Draft(p.text, kind=p.kind, step=p.step) for p in body]
            self._assign(actions, *shared)
            return actions
        if bottom is not None:
            lead, owners, targets = bottom
            context = [merge_group(g) for g in groups[:lead]]
            body = [merge_group(g) for g in groups[lead:]]
        elif 0 < wanted < len(action_groups):
            # Steps printed apart (numbered, or paragraphs) stay apart: fewer entries than
            # steps are the first steps' (a last step with no owner or date leaves no mark
            # in a PDF), not a sign that paragraphs are one step.
            body = [merge_group(g) for g in action_groups]
            owners, targets = (_padded(_opening_blanks(cell, e, len(body)), len(body))
                               for cell, e in ((row.owner, owners), (row.target, targets)))
        elif wanted > 1 and len(action_groups) != wanted:
            body = fit_pieces([p for g in action_groups for p in g], wanted)
            if len(body) < wanted and clean_cell(row.owner):
                # The steps do not split as the dates count them (one step, several dates):
                # its owners as printed, not cut into as many pieces as there are dates.
                owners = split_owner_entries(row.owner, 1, keep_empty=True)
        else:
            body = [merge_group(g) for g in action_groups]
        drafts = [Draft(p.text, kind="preamble") for p in
                  (merge_group(g) for g in natural_groups(preamble, PARAGRAPH))]
        drafts += [Draft(p.text, kind="context") for p in context]
        actions = [Draft(p.text, kind=p.kind, step=p.step) for p in body]
        drafts += actions
        if self.drawn_rows and not self.exact and len(actions) > 1 and \
                _lone_beside_paired(row, owners, targets, len(actions)):
            # (In a PDF's table one owner or one date beside several steps, the other column
            # one entry a step or one, is the first step's, the others' empty paragraphs
            # leaving no mark: a cell listed for them all lists several dates, a paragraph
            # each, not one a step. A Word cell keeps empty ones.)
            owners, targets = (e + [""] * (len(actions) - len(e)) for e in (owners, targets))
        if actions:
            self._assign(actions, owners, targets)
        elif drafts and (owners or targets):
            self._assign(drafts[-1:], owners, targets)
        return drafts

    def _aligned_drafts(self, row: Row, padding: bool = True) -> list[Draft] | None:
        """A cell's steps paired with its owners and dates paragraph by paragraph, when the
        file keeps a cell's paragraphs, empty ones too (a Word table): an owner or date cell
        with exactly as many paragraphs as the response cell lines each entry up with its
        step, so a step with no owner or date in the middle of a cell, narrative between
        steps, or unnumbered steps among numbered ones cannot shift the entries. None when
        the cells do not line up so (the reading by pieces and counts decides)."""
        if not _PARAGRAPH_TAG.search(row.response):
            return None
        # A PDF's soft breaks: a response line that ran full wrapped (a paragraph ending just
        # at the edge is rare, and would leave the counts apart); an entry cell is fitted to
        # the response's paragraphs.
        # (A soft break closing a paragraph only said its last line ran full, where a page
        # break might have cut it: the row is whole now.)
        owner, target = (_SOFT_CLOSE.sub("", c) for c in (row.owner, row.target))
        paragraphs = _response_paragraphs(row.response, owner, target)
        n = len(paragraphs)
        if n < 2 or not all(clean_cell(p) for p in paragraphs):
            return None
        soft_owner, soft_target = owner, target
        owner, target = fit_entries(owner, target, n, self.lexicon.whole)
        # A cell of as many paragraphs as steps (empty ones counted: a step with no entry)
        # needs no more breaks, unless a soft break in the response may hide a step: a soft
        # break left inside one is a wrap.
        if not _SOFT_SENTENCE.search(row.response):
            owner, target = (soft.replace(SOFT_BREAK, " ") if len(_cell_paragraphs(soft)) == n
                             else fitted for soft, fitted in ((soft_owner, owner),
                                                              (soft_target, target)))
        if SOFT_BREAK in soft_target and len(_cell_paragraphs(target)) < n:
            fitted = fit_targets(soft_target, n, exact=True)  # (only where the count is made)
            target = fitted if len(_cell_paragraphs(fitted)) == n else target
        if SOFT_BREAK in soft_owner and (len(_cell_paragraphs(owner)) < n
                                         or not self._whole_entries(owner)):
            # The count the breaks must make: the steps', else the dates' (its last steps
            # may have neither); a break no count speaks for that leaves a fragment
            # ("... Quality and Practice" | "Development") is a wrap.
            dates = max((len(read(target)) for read in (
                _owner_paragraphs, lambda c: split_targets(c, keep_empty=True))), default=0) \
                if _firm_counts(target) else 0  # (as the column is read below: run together too)
            for count in (n, dates):
                fitted = fit_owners(soft_owner, count, self.lexicon.whole, exact=True)
                if count and len(_cell_paragraphs(fitted)) == count and \
                        self._whole_entries(fitted):
                    owner = fitted
                    break
            else:  # no count: the breaks stand only where each entry reads whole
                if not self._whole_entries(owner):
                    owner = soft_owner.replace(SOFT_BREAK, " ")
        columns, padded, matched, anchored, shown = [], False, False, False, 0
        # (a drawn table's column whose entries stand by their steps: the row lists none for
        # them all)
        by_step = self.drawn_rows and any(_by_step(_owner_paragraphs(c)) for c in (
            owner, target) if clean_cell(c) and _PARAGRAPH_TAG.search(c))
        for cell, readings in ((owner, [_owner_paragraphs]),
                               (target, [_owner_paragraphs,
                                         lambda c: split_targets(c, keep_empty=True)])):
            if not clean_cell(cell):
                columns.append([""] * n)
                continue
            if SOFT_BREAK in cell:
                return None
            # Its paragraphs; for dates also the dates run together in one ("May 2019 June
            # 2019"): the reading that pairs one to one, else the one with the most.
            options = [read(cell) for read in readings]
            entries = next((o for o in options if len(o) == n), max(options, key=len))
            if len(entries) == n:
                columns.append(entries)
                matched = True
            elif _PARAGRAPH_TAG.search(cell) and len(entries) < n and not self.exact:
                # The last steps' empty entries leave no mark on a page: taken as missing
                # beside a column whose entries match the steps one to one, or when the
                # first paragraph is a numbered step (text first may leave the entries to
                # the last steps: the reading by pieces decides), or when its first
                # paragraph is an empty one kept, or an empty one falls beside narrative
                # read from the top (the cell pairs from the top), or when the
                # paragraphs left over read as narrative and the first does not. Not where
                # the table keeps its empty paragraphs (``exact``): there fewer are shared.
                if not padding and len([e for e in entries if clean_cell(e)]) > 1 and \
                        not by_step:
                    return None  # (a later row's several entries short of its steps: shared)
                columns.append(entries + [""] * (n - len(entries)))
                padded = True
                anchored = anchored or not clean_cell(entries[0]) or any(
                    not clean_cell(e) and _reads_as_narrative(p)
                    for e, p in zip(entries, paragraphs, strict=False))
                shown = max(shown, len(entries))
            else:
                return None
        first = [p for p in segment_response(paragraphs[0]) if clean_text(p.text)]
        narrative_last = 0 < shown and not _reads_as_narrative(paragraphs[0]) and \
            all(_reads_as_narrative(p) for p in paragraphs[shown:])
        # (Entries opening empty stand by their steps, never shared, in a later row of the
        # recommendation too; not in the rest of a row a page break cut, whose first
        # paragraph may be one begun above.)
        trusted = (anchored or by_step) and (padding or not row.after_break)
        if padded and not matched and not trusted and (
                not padding or not narrative_last and not (first and first[0].step)):
            return None
        if padded and not anchored and _reads_as_narrative(paragraphs[0]):
            return None  # (narrative first may leave the entries to the last steps: by pieces)
        owners, targets = columns
        if not any(owners) and not any(targets):
            return None
        units = [[p for p in segment_response(par) if clean_text(p.text)] for par in paragraphs]
        if any(sum(1 for p in unit if p.step) > 1 or (unit and any(
                p.step for p in unit[1:])) for unit in units):
            return None  # a paragraph holding several numbered steps: not one step each
        drafts: list[Draft] = []
        carry, measures = "", False
        for i, unit in enumerate(units):
            has_entries = bool(owners[i] or targets[i])
            text = clean_text(" ".join(p.text for p in unit))
            if not unit or (not has_entries and is_heading(text)):
                measures = measures or bool(MEASURE_HEADING.match(text))
                self.current.furniture.append(text)
                continue
            if not has_entries and i + 1 < n and is_lead_in(text):
                measures = measures or bool(MEASURE_CUE.search(text))
                carry = join_text(carry, lead_in_label(text))
                continue
            piece = merge_group(unit)
            if not has_entries and drafts and not carry and not piece.step and \
                    text[:1].islower() and is_open(drafts[-1].text):
                drafts[-1].text = join_text(drafts[-1].text, piece.text)  # its sentence goes on
                continue
            kind = "context" if not has_entries and _narrative([piece]) else \
                piece.kind or ("measure" if measures else None)
            draft = Draft(join_text(carry, piece.text), kind=kind, step=piece.step)
            carry = ""
            if has_entries:
                self._assign([draft], [owners[i]], [targets[i]])
            drafts.append(draft)
        if carry:
            drafts.append(Draft(carry, kind="context"))
        return drafts

    def _whole_entries(self, cell: str) -> bool:
        """No entry of an owner cell is a word left alone by a break ("Programme",
        "Development"): a word that is no role by its shape nor by the plan's names."""
        return all(len(clean_cell(e).split()) > 1 or whole_role(e) == 0 or
                   self.lexicon.whole(e) >= 0 for e in _cell_paragraphs(cell) if clean_cell(e))

    @staticmethod
    def _entry_counts(row: Row) -> set[int]:
        counts = {len(split_targets(row.target, keep_empty=True))}
        if row.owner:
            counts.add(len(split_owner_entries(row.owner, keep_empty=True)))
        return counts - {0}

    @staticmethod
    def _assign(drafts: list[Draft], owners: list[str], targets: list[str],
                owners_shared: bool = False, targets_shared: bool = False) -> None:
        """Give each step its owner and date: in order when the counts agree (an empty entry:
        that step has none) and the entries are not known to be shared, else all."""
        n = len(drafts)
        all_roles: list[str] = []
        for entry in owners:
            all_roles.extend(r for r in owner_roles(entry) if r not in all_roles)
        paired_owners = len(owners) == n and not owners_shared
        for i, draft in enumerate(drafts):
            draft.owners = owner_roles(owners[i]) if paired_owners else list(all_roles)
            if paired_owners:
                draft.owner_text = join_text(draft.owner_text, owners[i])
            elif i == 0:
                draft.owner_text = join_text(draft.owner_text, " ".join(o for o in owners if o))
            if len(targets) == n and not targets_shared:
                draft.target = targets[i] or None
            elif any(targets):
                draft.target = "; ".join(t for t in targets if t)


def finish_kind(draft: Draft) -> str:
    """action, measure or context: what a record commits to."""
    text = clean_text(draft.text)
    if draft.kind == "measure" or MEASURE_CUE.search(text[:120]):
        return "measure"
    if draft.owners or draft.target:
        return "action"
    if CONTEXT_START.match(text):
        return "context"
    if draft.kind in {"preamble", "context"}:
        if ACKNOWLEDGEMENT.search(text) or not re.search(r"\bwill\b", text):
            return "context"
        return "action"
    if draft.owners or draft.target:
        return "action"
    if re.search(r"(?i)\b(?:will|shall|to be|plan to|aim to|continue to|must)\b", text) or \
            re.match(r"^[A-Z][a-z]+(?:e|ing)?\s", text) and not ACKNOWLEDGEMENT.search(text):
        return "action"
    return "context"


def finish_recommendation_text(rec: DraftRecommendation) -> None:
    """Pull the addressee and the "repeated" note out of the recommendation text."""
    text = clean_text(rec.text)
    if REPEATED_NOTE.search(text):
        rec.repeated = True
        text = REPEATED_NOTE.sub("", text).strip()
    match = ADDRESSEE.match(text)
    if match:
        rec.addressee = match.group("who").strip()
        text = text[match.end():].strip()
    rec.text = text


def infer_numbers(recs: list[DraftRecommendation]) -> None:
    """Fill missing recommendation numbers from step numbers ("2.1") or the neighbours."""
    for i, rec in enumerate(recs):
        if rec.number:
            continue
        prefixes = {d.step.split(".")[0] for d in rec.drafts if d.step and "." in d.step}
        if len(prefixes) == 1:
            rec.number = prefixes.pop()
            continue
        before = next((_leading_int(r.number) for r in reversed(recs[:i]) if r.number), None)
        after = next(((_leading_int(r.number), j) for j, r in enumerate(recs[i + 1:], 1)
                      if r.number),
                     None)
        if before is not None and after is not None and after[0] - before == after[1] + 1:
            rec.number = str(before + 1)
        elif before is None and after is not None and after[0] - after[1] >= 1 and i == 0:
            rec.number = str(after[0] - after[1])
        elif after is None and i and recs[i - 1].number and recs[i - 1].number.isdigit():
            rec.number = str(int(recs[i - 1].number) + 1)  # the last ones: the next numbers


def _leading_int(number: str) -> int:
    return int(re.match(r"\d+", number).group())


def resolve_target(target: str | None) -> tuple[str | None, str | None]:
    """(target_month, status) for a target as printed."""
    return target_month(target), target_status(target)
