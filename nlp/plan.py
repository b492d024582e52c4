"""A plan file -> :class:`Plan`: header metadata, the table, one record per action."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from nlp.accounting import Fragment, account, words
from nlp.cells import RowMemory, header_roles, keep_row_columns, retype_line
from nlp.dates import header_date, looks_like_target
from nlp.provenance import assign_pages
from nlp.reading import normalise_characters, read_document
from nlp.records import ActionRecord, Plan, PlanError, Recommendation
from nlp.table import (
    AGREEMENT,
    COLUMNS,
    DraftRecommendation,
    TableReader,
    clean_cell,
    clean_text,
    finish_kind,
    finish_recommendation_text,
    infer_numbers,
    is_header_line,
    is_open,
    join_page_splits,
    place_cells,
    resolve_target,
    wrap_width,
)

_DATE_LABEL = r"(?:date\s+(?:of\s+)?(?:the\s+)?)?"  # "Date action plan submitted:"
_SUBMITTED = re.compile(rf"(?im)^\W*{_DATE_LABEL}action plan submitted\s*:?[ \t]*(.*)$")
_PUBLISHED = re.compile(rf"(?im)^\W*{_DATE_LABEL}(?:(?:inspection )?report )?published\s*:?[ \t]*"
                        r"(.*)$")
_INSPECTORATE = (r"(?:hmi ?probation|hmip|hm inspectorate of probation|"
                 r"her majesty['’]?s inspectorate of probation)")
_TITLE = re.compile(rf"(?im)^\W*a response to the {_INSPECTORATE}(?: thematic)? inspection"
                    r"(?: report)?[ \t]*(?:of|on|into|:|-|–)?[ \t]*(.*)$")
_HEADING = re.compile(r"(?im)^\W*action plan[ \t]*[:–—-][ \t]*(?:hmip report[ \t]*)?(.+)$")
REC_NO_HEADER = re.compile(r"(?i)^(?:\d\.\s*)?(?:rec(?:ommendation)?s?\.?\s*(?:no|number|ref)\b.*|"
                           r"no\.?|number|ref(?:erence)?)$")
DATE_HEADER = re.compile(r"(?i)\b(?:target|completion|due|end)\s*dates?\b|\btimescales?\b|"
                         r"\bby\s+when\b|\bdeadline\b|^(?:\d\.\s*)?dates?$")
_STOP_TITLE = re.compile(r"(?i)^((?:date\s+)?report published|date\b|action plan|introduction|"
                         r"her majesty|#)")


def parse_plan(path: Path, trace: list | None = None) -> Plan:
    """Read one plan file (text, HTML, Markdown, PDF or Word); raise :class:`PlanError`
    (naming the file) if it is not a plan. Records of a PDF or Word file get their pages;
    ``trace``: as for :func:`parse_plan_text`."""
    document = read_document(path)
    plan = parse_plan_text(document.text, path.name, trace=trace, exact=cells_as_written(path),
                           drawn_rows=path.suffix.lower() in (".pdf", ".docx"))
    assign_pages(plan, document.pages)
    return plan


def cells_as_written(path: Path) -> bool:
    """Whether the file gives each table cell's paragraphs as written, an empty one for a
    step with no owner or date: a Word file, or a tagged PDF (its structure tree holds
    them); a PDF read by position guesses them from lines, where an empty one leaves no
    mark, and a text file's cells are as an export made them."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return True
    if suffix != ".pdf":
        return False
    import pypdfium2 as pdfium  # lazy: only for a PDF (read already)
    import pypdfium2.raw as pdfium_c  # lazy: with it

    try:
        pdf = pdfium.PdfDocument(path)
    except Exception:  # noqa: BLE001 - read_document has refused a damaged file already
        return False
    try:
        return bool(pdfium_c.FPDFCatalog_IsTagged(pdf.raw))
    finally:
        pdf.close()


def parse_plan_text(text: str, source: str, trace: list | None = None,
                    exact: bool = False, drawn_rows: bool = False) -> Plan:
    """Parse the text of a plan whose file name is ``source``; ``trace`` (for debugging)
    receives each table line with the row it was read as (None: furniture); ``exact``: the
    table's cells give their paragraphs as written (:func:`cells_as_written`);
    ``drawn_rows``: its rows are a document table's rows as drawn (Word, PDF), not an
    export's lines."""
    text = normalise_characters(text)
    lines = text.split("\n")
    start = table_start(lines)
    if start is None:
        if not (_SUBMITTED.search(text) or _TITLE.search(text)):
            raise PlanError(f"{source}: not an action plan (no plan header or action table)")
        raise PlanError(f"{source}: no action table found (no 'Recommendation ... Target date' "
                        "header row)")
    provider = provider_name(text)
    submitted = _first_date(_SUBMITTED, text)
    published = _first_date(_PUBLISHED, text)
    shift = column_shift(lines[start])
    roles = header_roles(lines[start].split("\t"))
    region = keep_row_columns([line for line in lines[start + 1:] if line.strip()], roles)
    extra: list[str] = []  # cells of columns the reader does not read (Progress)
    memory = RowMemory()
    placed_rows = [(line, place_cells(_six_columns(line, roles, shift, extra, memory)))
                   for line in region]
    rows, row_lines = join_page_splits(placed_rows)  # a row split by a page break, whole
    if trace is not None:
        trace.extend(placed_rows)
    reader = TableReader(wrap_width(rows), exact, drawn_rows)
    drafts = reader.read(rows)
    if not any(rec.drafts for rec in drafts):
        raise PlanError(f"{source}: the action table has no actions")
    every = list(reader.recs)
    kept = {id(rec) for rec in drafts}
    index_of = {id(rec): i for i, rec in enumerate(every)}
    accounting, fragments = account(
        [lines[start]] + [line for line, row in placed_rows if row is None],
        [(line, index_of[id(rec)]) for lines_of_row, rec in
         zip(row_lines, reader.row_recs, strict=True) for line in lines_of_row],
        [_placed_texts(rec, kept) for rec in every], [rec.furniture for rec in every], extra)
    unplaced = _fragments_by_recommendation(fragments, every, drafts)
    for rec in drafts:
        finish_recommendation_text(rec)
    infer_numbers(drafts)
    short = provider_short(text, provider, [r.addressee for r in drafts if r.addressee])
    plan = Plan(source=source, provider=provider, provider_short=short, submitted=submitted,
                published=published, accounting=accounting)
    ending = cut_off([line for line, row in placed_rows if row is not None])
    if ending:
        plan.warnings.append(f"{source}: the table ends mid-row or mid-word (...{ending!r}); "
                             "the file may be cut off")
    stem = re.sub(r"[^a-z0-9_-]+", "-", Path(source).stem.lower()).strip("-") or "plan"
    position = 0
    used_keys: set[str] = set()
    for rec_index, rec in enumerate(drafts, 1):
        plan.recommendations.append(Recommendation(rec.number, rec.text, rec.addressee,
                                                   rec.agreement, rec.repeated))
        rec_key = rec.number or f"x{rec_index}"
        if rec_key in used_keys:  # a number printed twice: keep ids unique and stable
            rec_key = f"{rec_key}x{rec_index}"
        used_keys.add(rec_key)
        for n, draft in enumerate(rec.drafts, 1):
            text = clean_text(draft.text)
            if not words(text):
                continue  # a stray letter or number: nothing to keep
            month, status = resolve_target(draft.target)
            position += 1
            plan.records.append(ActionRecord(
                id=f"{stem}-r{rec_key}-{n:02d}", source=source, provider=provider,
                provider_short=short, submitted=submitted, published=published,
                rec_number=rec.number, rec_text=rec.text, addressee=rec.addressee,
                agreement=rec.agreement, repeated=rec.repeated, kind=finish_kind(draft),
                text=text, owners=list(draft.owners), target=draft.target,
                target_month=month, status=status, step=draft.step, position=position,
            ))
        for n, fragment in enumerate(unplaced.get(id(rec), []), len(rec.drafts) + 1):
            position += 1
            plan.records.append(ActionRecord(
                id=f"{stem}-r{rec_key}-{n:02d}", source=source, provider=provider,
                provider_short=short, submitted=submitted, published=published,
                rec_number=rec.number, rec_text=rec.text, addressee=rec.addressee,
                agreement=rec.agreement, repeated=rec.repeated, kind="unplaced",
                text=fragment, position=position))
    # lazy: spaCy takes seconds to import; only when text is analysed
    from nlp.language import acronym_definitions

    plan.acronyms = acronym_definitions(" ".join(r.text for r in plan.records) + " " +
                                        " ".join(r.text for r in plan.recommendations))
    return plan


def _placed_texts(rec: DraftRecommendation, kept: set[int]) -> list[str]:
    """What a recommendation holds in the plan's fields: nothing if it is not kept, and no
    step whose text holds no word (it makes no record, so its owner and date are not kept)."""
    if id(rec) not in kept:
        return []
    out = list(rec.cells)
    for draft in rec.drafts:
        if words(clean_text(draft.text)):
            out += [draft.text, draft.owner_text, draft.target or ""]
    return out


def _fragments_by_recommendation(fragments: list[Fragment], every: list[DraftRecommendation],
                                 kept: list[DraftRecommendation]) -> dict[int, list[str]]:
    """Unplaced fragments under the recommendation they were read into (or, when that one
    holds nothing, the nearest kept one before it)."""
    out: dict[int, list[str]] = {}
    kept_ids = {id(rec) for rec in kept}
    for fragment in fragments:
        index = fragment.owner
        while index > 0 and id(every[index]) not in kept_ids:
            index -= 1
        rec = every[index] if id(every[index]) in kept_ids else kept[0]
        out.setdefault(id(rec), []).append(fragment.text)
    return out


def _six_columns(line: str, roles: tuple[str, ...], shift: tuple[int, int],
                 extra: list[str], memory: RowMemory | None = None) -> str:
    """A line in the reader's six columns: by what its cells hold where position cannot be
    trusted (``nlp.cells``), else by position against the header."""
    retyped, six = retype_line(line, roles, extra=extra, memory=memory)
    return retyped if six else align_columns(retyped, shift, extra)


def cut_off(table_lines: list[str]) -> str | None:
    """The end of the table's last line when it stops mid-row or mid-word (no full stop, and
    not an owner followed by its date): what a file cut off half-way through looks like."""
    if not table_lines:
        return None
    cells = [clean_cell(c) for c in table_lines[-1].split("\t")]
    last = next((c for c in reversed(cells) if c), "")
    if not last or not is_open(last) or looks_like_target(last):
        return None
    return last[-40:]


def table_start(lines: list[str]) -> int | None:
    """Index of the line before the first table row: its column header, or failing that the
    line before the first row with an "Agreed" cell (a table whose header was lost)."""
    header = next((i for i, line in enumerate(lines) if "\t" in line and
                   is_header_line(line.split("\t"))), None)
    if header is not None:
        return header
    for i, line in enumerate(lines):
        cells = [clean_cell(c) for c in line.split("\t")]
        if sum(1 for c in cells if c) >= 3 and any(AGREEMENT.match(c) for c in cells) and \
                not re.match(r"(?i)^(partly |not )?agreed$", cells[0]):
            return i - 1
    return None


def column_shift(header: str) -> tuple[int, int]:
    """(lead, extra) between the table's columns and the six the parser reads. ``lead`` > 0:
    an export kept the page margin as empty leading columns (every row, header included,
    shifted right); -1: no Rec No column (five columns, the number inside the text).
    ``extra``: columns after the six ("7. Progress update" in an updated plan)."""
    cells = header.split("\t")
    if not is_header_line(cells):
        return 0, 0
    dates = [i for i, c in enumerate(cells) if DATE_HEADER.search(clean_cell(c))]
    if not dates:
        return 0, 0
    lead = dates[-1] - (len(COLUMNS) - 1)  # where the target-date column is, against the sixth
    extra = sum(1 for c in cells[dates[-1] + 1:] if clean_cell(c))
    if lead > 0 and any(clean_cell(c) for c in cells[:lead]):
        lead = 0
    elif lead < 0 and (lead < -1 or REC_NO_HEADER.match(clean_cell(cells[0]))):
        lead = 0
    return lead, extra


def align_columns(line: str, shift: tuple[int, int], extra: list[str] | None = None) -> str:
    """A table line moved onto the six columns: empty margin cells dropped, or an empty Rec No
    cell added to a full-width row; the cells of extra columns after the six dropped from a
    full-width row. Lines that do not fit the layout are left as they are."""
    lead, extra_columns = shift
    if not (lead or extra_columns) or "\t" not in line:
        return line
    cells = line.split("\t")
    width = len(COLUMNS) + lead + extra_columns  # cells of a full-width row
    while len(cells) > width and not clean_cell(cells[-1]):
        cells.pop()  # trailing tabs
    if lead > 0 and len(cells) > lead and not any(clean_cell(c) for c in cells[:lead]):
        cells = cells[lead:]
    elif lead < 0 and len(cells) >= len(COLUMNS) + lead and (
            not clean_cell(cells[1]) or AGREEMENT.match(clean_cell(cells[1]))):
        cells = [""] * -lead + cells  # (a long text second is a response slid left instead)
    if extra_columns and len(cells) == len(COLUMNS) + extra_columns:
        if extra is not None:
            extra.extend(c for c in cells[len(COLUMNS):] if c.strip())
        cells = cells[: len(COLUMNS)]
    return "\t".join(cells)


def _first_date(pattern: re.Pattern[str], text: str) -> str | None:
    """The date after a header label, on the same line or the next non-empty one."""
    match = pattern.search(text)
    if not match:
        return None
    following = [clean_cell(line) for line in text[match.end():].split("\n")[1:4]]
    candidates = [clean_cell(match.group(1))] + [line for line in following if line][:1]
    return next((d for d in (header_date(c) for c in candidates if c) if d), None)


def provider_name(text: str) -> str:
    """The provider as the title names it, joined across the title's broken lines."""
    match = _TITLE.search(text)
    if not match:
        heading = _HEADING.search(text)
        return clean_cell(heading.group(1)).strip(" *#") if heading else ""
    parts = [match.group(1).strip()]
    for line in text[match.end():].split("\n")[1:6]:
        line = clean_cell(line).strip("# *")
        if not line:
            continue
        if _STOP_TITLE.match(line) or "\t" in line or len(line.split()) > 8:
            break
        parts.append(line)
    name = re.sub(r"\s+", " ", " ".join(p for p in parts if p)).strip(" .*#")
    if not name or name.startswith("["):
        heading = _HEADING.search(text)
        name = clean_cell(heading.group(1)).strip(" *#") if heading else name
    return name


def provider_short(text: str, provider: str, addressees: list[str]) -> str:
    """The short name the plan uses for the provider ("DLNR CRC", "BeNCH CRC", "NPS NE")."""
    kind = "CRC" if re.search(r"(?i)\bCRC\b|community rehabilitation company", provider) else \
        "NPS" if re.search(r"(?i)national probation service|\bNPS\b", provider) else ""
    heading = _HEADING.search(text)
    if heading:
        candidate = clean_cell(heading.group(1)).strip(" *#")
        if kind and kind not in candidate:
            candidate = f"{candidate} {kind}"
        if 0 < len(candidate.split()) <= 4:
            return candidate
    own = [a for a in addressees if not re.search(r"(?i)ministry|HMPPS|MoJ", a)]
    if own:
        candidate = Counter(own).most_common(1)[0][0]
        if kind and kind not in candidate and len(candidate.split()) <= 2:
            candidate = f"{candidate} {kind}"
        if len(candidate.split()) <= 4:
            return candidate
    if 0 < len(provider.split()) <= 3:
        return provider
    paren = re.search(r"\(([A-Za-z]{2,10})\)", provider)
    if paren:
        return f"{paren.group(1)} {kind}".strip()
    if kind == "NPS":
        region = re.sub(r"(?i)national probation service|division|\bNPS\b|,", " ", provider)
        region = " ".join(region.split())
        return f"NPS {region}".strip() if len(region.split()) <= 2 else "NPS"
    words = [w for w in re.findall(r"[A-Za-z]+", provider) if w[0].isupper()
             and w.lower() not in {"community", "rehabilitation", "company", "crc"}]
    initials = "".join(w[0] for w in words)
    return f"{initials} {kind}".strip() or provider
