"""Metamorphic tests: the same plan exported differently gives the same records.

Each sample plan's current extraction (checked by hand, see ``test_sample_plans.py``) is the
reference. Every transformation below rewrites a plan's text the way another export of a plan
of the same family could plausibly show it (line endings, page furniture, header wording,
agreement and date spellings, bullets and quotes, an HTML or Markdown document instead of
tabs, ...). The transformed text must give the same records, or exactly the expected change
(a date printed another way is still the same month).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from actionplans.config import sample_plan_paths
from nlp import ActionRecord, Plan, parse_plan, parse_plan_text
from nlp.accounting import words
from nlp.dates import looks_like_target, split_targets
from nlp.owners import split_owner_entries
from nlp.plan import table_start
from nlp.reading import decode_plan_bytes, normalise_characters
from nlp.table import is_header_line

SAMPLES = sample_plan_paths()
QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


@cache
def _reference(path: Path) -> Plan:
    return parse_plan(path)


def _extract(text: str, source: str, suffix: str = ".txt") -> Plan:
    """What ``parse_plan`` gives for a file holding ``text`` (no file written); every word of
    its table must be accounted for (placed, or recognised as furniture)."""
    name = Path(source).stem + suffix
    decoded = decode_plan_bytes(text.encode("utf-8"), name, html_input=suffix == ".html",
                                markdown_input=suffix == ".md")
    plan = parse_plan_text(decoded, source)
    _assert_accounted(plan, decoded)
    return plan


def _assert_accounted(plan: Plan, text: str) -> None:
    """Clean accounting; a Progress column the parser does not read is kept, as unplaced."""
    acc = plan.accounting
    assert acc.placed + acc.furniture + acc.unplaced == acc.words
    unplaced = [r.text for r in plan.records if r.kind == "unplaced"]
    assert sum(len(words(t)) for t in unplaced) == acc.unplaced
    progress = len(re.findall(r"\tOn track\b", text))
    if "Progress update" in text:
        # (a spare "on" or "track" elsewhere in the fields may absorb one of them)
        assert set(words(" ".join(unplaced))) <= {"on", "track"}
        assert 0 < acc.unplaced <= 2 * progress or not progress
    else:
        assert acc.clean, unplaced


def _norm(text: str | None) -> str | None:
    return None if text is None else " ".join(text.translate(QUOTES).split())


def _signature(plan: Plan, target: Callable[[str], str] = lambda t: t,
               month: Callable[[ActionRecord], str | None] = lambda r: r.target_month,
               ) -> list[tuple]:
    """What must not change: one tuple per record, texts modulo whitespace and quote style
    (``target`` and ``month``: how a transformation legitimately changes the target)."""
    return [(r.id, r.rec_number, r.kind, _norm(r.text), tuple(_norm(o) for o in r.owners),
             None if r.target is None else _norm(target(r.target)), month(r),
             r.status,
             r.agreement, _norm(r.rec_text), r.addressee, r.repeated) for r in plan.records
            if r.kind != "unplaced"]


def _header(plan: Plan) -> tuple:
    return plan.provider, plan.provider_short, plan.submitted, plan.published


# ---------------------------------------------------------------- helpers on the plan text

def _table_bounds(text: str) -> tuple[list[str], int]:
    lines = text.split("\n")
    return lines, table_start(lines)


def _map_table_lines(text: str, change: Callable[[str], str]) -> str:
    """Apply ``change`` to every line after the table's column header."""
    lines, start = _table_bounds(text)
    return "\n".join(lines[: start + 1] + [change(line) for line in lines[start + 1:]])


def _between_rows(text: str, insert: Callable[[int], list[str]], every: int = 4) -> str:
    """Insert page furniture after every ``every``-th non-blank line of the table: a page
    break can fall between any two lines of the extracted table."""
    lines, start = _table_bounds(text)
    out = lines[: start + 1]
    count = 0
    for line in lines[start + 1:]:
        out.append(line)
        if line.strip():
            count += 1
            if count % every == 0:
                out.extend(insert(count // every))
    return "\n".join(out)


def _map_cells(line: str, change: Callable[[str], str]) -> str:
    return "\t".join(change(cell) for cell in line.split("\t"))


def _table_header_line(text: str) -> str:
    lines, start = _table_bounds(text)
    return lines[start]


# ---------------------------------------------------------------- transformations

def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def bom(text: str) -> str:
    return "\ufeff" + text


def trailing_whitespace(text: str) -> str:
    ends = [" ", "  ", "\t", " \t", ""]
    return "\n".join(line + ends[i % len(ends)] for i, line in enumerate(text.split("\n")))


def spaces_around_tabs(text: str) -> str:
    return _map_table_lines(text, lambda line: line.replace("\t", " \t "))


def blank_lines_between_rows(text: str) -> str:
    return text.replace("\n", "\n\n")


def form_feeds(text: str) -> str:
    return _between_rows(text, lambda n: ["\f"])


def page_numbers(text: str) -> str:
    return _between_rows(text, lambda n: ["", f"Page {n + 2} of 12", "\f"])


def page_number_cells(text: str) -> str:
    return _between_rows(text, lambda n: ["", f"\t\t\t{n + 2}\t\t", ""])


def protective_marking(text: str) -> str:
    """UK government documents print their security marking at the top and foot of a page."""
    return "OFFICIAL\n" + _between_rows(text, lambda n: ["OFFICIAL", "\f", "OFFICIAL"])


def header_after_page_breaks(text: str) -> str:
    header = _table_header_line(text)
    return _between_rows(text, lambda n: ["", header], every=5)


def _reword_header(words: dict[str, str]) -> Callable[[str], str]:
    """Rename the six columns (cells matched by what they are, empty cells kept empty)."""
    order = [("rec", r"(?i)rec\w*\s*no"), ("recommendation", r"(?i)recommendation"),
             ("agreed", r"(?i)agreed"), ("response", r"(?i)response|action"),
             ("owner", r"(?i)owner|responsible|lead"), ("target", r"(?i)target|date")]

    def change(text: str) -> str:
        header = _table_header_line(text)

        def cell(c: str) -> str:
            if not c.strip():
                return c
            for key, pattern in order:
                if re.search(pattern, c):
                    return words[key]
            return c

        return text.replace(header, _map_cells(header, cell))

    return change


header_unnumbered = _reword_header({
    "rec": "Rec No", "recommendation": "Recommendation",
    "agreed": "Agreed/ Partly Agreed/ Not Agreed", "response": "Response Action Taken/Planned",
    "owner": "Responsible Owner", "target": "Target Date"})
header_actions_owner_timescale = _reword_header({
    "rec": "No.", "recommendation": "Recommendation", "agreed": "Agreed / Not agreed",
    "response": "Action(s)", "owner": "Owner", "target": "Timescale"})
header_lead_by_when = _reword_header({
    "rec": "Rec No.", "recommendation": "Recommendation", "agreed": "Agreement",
    "response": "Actions planned", "owner": "Lead", "target": "By when"})
header_completion_date = _reword_header({
    "rec": "Recommendation number", "recommendation": "Recommendation",
    "agreed": "Accepted?", "response": "Action to be taken", "owner": "Lead officer",
    "target": "Completion date"})
header_upper_case = _reword_header({
    "rec": "1. REC NO", "recommendation": "2. RECOMMENDATION",
    "agreed": "3. AGREED/ PARTLY AGREED/ NOT AGREED", "response": "4. RESPONSE",
    "owner": "5. RESPONSIBLE OWNER", "target": "6. TARGET DATE"})


def _reword_agreement(agreed: str, partly: str) -> Callable[[str], str]:
    def cell(c: str) -> str:
        plain = re.sub(r"<[^>]+>", "", c).strip()
        if re.fullmatch(r"(?i)agreed", plain):
            return c.replace(plain, agreed)
        if re.fullmatch(r"(?i)partly agreed", plain):
            return c.replace(plain, partly)
        return c

    return lambda text: _map_table_lines(text, lambda line: _map_cells(line, cell))


agreement_upper = _reword_agreement("AGREED", "PARTLY AGREED")
agreement_full_stop = _reword_agreement("Agreed.", "Partly agreed.")
agreement_partially = _reword_agreement("Fully agreed", "Partially agreed")
agreement_accepted = _reword_agreement("Accepted", "Partially accepted")
agreement_in_part = _reword_agreement("Agreed", "Agreed in part")

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
_DATE = re.compile(r"\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?(" + "|".join(MONTHS) +
                   r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\s+((?:19|20)\d\d)\b")


def _month(m: re.Match[str]) -> int:
    return next(i for i, name in enumerate(MONTHS, 1) if name.startswith(m.group(2)))


DATE_STYLES: dict[str, Callable[[re.Match[str]], str]] = {
    "numeric": lambda m: f"{int(m.group(1) or 28):02d}/{_month(m):02d}/{m.group(3)}",
    "short_year": lambda m: f"{MONTHS[_month(m) - 1][:3]}-{m.group(3)[2:]}",
    "abbreviated": lambda m: f"{MONTHS[_month(m) - 1][:3]} {m.group(3)}",
    "end_of": lambda m: f"End of {MONTHS[_month(m) - 1]} {m.group(3)}",
    "ordinal_day": lambda m: f"{int(m.group(1) or 30)}th {MONTHS[_month(m) - 1]} {m.group(3)}",
    "end_without_of": lambda m: f"End {MONTHS[_month(m) - 1]} {m.group(3)}",
    "by_month": lambda m: f"By {MONTHS[_month(m) - 1]} {m.group(3)}",
    "dotted": lambda m: f"{int(m.group(1) or 28):02d}.{_month(m):02d}.{m.group(3)}",
}


def _financial_quarter(m: re.Match[str]) -> str:
    """The financial-year quarter a month falls in: April 2019 -> "Q1 2019/20"."""
    month, year = _month(m), int(m.group(3))
    first = year if month >= 4 else year - 1
    return f"Q{(month - 4) % 12 // 3 + 1} {first}/{(first + 1) % 100:02d}"


def _quarter_end(record: ActionRecord) -> str | None:
    """Where the financial quarter of a record's target month ends ("2019-04" -> "2019-06"),
    when that month was printed as a month (a season is left as it was)."""
    if record.target_month is None or not _DATE.search(record.target or ""):
        return record.target_month
    year, number = map(int, record.target_month.split("-"))
    return f"{year}-{(number + 2) // 3 * 3:02d}"


def _restyle(style: str) -> Callable[[str], str]:
    restyle = _financial_quarter if style == "financial_quarter" else DATE_STYLES[style]
    return lambda cell: _DATE.sub(restyle, cell)


def _dates_in_target_cells(style: str) -> Callable[[str], str]:
    """Reprint the dates of the target-date column (the sixth cell of a full row, or the
    last cell of a row when it reads as dates) in another style."""
    restyle = _restyle(style)

    def line_change(line: str) -> str:
        cells = line.split("\t")
        last = max((i for i, c in enumerate(cells) if c.strip()), default=None)
        if last is None or last < 1 or not (last == 5 or looks_like_target(cells[last])):
            return line
        cells[last] = restyle(cells[last])
        return "\t".join(cells)

    return lambda text: _map_table_lines(text, line_change)


def header_dates_reprinted(text: str) -> str:
    """"26th April 2019" <-> "26/04/2019" in the plan's submitted/published lines."""
    def change(m: re.Match[str]) -> str:
        label, value = m.group(1), m.group(2)
        numeric = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value.strip())
        if numeric:
            d, mo, y = numeric.groups()
            return f"{label}{int(d)} {MONTHS[int(mo) - 1]} {y}"
        return f"{label}{_restyle('numeric')(value)}"

    return re.sub(r"(?im)^((?:action plan submitted|report published):\s*)(.+)$", change, text)


def non_breaking_spaces(text: str) -> str:
    """Some exports keep the PDF's non-breaking spaces after short words."""
    return re.sub(r"(?<=\b\w\w) (?=\w)", "\u00a0", text)


def curly_quotes(text: str) -> str:
    parts = re.split(r"(<[^>]*>)", text)
    out = []
    for part in parts:
        if not part.startswith("<"):
            part = re.sub(r"(?<=\w)'", "’", part)
            part = re.sub(r"'(?=\w)", "‘", part)
            part = re.sub(r'"(?=\w)', "“", part)
            part = re.sub(r'(?<=\S)"', "”", part)
        out.append(part)
    return "".join(out)


def _bullets(glyph: str) -> Callable[[str], str]:
    """Every bullet printed with another glyph (dash bullets included)."""
    def change(text: str) -> str:
        text = re.sub(r"[•▪●\uf0b7]", glyph, text)
        return re.sub(r"(?:(?<=\t)|(?<=\s\s)|(?<=^))([ ]*)- (?=[A-Za-z])", rf"\1{glyph} ", text,
                      flags=re.M)
    return change


def _html_cell(cell: str) -> str:
    """A plain cell as an HTML table cell: escape text, keep the cell's own tags."""
    return "".join(part if re.fullmatch(r"<[^>]*>", part) else html.escape(part, quote=False)
                   for part in re.split(r"(<[^>]*>)", cell))


def as_html_document(text: str) -> str:
    """The plan as an HTML page: the action table as one <table> (a line without tabs is a
    one-cell row), tab rows above it as small tables, other lines as paragraphs."""
    lines, start = _table_bounds(text)
    out = ["<!DOCTYPE html>", "<html><head><title>Action plan</title></head><body>"]
    for line in lines[:start]:
        if "\t" in line:
            out.append(f"<table>{_html_row(line)}</table>")
        elif line.strip():
            out.append(f"<p>{html.escape(line.strip(), quote=False)}</p>")
    out.append("<table>")
    out.extend(_html_row(line) for line in lines[start:] if line.strip())
    out.append("</table></body></html>")
    return "\n".join(out)


def _html_row(line: str) -> str:
    return "<tr>" + "".join(f"<td>{_html_cell(c)}</td>" for c in line.split("\t")) + "</tr>"


def as_markdown_tables(text: str) -> str:
    """The plan as Markdown: tab rows (and every line of the action table) as pipe-table
    rows, a ruler under each table's first row."""
    lines, start = _table_bounds(text)
    out: list[str] = []
    in_table = False
    for i, line in enumerate(lines):
        if "\t" in line or (i >= start and line.strip()):
            cells = line.split("\t")
            out.append("| " + " | ".join(c.strip() for c in cells) + " |")
            if not in_table:
                out.append("|" + "|".join("---" for _ in cells) + "|")
            in_table = True
        else:
            out.append(line)
            in_table = in_table and i >= start
    return "\n".join(out)


def _introduction(lines: list[str]) -> tuple[int, int]:
    """First and last line of the introduction and definitions table (before the table)."""
    table = table_start(lines)
    start = next(i for i, line in enumerate(lines) if re.search(r"(?i)introduction", line))
    end = max(i for i, line in enumerate(lines[:table]) if line.startswith("Not Agreed\t"))
    return start, end


def introduction_removed(text: str) -> str:
    lines = text.split("\n")
    start, end = _introduction(lines)
    return "\n".join(lines[:start] + lines[end + 1:])


def introduction_doubled(text: str) -> str:
    lines = text.split("\n")
    start, end = _introduction(lines)
    return "\n".join(lines[: end + 1] + [""] + lines[start: end + 1] + lines[end + 1:])


def html_fragments_as_plain_text(text: str) -> str:
    """Another export of the same table: cell paragraphs as the PDF's runs of spaces, list
    items as bullets ("•", nested ones "o" as Word prints them), no tags."""
    def cell(c: str) -> str:
        out, depth = [], 0
        for token in re.split(r"(<[^>]*>)", c):
            tag = re.fullmatch(r"<\s*(/?)\s*([a-zA-Z]+)[^>]*>", token)
            name = tag.group(2).lower() if tag else ""
            if name in {"ul", "ol"}:
                depth += -1 if tag.group(1) else 1
            if name == "li" and not tag.group(1):
                token = " o " if depth >= 2 else " • "
            elif name == "p" and not tag.group(1):
                token = "   "
            elif tag:
                token = " "
            out.append(token)
        return "".join(out)

    return _map_table_lines(text, lambda line: _map_cells(line, cell))


def leading_empty_column(text: str) -> str:
    """An empty margin column before the table's first column."""
    lines, start = _table_bounds(text)
    return "\n".join(lines[:start] + ["\t" + line if "\t" in line else line
                                       for line in lines[start:]])


def _split_row(line: str, owner_on_top: bool) -> list[str]:
    """A page break inside a long response cell: the first half of the cell stays on the row's
    line, the rest (from mid-sentence) continues on a line of its own in the same column; the
    owner and date stay with the first half (cells aligned at the top) or go with the rest."""
    cells = line.split("\t")
    if len(cells) != 6 or len(split_owner_entries(cells[4])) != 1 \
            or len(split_targets(cells[5])) != 1 or re.search(r"<|\S\s{2,}\S", cells[3]):
        return [line]  # only a one-step row (one owner, one date): no entries to share out
    words = cells[3].split(" ")
    middles = [i for i in range(len(words) // 3, 2 * len(words) // 3)
               if re.fullmatch(r"[a-z]+", words[i - 1]) and re.fullmatch(r"[a-z]+", words[i])]
    if len(words) < 30 or not middles:
        return [line]
    cut = middles[len(middles) // 2]
    first, rest = " ".join(words[:cut]), " ".join(words[cut:])
    if owner_on_top:
        return ["\t".join(cells[:3] + [first] + cells[4:]), f"\t\t\t{rest}\t\t"]
    return ["\t".join(cells[:3] + [first, "", ""]), f"\t\t\t{rest}\t{cells[4]}\t{cells[5]}"]


def _rows_split_by_page_breaks(owner_on_top: bool) -> Callable[[str], str]:
    def change(text: str) -> str:
        lines, start = _table_bounds(text)
        out = lines[: start + 1]
        for line in lines[start + 1:]:
            out.extend(_split_row(line, owner_on_top))
        return "\n".join(out)
    return change


def without_rec_no_column(text: str) -> str:
    """A five-column table: the number printed at the start of the recommendation cell."""
    lines, start = _table_bounds(text)
    header = [c for c in lines[start].split("\t") if not re.search(r"(?i)rec\w*\s*no", c)]
    out = lines[:start] + ["\t".join(header[1:] if not header[0].strip() else header)]
    for line in lines[start + 1:]:
        cells = line.split("\t")
        if len(cells) >= 6:
            number = re.fullmatch(r"(\d{1,2})\.?", cells[0].strip())
            first = cells[0].strip() if len(cells[0].strip()) > 4 else ""  # text, not a number
            text = " ".join(filter(None, [first, cells[1]]))
            cells = [f"{number.group(1)}. {text}" if number else text] + cells[2:]
        out.append("\t".join(cells))
    return "\n".join(out)


def _split_recommendation(line: str) -> list[str]:
    """A page break inside a long recommendation cell: the rest of the recommendation (from
    mid-sentence) on a line of its own in the recommendation column."""
    cells = line.split("\t")
    words = cells[1].split(" ") if len(cells) == 6 else []
    middles = [i for i in range(len(words) // 3, 2 * len(words) // 3)
               if re.fullmatch(r"[a-z]+", words[i - 1]) and re.fullmatch(r"[a-z]+", words[i])]
    if len(words) < 12 or not middles or "<" in cells[1]:
        return [line]
    cut = middles[len(middles) // 2]
    first, rest = " ".join(words[:cut]), " ".join(words[cut:])
    return ["\t".join(cells[:1] + [first] + cells[2:]), f"\t{rest}\t\t\t\t"]


def recommendations_split_by_page_breaks(text: str) -> str:
    lines, start = _table_bounds(text)
    return "\n".join(lines[: start + 1] + [part for line in lines[start + 1:]
                                           for part in _split_recommendation(line)])


def title_spelled_out(text: str) -> str:
    """The title names the inspectorate in full; the header labels carry a "Date"."""
    text = re.sub(r"(?m)^A Response to the HMI Probation Inspection:",
                  "A response to the HM Inspectorate of Probation inspection of", text)
    text = re.sub(r"(?m)^Action Plan Submitted:", "Date action plan submitted:", text)
    return re.sub(r"(?m)^Report Published:", "Date report published:", text)


def action_plan_heading_with_a_dash(text: str) -> str:
    return re.sub(r"(?m)^(#* *)ACTION PLAN: ", r"\1Action Plan – ", text)


def _step_numbers(form: str) -> Callable[[str], str]:
    """Reprint the step numbers inside response cells ("3) " -> "(3) ", "1.1 " -> "1.1. ")."""
    def cell(c: str) -> str:
        c = re.sub(r"(?<![\w.(])(\d{1,2})\) (?=[A-Z])", lambda m: form.format(m.group(1)), c)
        return re.sub(r"(?<![\w.])(\d{1,2}\.\d{1,2}) (?=[A-Z])", r"\1. ", c) \
            if form.endswith(". ") else c

    def line_change(line: str) -> str:
        cells = line.split("\t")
        if len(cells) >= 4:
            cells[3] = cell(cells[3])
        return "\t".join(cells)

    return lambda text: _map_table_lines(text, line_change)


def status_words_reprinted(text: str) -> str:
    """"Completed" printed "Complete", "Ongoing" printed "On-going" in the date column."""
    def line_change(line: str) -> str:
        cells = line.split("\t")
        if len(cells) >= 3:
            cells[-1] = _status_reprinted(cells[-1])
        return "\t".join(cells)

    return _map_table_lines(text, line_change)


def _status_reprinted(target: str) -> str:
    return re.sub(r"\bOngoing\b", "On-going", re.sub(r"\bCompleted\b", "Complete", target))


def leading_empty_cells_dropped(text: str) -> str:
    """A continuation row printed without its empty leading cells ("\t\t\tx\ty\tz" ->
    "x\ty\tz"), as some extractors do."""
    def line_change(line: str) -> str:
        cells = line.split("\t")
        if len(cells) == 6 and not any(c.strip() for c in cells[:3]) and cells[3].strip() \
                and cells[5].strip():
            return "\t".join(cells[3:])
        return line

    return _map_table_lines(text, line_change)


def entities_in_cells(text: str) -> str:
    """Cells holding HTML fragments with "&" and quotes escaped as entities."""
    def line_change(line: str) -> str:
        if "\t" not in line:
            return line
        return line.replace("&", "&amp;").replace("'", "&#39;")

    return _map_table_lines(text, line_change)


def progress_column(text: str) -> str:
    """A seventh "Progress" column (an updated plan), empty or short on every row."""
    lines, start = _table_bounds(text)
    out = lines[:start] + [lines[start].rstrip("\t") + "\t7. Progress update"]
    for i, line in enumerate(lines[start + 1:]):
        cells = line.split("\t")
        if len(cells) == 6 and is_header_line(cells):
            line += "\t7. Progress update"
        elif len(cells) == 6 and cells[5].strip():
            line += "\t" + ("On track" if i % 2 else "")
        out.append(line)
    return "\n".join(out)


def repeated_note_reworded(text: str) -> str:
    return re.sub(r"This recommendation has been repeated\s+from the previous inspection\.",
                  "This is a repeated recommendation from the previous inspection.", text)


def pdf_ligatures_and_soft_hyphens(text: str) -> str:
    """What PDF text extraction leaves in words: "ﬁ"/"ﬂ" ligatures, soft hyphens, zero-width
    spaces."""
    text = text.replace("fi", "ﬁ").replace("fl", "ﬂ")
    return re.sub(r"(?<=[a-z]{4})(?=[a-z]{4})", lambda m: "\u00ad", text, count=200)


def line_breaks_in_owner_and_date_cells(text: str) -> str:
    """An HTML-fragment export separating owner and date entries by <br> instead of <p>s."""
    def entries(cell: str) -> str:
        if "</p>" not in cell:
            return cell
        parts = [p.strip() for p in re.split(r"(?i)</?p\b[^>]*>", cell) if p.strip()]
        return "<br>".join(parts)

    def line_change(line: str) -> str:
        cells = line.split("\t")
        if len(cells) == 6:
            cells[4], cells[5] = entries(cells[4]), entries(cells[5])
        return "\t".join(cells)

    return _map_table_lines(text, line_change)


def summary_table_reworded(text: str) -> str:
    """The counts table at the end labelled in other words."""
    text = re.sub(r"(?m)^Recommendations\t", "Summary of recommendations\t", text)
    text = re.sub(r"(?m)^(Agreed|Partly Agreed|Not Agreed)\t(\d+)$", r"Number \1\t\2", text)
    return re.sub(r"(?m)^Total\t(\d+)$", r"Total number of recommendations\t\1", text)


def agreement_on_the_next_line(text: str) -> str:
    """The agreement cell printed on the row's second line (cells centred vertically), when
    that line is a continuation with an empty agreement column."""
    lines, start = _table_bounds(text)
    out = lines[: start + 1]
    table = lines[start + 1:]
    for i, line in enumerate(table):
        cells = line.split("\t")
        following = table[i + 1].split("\t") if i + 1 < len(table) else []
        if len(cells) == 6 and cells[0].strip() and re.fullmatch(r"(?i)agreed", cells[2].strip()) \
                and len(following) == 6 and not following[0].strip() and not following[2].strip():
            table[i + 1] = "\t".join(following[:2] + [cells[2]] + following[3:])
            cells[2] = ""
            line = "\t".join(cells)
        out.append(line)
    return "\n".join(out)


def owner_and_date_on_the_next_line(text: str) -> str:
    """A one-step row whose owner and date cells (centred vertically) were printed on a line
    of their own below the response."""
    lines, start = _table_bounds(text)
    out = lines[: start + 1]
    for line in lines[start + 1:]:
        cells = line.split("\t")
        if len(cells) == 6 and cells[3].strip() and len(split_owner_entries(cells[4])) == 1 \
                and len(split_targets(cells[5])) == 1 and not re.search(r"<|\S\s{2,}\S", cells[3]):
            out.extend(["\t".join(cells[:4] + ["", ""]), "\t".join([""] * 4 + cells[4:])])
        else:
            out.append(line)
    return "\n".join(out)


def _rec_numbers(form: str) -> Callable[[str], str]:
    """Reprint the recommendation numbers in the first column ("1" -> "1." / "Rec 1")."""
    def line_change(line: str) -> str:
        return re.sub(r"^(\d{1,2})\.?(?=\t)", lambda m: form.format(m.group(1)), line)
    return lambda text: _map_table_lines(text, line_change)


TRANSFORMS: dict[str, Callable[[str], str]] = {
    "crlf": crlf,
    "bom": bom,
    "trailing_whitespace": trailing_whitespace,
    "spaces_around_tabs": spaces_around_tabs,
    "blank_lines_between_rows": blank_lines_between_rows,
    "form_feeds": form_feeds,
    "page_numbers": page_numbers,
    "page_number_cells": page_number_cells,
    "protective_marking": protective_marking,
    "header_after_page_breaks": header_after_page_breaks,
    "header_unnumbered": header_unnumbered,
    "header_actions_owner_timescale": header_actions_owner_timescale,
    "header_lead_by_when": header_lead_by_when,
    "header_completion_date": header_completion_date,
    "header_upper_case": header_upper_case,
    "agreement_upper": agreement_upper,
    "agreement_lower": _reword_agreement("agreed", "partly agreed"),
    "agreement_full_stop": agreement_full_stop,
    "agreement_partially": agreement_partially,
    "agreement_accepted": agreement_accepted,
    "agreement_in_part": agreement_in_part,
    "header_dates_reprinted": header_dates_reprinted,
    "non_breaking_spaces": non_breaking_spaces,
    "curly_quotes": curly_quotes,
    "bullets_square": _bullets("▪"),
    "bullets_round": _bullets("•"),
    "bullets_private_use": _bullets("\uf0b7"),
    "bullets_o": _bullets("o"),
    "bullets_arrow": _bullets("➢"),
    "html_fragments_as_plain_text": html_fragments_as_plain_text,
    "leading_empty_column": leading_empty_column,
    "rows_split_owner_on_top": _rows_split_by_page_breaks(owner_on_top=True),
    "rows_split_owner_below": _rows_split_by_page_breaks(owner_on_top=False),
    "without_rec_no_column": without_rec_no_column,
    "status_words_reprinted": status_words_reprinted,
    "leading_empty_cells_dropped": leading_empty_cells_dropped,
    "entities_in_cells": entities_in_cells,
    "progress_column": progress_column,
    "repeated_note_reworded": repeated_note_reworded,
    "summary_table_reworded": summary_table_reworded,
    "agreement_on_the_next_line": agreement_on_the_next_line,
    "owner_and_date_on_the_next_line": owner_and_date_on_the_next_line,
    "pdf_ligatures_and_soft_hyphens": pdf_ligatures_and_soft_hyphens,
    "line_breaks_in_owner_and_date_cells": line_breaks_in_owner_and_date_cells,
    "recommendations_split_by_page_breaks": recommendations_split_by_page_breaks,
    "title_spelled_out": title_spelled_out,
    "action_plan_heading_with_a_dash": action_plan_heading_with_a_dash,
    "step_numbers_parenthesised": _step_numbers("({}) "),
    "step_numbers_full_stop": _step_numbers("{}. "),
    "introduction_removed": introduction_removed,
    "introduction_doubled": introduction_doubled,
    "rec_numbers_full_stop": _rec_numbers("{}."),
    "rec_numbers_rec_prefix": _rec_numbers("Rec {}"),
    "rec_numbers_recommendation": _rec_numbers("Recommendation {}"),
}
# How a transformation legitimately changes the target as printed.
TARGET_CHANGES: dict[str, Callable[[str], str]] = {"status_words_reprinted": _status_reprinted}
FORMATS: dict[str, tuple[Callable[[str], str], str]] = {
    "html_document": (as_html_document, ".html"),
    "markdown_tables": (as_markdown_tables, ".md"),
}


def _ids(path: Path) -> str:
    return path.name[:3]


def _applicable(transforms: dict[str, Callable[[str], str]]) -> list:
    """(plan, transformation) pairs where the transformation changes the plan's text (a plan
    without "Partly agreed" or bullets has nothing for some of them to change)."""
    return [pytest.param(path, name, id=f"{_ids(path)}-{name}") for name in sorted(transforms)
            for path in SAMPLES
            if transforms[name](text := path.read_text(encoding="utf-8")) != text]


@pytest.mark.parametrize("path, name", _applicable(TRANSFORMS))
def test_transformation_keeps_the_records(path, name):
    reference = _reference(path)
    changed = _extract(TRANSFORMS[name](path.read_text(encoding="utf-8")), path.name)
    assert _signature(changed) == _signature(reference,
                                             target=TARGET_CHANGES.get(name, lambda t: t))
    assert _header(changed) == _header(reference)


@pytest.mark.parametrize("name", sorted(FORMATS))
@pytest.mark.parametrize("path", SAMPLES, ids=_ids)
def test_another_file_format_keeps_the_records(path, name):
    convert, suffix = FORMATS[name]
    reference = _reference(path)
    changed = _extract(convert(path.read_text(encoding="utf-8")), path.name, suffix)
    assert _signature(changed) == _signature(reference)
    assert _header(changed) == _header(reference)


COMBINED = {
    "furniture": ("protective_marking", "header_after_page_breaks", "header_lead_by_when",
                  "agreement_accepted", "bullets_square", "curly_quotes", "trailing_whitespace",
                  "crlf"),
    "page_breaks": ("rows_split_owner_below", "page_numbers", "header_after_page_breaks",
                    "line_breaks_in_owner_and_date_cells", "recommendations_split_by_page_breaks"),
    "plain_cells": ("leading_empty_cells_dropped", "html_fragments_as_plain_text",
                    "pdf_ligatures_and_soft_hyphens", "non_breaking_spaces"),
    "layout": ("without_rec_no_column", "progress_column", "form_feeds",
               "summary_table_reworded", "title_spelled_out", "step_numbers_parenthesised"),
}


@pytest.mark.parametrize("combination", sorted(COMBINED))
@pytest.mark.parametrize("path", SAMPLES, ids=_ids)
def test_several_transformations_at_once(path, combination):
    """One export showing several of the variations together: targets as "Dec 2018", then
    the transformations in the order listed (each reads the layout the one before it left)."""
    text = _dates_in_target_cells("abbreviated")(path.read_text(encoding="utf-8"))
    for name in COMBINED[combination]:
        text = TRANSFORMS[name](text)
    changed = _extract(text, path.name)
    assert _signature(changed) == _signature(_reference(path), target=_restyle("abbreviated"))


@pytest.mark.parametrize("style", sorted(DATE_STYLES))
@pytest.mark.parametrize("path", SAMPLES, ids=_ids)
def test_dates_printed_another_way_keep_the_month(path, style):
    """The target column reprinted: the target as printed changes, its month does not."""
    reference = _reference(path)
    original = path.read_text(encoding="utf-8")
    transformed = _dates_in_target_cells(style)(original)
    assert transformed != original
    changed = _extract(transformed, path.name)
    assert _signature(changed) == _signature(reference, target=_restyle(style))


@pytest.mark.parametrize("path", SAMPLES, ids=_ids)
def test_financial_quarters_end_the_quarter(path):
    """Targets printed as financial-year quarters ("Q4 2019/20"): the month becomes the
    quarter's last month (March 2020), nothing else changes."""
    reference = _reference(path)
    transformed = _dates_in_target_cells("financial_quarter")(path.read_text(encoding="utf-8"))
    changed = _extract(transformed, path.name)
    assert _signature(changed) == _signature(reference, target=_restyle("financial_quarter"),
                                             month=_quarter_end)


@pytest.mark.parametrize("path", SAMPLES, ids=_ids)
def test_windows_1252_file(path):
    reference = _reference(path)
    data = normalise_characters(path.read_text(encoding="utf-8")).encode("cp1252")
    changed = parse_plan_text(decode_plan_bytes(data, path.name), path.name)
    assert _signature(changed) == _signature(reference)
    assert _header(changed) == _header(reference)
