"""Write a gold plan as plan text in a named layout of the family.

The gold (``gold/*.json``) says what a plan holds; a :class:`Layout` says how a PDF export
could print it: a row per step or all steps in one cell, step numbers inline, alone in a
cell (after two to four empty cells) or in a column of their own, cells wrapped over several
lines with page breaks and the header repeated, a recommendation row without its number cell,
stray letters and fragments of a neighbouring cell, a Progress column. Whatever the layout,
the expected records are the gold's (:func:`expected_records`), so a parser is measured on the
family, not on one plan's quirks. Pure functions; randomness only from ``random.Random(seed)``.
"""

from __future__ import annotations

import json
import random
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLD_DIR = HERE / "gold"

HEADER_CELLS = [
    "1. Rec No", "2. Recommendation", "3. Agreed/ Partly Agreed/ Not Agreed",
    "4. Response Action Taken/Planned",
    "5. Responsible Owner (including named individuals and their functional role or department)",
    "6. Target Date",
]
STEP_HEADER = "Step No"
PROGRESS_HEADER = "7. Progress"
PROGRESS_WORDS = ["On track", "Complete", "In progress", "", ""]
REPEATED_NOTE = "This recommendation has been repeated from the previous inspection."
AGREEMENT_PRINTED = {"agreed": ["Agreed"], "partly agreed": ["Partly agreed", "Partly Agreed"],
                     "not agreed": ["Not agreed", "Not Agreed"], None: [""]}

INTRODUCTION = [
    "INTRODUCTION",
    "",
    "Her Majesty's Inspectorate of Probation is the independent inspector of youth offending and "
    "probation services in England and Wales. It reports on the effectiveness of probation and "
    "youth offending service work with adults and children.",
    "",
    "In response to the report, HMPPS/MoJ are required to draft a robust and timely action plan "
    "to address the recommendations. The action plan confirms whether recommendations are agreed, "
    "partly agreed or not agreed (see categorisations below). Where a recommendation is agreed or "
    "partly agreed, the action plan provides specific steps and actions to address these. Actions "
    "are clear, measurable, achievable and relevant with the owner and timescale of each step "
    "clearly identified. Action plans are published on the HMI Probation website.",
    "",
    "Term\tDefinition\tAdditional comment",
    "Agreed\tAll of the recommendation is agreed with, can be achieved and is affordable.\t"
    "The response should clearly explain how the recommendation will be achieved along with "
    "timescales.",
    "Partly Agreed\tOnly part of the recommendation is agreed with, is achievable, affordable and "
    "will be implemented.\tThe response must state clearly which part of the recommendation will "
    "be implemented.",
    "Not Agreed\tThe recommendation is not agreed and will not be implemented.\tThe response must "
    "clearly state the reasons why we have chosen this option.",
    "",
]


@dataclass(frozen=True)
class Layout:
    """How a plan's table is printed. Every feature is one way PDF exports of the family differ."""

    name: str
    rows: str = "step"          # "step": a row per step; "rec": a row per recommendation
    numbers: str = "inline"     # "inline" ("2. text"), "alone" ("2." in a cell of its own after
    #                             2-4 empty cells on some rows), "column" (a Step No column)
    cells: str = "plain"        # "plain" or "html" (<p> paragraphs) for rows="rec"
    wrap: int = 0               # > 0: cells wrapped at about this many characters per line
    blank_in_row: bool = False  # a blank line in the middle of some wrapped rows
    page_lines: int = 0         # > 0: a page break (furniture, header repeated) every N lines
    missing_rec_number: bool = False  # some recommendation rows start with the text itself
    strays: bool = False        # stray single letters and fragments of a neighbouring cell
    progress: bool = False      # a Progress column after the target date
    number_steps: bool = False  # unnumbered recommendations get their action steps numbered
    date_forms: bool = False    # targets in the family's other forms ("March – May 2020",
    #                             "North – completed South – May 2020", "Ongoing practice")


LAYOUTS: dict[str, Layout] = {layout.name: layout for layout in [
    Layout("step_rows"),
    Layout("rec_cell_html", rows="rec", cells="html"),
    Layout("rec_cell_plain", rows="rec", cells="plain", number_steps=True),
    Layout("numbers_alone", numbers="alone", number_steps=True),
    Layout("pdf_wrapped", wrap=55, blank_in_row=True, page_lines=45),
    Layout("missing_rec_strays", missing_rec_number=True, strays=True, number_steps=True),
    Layout("step_column", numbers="column", number_steps=True),
    Layout("progress_column", progress=True),
    # Issue 10's description of an unseen plan's table, as a whole (dev): numbers alone after
    # two to four empty cells beside inline ones, wrapped cells (the recommendation going on
    # beside a step's next lines), blank lines inside rows, rows without their number cell,
    # stray letters and fragments, date cells in other forms; then narrower, with page breaks.
    Layout("described", numbers="alone", wrap=50, blank_in_row=True, missing_rec_number=True,
           strays=True, number_steps=True, date_forms=True),
    Layout("described_paged", numbers="alone", wrap=42, blank_in_row=True, page_lines=40,
           missing_rec_number=True, strays=True, number_steps=True, date_forms=True),
    # Kept for the test split only: several features at once, as a real export shows them.
    Layout("combined", numbers="alone", wrap=60, blank_in_row=True, page_lines=50,
           missing_rec_number=True, strays=True, progress=True, number_steps=True),
]}


@dataclass
class Rendered:
    """A rendered plan: its text, where its table is, and which words of the table carry no
    record content (``furniture``: headers, page furniture, labels such as "should:") or are
    deliberate debris (``junk``: stray letters, fragments repeating a neighbouring cell)."""

    name: str
    text: str
    expected: list[dict]
    table_start: int
    table_end: int
    furniture: list[str] = field(default_factory=list)
    junk: list[str] = field(default_factory=list)
    header: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # Progress notes (also in furniture): no
    #                                                 record field holds them, so a parser may
    #                                                 keep them as unplaced for review


def load_gold(name: str) -> dict:
    return json.loads((GOLD_DIR / f"{name}.json").read_text(encoding="utf-8"))


def gold_names() -> list[str]:
    return sorted(p.stem for p in GOLD_DIR.glob("*.json"))


def _rendered_actions(rec: dict) -> list[dict]:
    return [a for a in rec["actions"] if not a.get("only_in_source")]


def _step_labels(rec: dict, layout: Layout) -> list[str | None]:
    """The step number each action is printed with (``number_steps``: 1, 2, ... on the action
    steps of a recommendation printed without numbers)."""
    actions = _rendered_actions(rec)
    steps = [a["step"] for a in actions]
    if layout.number_steps and not any(steps):
        n = 0
        for i, a in enumerate(actions):
            if a["kind"] == "action" and (a["owners"] or a["target"]):
                n += 1
                steps[i] = str(n)
    return steps


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
_MONTH_YEAR = re.compile(rf"^({'|'.join(MONTHS)}) (20\d\d)$")


def printed_target(action: dict, layout: Layout) -> str | None:
    """The target as ``layout`` prints it. With ``date_forms``, in another form plans of the
    family use for the same month or status (issue 10: "July – September 2020", "Durham –
    completed Cleveland – May 2020", "Ongoing practice", "Commenced and ongoing"): a range
    ending in the month, areas with a status each then the month, a status in words. The
    form is chosen from the action's text (no seed), so the expected records can say it."""
    target = action["target"]
    if not layout.date_forms or not target:
        return target
    pick = zlib.crc32(action["text"].encode("utf-8")) % 3
    month_year = _MONTH_YEAR.match(target)
    if month_year and MONTHS.index(month_year.group(1)) >= 2:
        start = MONTHS[MONTHS.index(month_year.group(1)) - 2]
        return [target, f"{start} – {target}", f"North – completed South – {target}"][pick]
    if re.fullmatch(r"(?i)on-?going", target):
        return ["Ongoing practice", "Commenced and ongoing", target][pick]
    return target


def expected_records(gold: dict, layout: Layout) -> list[dict]:
    """The records any correct parser gives for ``gold`` printed in ``layout``."""
    out = []
    for rec in gold["recommendations"]:
        for a, step in zip(_rendered_actions(rec), _step_labels(rec, layout), strict=True):
            out.append({"rec_number": rec["number"], "rec_text": rec["text"],
                        "addressee": rec["addressee"], "agreement": rec["agreement"],
                        "repeated": rec["repeated"], "kind": a["kind"], "text": a["text"],
                        "owners": list(a["owners"]), "target": printed_target(a, layout),
                        "target_month": a["target_month"], "step": step})
    return out


def _label(step: str | None, style: str) -> str:
    if not step:
        return ""
    return step if "." in step else f"{step}{style}"


def _owner_cell(owners: list[str], rng: random.Random, labels: list[str]) -> str:
    if len(owners) < 2:
        return owners[0] if owners else ""
    joiner = " / " if any(" and " in o for o in owners) else rng.choice([" and ", " / ", "; "])
    labels.extend([joiner] * (len(owners) - 1))
    return joiner.join(owners)


def _rec_cell(rec: dict, rng: random.Random, labels: list[str]) -> str:
    parts = []
    if rec["addressee"]:
        parts.append(f"{rec['addressee']} should:")
        labels.append("should")
    parts.append(rec["text"])
    if rec["repeated"]:
        parts.append(REPEATED_NOTE)
        labels.append(REPEATED_NOTE)
    return " ".join(p for p in parts if p)


def _wrap(text: str, width: int) -> list[str]:
    """Cut a cell into lines of about ``width`` characters the way a PDF export does, never
    between two sentences or before a number (so a continuation never looks like a new step)."""
    words = text.split()
    if not words or width <= 0:
        return [text] if text else []
    lines: list[list[str]] = [[]]
    for i, word in enumerate(words):
        line = lines[-1]
        full = len(" ".join(line + [word])) > width
        safe = bool(line) and not re.search(r"[.:;!?)]$", line[-1]) \
            and not re.match(r"[(\d•·-]", word) and i < len(words) - 1
        if full and safe:
            lines.append([word])
        else:
            line.append(word)
    return [" ".join(line) for line in lines]


class _Writer:
    """Collects the rows of one plan's table and turns them into lines."""

    def __init__(self, layout: Layout, rng: random.Random) -> None:
        self.layout = layout
        self.rng = rng
        self.rows: list[list[str]] = []
        self.junk: list[str] = []
        self.labels: list[str] = []
        self.notes: list[str] = []

    def header(self) -> list[str]:
        cells = list(HEADER_CELLS)
        if self.layout.numbers == "column":
            cells.insert(3, STEP_HEADER)
        if self.layout.progress:
            cells.append(PROGRESS_HEADER)
        return cells

    def row(self, rec_cells: list[str], step: str, text: str, owner: str, date: str,
            first: bool) -> None:
        """One table row: ``rec_cells`` are the number, recommendation and agreement cells."""
        layout = self.layout
        if layout.numbers == "column":
            cells = rec_cells + [step, text, owner, date]
        elif layout.numbers == "alone" and step and not any(rec_cells) and not first \
                and self.rng.random() < 0.6:
            cells = [""] * self.rng.choice([2, 3, 4]) + [step, text, owner, date]
        else:
            cells = rec_cells + [f"{step} {text}".strip(), owner, date]
        if layout.progress:
            cells.append(self.progress() if (owner or date) else "")
        self.rows.append(cells)

    def progress(self) -> str:
        """A Progress cell: a short status note, no record field holds it (furniture)."""
        word = self.rng.choice(PROGRESS_WORDS)
        if word:
            self.labels.append(word)
            self.notes.append(word)
        return word

    def lines(self) -> list[str]:
        out: list[str] = []
        for cells in self.rows:
            if self.layout.wrap:
                chunks = [_wrap(c, self.layout.wrap) for c in cells]
                height = max(1, *map(len, chunks))
                physical = ["\t".join(ch[i] if i < len(ch) else "" for ch in chunks)
                            for i in range(height)]
                if self.layout.blank_in_row and height >= 3 and self.rng.random() < 0.3:
                    physical.insert(self.rng.randrange(1, height), "")
                out.extend(physical)
            else:
                out.append("\t".join(cells))
        return out


def render(gold: dict, layout: Layout | str, seed: int = 0) -> Rendered:
    """``gold`` printed as a plan text file in ``layout``."""
    if isinstance(layout, str):
        layout = LAYOUTS[layout]
    rng = random.Random(f"{gold['id']}/{layout.name}/{seed}")
    writer = _Writer(layout, rng)
    style = rng.choice([".", ")"])
    recs = gold["recommendations"]
    missing = set()
    if layout.missing_rec_number:
        candidates = [i for i, r in enumerate(recs) if r["text"]]
        chosen = rng.sample(candidates, max(1, len(candidates) // 3)) if candidates else []
        missing = {i for i in chosen if _number_inferable(recs, i)}
    for i, rec in enumerate(recs):
        actions = _rendered_actions(rec)
        labels = [_label(s, style) for s in _step_labels(rec, layout)]
        rec_cells = [rec["number"] or "", _rec_cell(rec, rng, writer.labels),
                     rng.choice(AGREEMENT_PRINTED[rec["agreement"]])]
        if i in missing:
            rec_cells = rec_cells[1:]
        if layout.rows == "rec":
            _rec_rows(writer, rec_cells, actions, labels)
        else:
            for j, (a, label) in enumerate(zip(actions, labels, strict=True)):
                cells = rec_cells if j == 0 else ["", "", ""]
                if a.get("heading"):
                    writer.labels.append(a["heading"])
                    writer.row(cells, "", a["heading"], "", "", first=j == 0)
                    cells = ["", "", ""]
                if layout.strays and j > 0 and rng.random() < 0.25:
                    cells = _stray_cells(writer, actions[j - 1], label, rng)
                writer.row(cells, label, a["text"], _owner_cell(a["owners"], rng, writer.labels),
                           printed_target(a, layout) or "", first=j == 0)
    return _assemble(gold, layout, writer, rng, seed)


def _number_inferable(recs: list[dict], i: int) -> bool:
    """A recommendation printed without its number cell must still have a number a reader can
    tell: the one after the previous recommendation's, or the one its step numbers carry."""
    number = recs[i]["number"] or ""
    previous = recs[i - 1]["number"] if i else "0"
    follows = number.isdigit() and (previous or "").isdigit() and int(number) == int(previous) + 1
    steps = [a["step"] for a in recs[i]["actions"] if a["step"]]
    return follows or bool(steps) and all(s.startswith(f"{number}.") for s in steps)


def _stray_cells(writer: _Writer, previous: dict, label: str, rng: random.Random) -> list[str]:
    """Leading cells of a continuation row holding debris: a stray letter, or the last words
    of the previous step and this step's number (a neighbouring cell's fragment)."""
    if rng.random() < 0.5:
        letter = rng.choice("aeitno")
        writer.junk.append(letter)
        return ["", "", letter]
    words = previous["text"].split()[-3:]
    fragment = " ".join(words + ([label] if label else []))
    writer.junk.append(fragment)
    return ["", fragment, ""]


def _rec_rows(writer: _Writer, rec_cells: list[str], actions: list[dict],
              labels: list[str | None]) -> None:
    """All steps of a recommendation in one response cell, owners and dates one entry per step.
    Steps without owner or date come first in a row (like a plan's preamble); a step with only
    one of them, or a bare step after dated ones, starts a new row so the entries stay
    unambiguous."""
    groups: list[list[int]] = []
    for k, a in enumerate(actions):
        full, bare = bool(a["owners"] and a["target"]), not (a["owners"] or a["target"])
        last = groups[-1] if groups else None
        if last is not None and (full or (bare and all(
                not (actions[m]["owners"] or actions[m]["target"]) for m in last))):
            last.append(k)
        else:
            groups.append([k])
    html = writer.layout.cells == "html"
    for g_index, group in enumerate(groups):
        texts = []
        for k in group:
            if actions[k].get("heading"):
                writer.labels.append(actions[k]["heading"])
                texts.append(actions[k]["heading"])
            texts.append(f"{labels[k] or ''} {actions[k]['text']}".strip())
        owners = [_owner_cell(actions[k]["owners"], writer.rng, writer.labels) for k in group
                  if actions[k]["owners"]]
        dates = [printed_target(actions[k], writer.layout) for k in group
                 if actions[k]["target"]]
        if html:
            cell = " ".join(f"<p>{t}</p>" for t in texts)
            owner = " ".join(f"<p>{o}</p>" for o in owners) if len(owners) > 1 else "".join(owners)
            date = " ".join(f"<p>{d}</p>" for d in dates) if len(dates) > 1 else "".join(dates)
        else:
            cell, owner, date = "  ".join(texts), "  ".join(owners), "  ".join(dates)
        cells = rec_cells if g_index == 0 else ["", "", ""]
        writer.rows.append(cells + [cell, owner, date] +
                           ([writer.progress()] if writer.layout.progress else []))


def _assemble(gold: dict, layout: Layout, writer: _Writer, rng: random.Random,
              seed: int) -> Rendered:
    h = gold["header"]
    head = ["", "", ""]
    if rng.random() < 0.5:
        head += ["HM Prison &", "Probation Service", ""]
    head += [f"Action Plan Submitted: {h['submitted']}", "", h["title"], ""]
    for extra in h.get("title_extra", []):
        head += [extra, ""]
    head += [f"Report Published: {h['published']}", ""] + INTRODUCTION
    if h.get("heading"):
        head += ["", f"ACTION PLAN: {h['heading']}", ""]
    header_line = "\t".join(writer.header())
    furniture = [header_line] + writer.labels
    body = writer.lines()
    if layout.page_lines:
        pages = len(body) // layout.page_lines + 2
        paged: list[str] = []
        for i, line in enumerate(body):
            if i and i % layout.page_lines == 0:
                page = i // layout.page_lines + 1
                marks = [f"Page {page} of {pages}", "OFFICIAL"]
                paged += ["", marks[0], marks[1], "", "", header_line]
                furniture += marks + [header_line]
            paged.append(line)
        body = paged + ["", f"Page {pages} of {pages}", "OFFICIAL"]
        furniture += [f"Page {pages} of {pages}", "OFFICIAL"]
    lines = head + [header_line] + body
    table_start, table_end = len(head), len(lines)
    counts = {k: 0 for k in AGREEMENT_PRINTED if k}
    for rec in gold["recommendations"]:
        if rec["agreement"]:
            counts[rec["agreement"]] += 1
    lines += ["", "Recommendations\t", *(f"{k.capitalize()}\t{v}" for k, v in counts.items()),
              f"Total\t{sum(counts.values())}", ""]
    return Rendered(name=f"{gold['id']}:{layout.name}:{seed}", text="\n".join(lines) + "\n",
                    expected=expected_records(gold, layout), table_start=table_start,
                    table_end=table_end, furniture=furniture, junk=list(writer.junk),
                    header=dict(h), notes=list(writer.notes))


def render_all(names: Iterable[str], layouts: Iterable[str], seeds: Iterable[int]
               ) -> list[Rendered]:
    seeds = list(seeds)
    layouts = list(layouts)
    return [render(load_gold(n), layout, seed) for n in names for layout in layouts
            for seed in seeds]
