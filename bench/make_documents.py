"""Render plans' expected records as the Word and PDF documents the service must read.

Each plan (a JSONL file of expected records, as ``actionplans extract --format jsonl`` writes
them) becomes a Word file in the HMPPS template: title lines and dates, an introduction, the
definitions table, then the action table (landscape, header row repeated on every page) in one
of these layouts:

- ``rows``: one table row per step; the recommendation cells only on a recommendation's first
  row (vertically merged down its steps);
- ``cells``: one row per recommendation; all its steps as paragraphs of one cell, owners and
  dates one paragraph per step;
- ``plain``: the ``cells`` layout with no ruling lines (a table drawn with borders off).

LibreOffice (Debian's ``libreoffice-writer-nogui``) converts them to PDF twice: tagged
(``NAME.LAYOUT.tagged.pdf``: with a structure tree, as accessible plans are published) and
untagged (``NAME.LAYOUT.pdf``: LibreOffice's default export, as many plans still are). The
documents are committed, so tests and CI never need it. Also writes the bad documents the
readers must refuse.

    .venv/bin/python -m bench.make_documents [--out tests/nlp/documents] [--pdf both]
    .venv/bin/python -m bench.make_documents --out tests/nlp/documents/heldout \
        --gold tests/nlp/layouts/gold/invented-*.json   # the layout material's held-out plans
    .venv/bin/python -m bench.make_documents --out DIR --from-docx --pdf tagged
        # convert the Word files already in DIR (no re-rendering)
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import tempfile
from datetime import date
from itertools import groupby
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ROOT / "tests" / "nlp" / "documents"
LAYOUTS = ("rows", "cells", "plain")
HEADER = ("1. Rec No", "2. Recommendation", "3. Agreed/ Partly Agreed/ Not Agreed",
          "4. Response Action Taken/Planned",
          "5. Responsible Owner (including named individuals and their functional role or "
          "department)", "6. Target Date")
WIDTHS = (1.6, 5.0, 2.4, 9.6, 3.6, 2.8)  # cm, landscape A4 less margins
INTRODUCTION = (
    "Her Majesty's Inspectorate of Probation is the independent inspector of youth offending "
    "and probation services in England and Wales. It reports on the effectiveness of probation "
    "and youth offending service work with adults and children.",
    "In response to the report, HMPPS/MoJ are required to draft a robust and timely action plan "
    "to address the recommendations. The action plan confirms whether recommendations are "
    "agreed, partly agreed or not agreed (see categorisations below).",
)
DEFINITIONS = (
    ("Term", "Definition", "Additional comment"),
    ("Agreed", "All of the recommendation is agreed with, can be achieved and is affordable.",
     "The response should clearly explain how the recommendation will be achieved along with "
     "timescales."),
    ("Partly Agreed", "Only part of the recommendation is agreed with, is achievable, "
     "affordable and will be implemented.", "The response must state clearly which part of "
     "the recommendation will be implemented."),
    ("Not Agreed", "The recommendation is not agreed and will not be implemented.",
     "The response must clearly state the reasons why we have chosen this option."),
)


def load_records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def records_from_gold(path: Path) -> list[dict]:
    """Expected records from a gold plan file of the layout material (tests/nlp/layouts/gold),
    in the shape ``extract`` writes, so held-out plans can be rendered the same way."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    header = gold["header"]
    records = []
    for rec in gold["recommendations"]:
        for action in rec["actions"]:
            records.append({
                "provider": header["provider"], "provider_short": header["provider_short"],
                "submitted": header.get("submitted_iso"), "published": header.get("published_iso"),
                "rec_number": rec["number"], "rec_text": rec["text"],
                "addressee": rec["addressee"], "agreement": rec["agreement"],
                "kind": action["kind"], "step": action.get("step"), "text": action["text"],
                "owners": action["owners"], "target": action["target"]})
    return records


def long_date(iso: str | None) -> str:
    """"2019-04-26" as a plan prints it: "26th April 2019"."""
    if not iso:
        return ""
    day = date.fromisoformat(iso)
    suffix = "th" if 10 <= day.day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(
        day.day % 10, "th")
    return f"{day.day}{suffix} {day:%B %Y}"


def step_text(record: dict) -> str:
    """The response as printed: its step number first ("1.1 ...", "3) ...")."""
    step = record.get("step")
    if not step:
        return record["text"]
    return f"{step}) {record['text']}" if re.fullmatch(r"\d+", step) else \
        f"{step} {record['text']}"


def owner_text(record: dict) -> str:
    return " / ".join(record["owners"])


def shared(records: list[dict]) -> bool:
    """Steps the text plan could not match to its owner and date entries: each carries the
    whole owner list and every date ("May 2019; June 2019")."""
    first = records[0]
    return len(records) > 1 and "; " in (first["target"] or "") and all(
        r["owners"] == first["owners"] and r["target"] == first["target"] for r in records)


def row_groups(group: list[dict]) -> list[list[dict]]:
    """A recommendation's steps in the ``cells`` layout: one row, except that steps sharing
    unmatched owner and date cells keep a row of their own (as in the plan they came from)."""
    out: list[list[dict]] = []
    for _, run in groupby(group, key=lambda r: (json.dumps(r["owners"]), r["target"])):
        run = list(run)
        if shared(run) or (out and shared(out[-1])) or not out:
            out.append(run)
        else:
            out[-1].extend(run)
    return out


def recommendation_cells(first: dict) -> tuple[str, str, str]:
    text = first["rec_text"]
    if first.get("addressee"):
        text = f"{first['addressee']} should: {text}"
    return first["rec_number"] or "", text, (first["agreement"] or "").title()


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _fill(cell, paragraphs: list[str]) -> None:
    cell.text = paragraphs[0] if paragraphs else ""
    for text in paragraphs[1:]:
        cell.add_paragraph(text)


def _table(document, rows: int, widths: tuple[float, ...], ruled: bool):
    table = document.add_table(rows=rows, cols=len(widths))
    table.style = "Table Grid" if ruled else None
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)  # the grid LibreOffice lays out by
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    return table


def render_docx(records: list[dict], layout: str, path: Path,
                widths: tuple[float, ...] = WIDTHS) -> None:
    """Write the plan of ``records`` as a Word file in ``layout`` (``widths``: the action
    table's columns, cm)."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Liberation Sans", Pt(10)
    first = records[0]
    ruled = layout != "plain"
    document.add_paragraph(f"Action Plan Submitted: {long_date(first['submitted'])}")
    document.add_paragraph(f"A Response to the HMI Probation Inspection: {first['provider']}")
    document.add_paragraph(f"Report Published: {long_date(first['published'])}")
    document.add_paragraph("INTRODUCTION")
    for text in INTRODUCTION:
        document.add_paragraph(text)
    definitions = _table(document, len(DEFINITIONS), (4.0, 10.0, 11.0), ruled)
    for row, cells in zip(definitions.rows, DEFINITIONS, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph("")
    document.add_paragraph(f"ACTION PLAN: {first['provider_short']}")
    groups = [list(g) for _, g in groupby(records, key=lambda r: (r["rec_number"],
                                                                   r["rec_text"]))]
    body_rows = sum(len(g) for g in groups) if layout == "rows" else \
        sum(len(row_groups(g)) for g in groups)
    table = _table(document, 1 + body_rows, widths, ruled)
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    _repeat_header(table.rows[0])
    at = 1
    for group in groups:
        rec_cells = recommendation_cells(group[0])
        if layout == "rows":
            for i, record in enumerate(group):
                cells = table.rows[at + i].cells
                if i == 0:
                    for cell, text in zip(cells[:3], rec_cells, strict=True):
                        cell.text = text
                cells[3].text = step_text(record)
                cells[4].text = owner_text(record)
                cells[5].text = record["target"] or ""
            if len(group) > 1:
                for column in range(3):
                    table.cell(at, column).merge(table.cell(at + len(group) - 1, column))
            at += len(group)
        else:
            for part in row_groups(group):
                cells = table.rows[at].cells
                if part is group or part[0] is group[0]:
                    for cell, text in zip(cells[:3], rec_cells, strict=True):
                        cell.text = text
                _fill(cells[3], [step_text(r) for r in part])
                if shared(part):  # the cell as printed: owners and dates not matched to steps
                    _fill(cells[4], part[0]["owners"])
                    _fill(cells[5], part[0]["target"].split("; "))
                else:
                    _fill(cells[4], [owner_text(r) for r in part])
                    _fill(cells[5], [r["target"] or "" for r in part])
                at += 1
    document.save(path)


# LibreOffice's PDF export with a structure tree (File > Export as PDF > "Universal
# Accessibility" / "Tagged PDF"): Table > TR > TH/TD > P, the repeated header an Artifact.
TAGGED = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
PDF_KINDS = {"untagged": ("pdf", ".pdf"), "tagged": (TAGGED, ".tagged.pdf")}


def to_pdf(paths: list[Path], out: Path, kinds: tuple[str, ...] = ("untagged", "tagged")
           ) -> None:
    """Convert Word files to PDF with LibreOffice headless (a private profile, so it never
    meets another running LibreOffice), untagged as ``NAME.pdf`` and tagged as
    ``NAME.tagged.pdf``."""
    soffice = shutil.which("soffice")
    if not soffice:
        raise SystemExit("LibreOffice is needed to regenerate the PDFs: "
                         "apt-get install -y libreoffice-writer-nogui")
    for kind in kinds:
        export, suffix = PDF_KINDS[kind]
        with tempfile.TemporaryDirectory() as profile, tempfile.TemporaryDirectory() as tmp:
            subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                            "--convert-to", export, "--outdir", tmp, *map(str, paths)],
                           check=True, capture_output=True, timeout=600)
            for path in paths:
                shutil.move(Path(tmp) / f"{path.stem}.pdf", out / f"{path.stem}{suffix}")


def narrow_owner_plan(path: Path) -> None:
    """A one-recommendation plan in the ``cells`` layout whose owner column is so narrow that
    every owner line runs full (a paragraph ending there looks like a wrapped line) and whose
    last step has no owner or date (an empty paragraph leaves no mark on the page): what the
    structure tree of a tagged PDF tells and the page alone cannot."""
    records = [{"provider": "Testshire Community Rehabilitation Company",
                "provider_short": "Testshire CRC", "submitted": "2020-03-02",
                "published": "2020-01-20", "rec_number": "1", "addressee": "Testshire CRC",
                "rec_text": "improve the quality of assessments of risk of harm.",
                "agreement": "agreed", "kind": "action", "step": step, "text": text,
                "owners": owners, "target": target}
               for step, text, owners, target in (
                   ("1.1", "Refresh the risk assessment training for all case managers.",
                    ["Regional Commissioning Partnerships"], "March 2021"),
                   ("1.2", "Audit twenty assessments each quarter and report the findings.",
                    ["Interventions Coordinator"], "June 2021"),
                   ("1.3", "Share the audit findings with partners at the reducing "
                    "reoffending board.", [], None))]
    render_docx(records, "cells", path, widths=(1.6, 5.0, 2.4, 11.0, 3.0, 2.4))
    path.with_suffix(".jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def bad_documents(out: Path, sample_docx: Path) -> None:
    """The documents a reader must refuse with a reason, each from its description."""
    bad = out / "bad"
    bad.mkdir(exist_ok=True)
    (bad / "web-page.pdf").write_text(
        "<!DOCTYPE html><html><head><title>Action plan</title></head><body><p>Moved</p>"
        "</body></html>\n", encoding="utf-8")
    data = (out / f"{sample_docx.stem}.pdf").read_bytes()
    (bad / "truncated.pdf").write_bytes(data[: len(data) // 3])
    (bad / "truncated.docx").write_bytes(sample_docx.read_bytes()[:2000])
    (bad / "scanned.pdf").write_bytes(image_only_pdf())
    document = Document()
    document.add_paragraph("Action Plan Submitted: 5th July 2019")
    document.add_paragraph("A Response to the HMI Probation Inspection: Testshire CRC")
    document.add_paragraph("The actions are listed in the attached spreadsheet.")
    document.save(bad / "no-table.docx")
    soffice = shutil.which("soffice")
    if soffice:  # encrypted: LibreOffice's PDF export with an open password
        options = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
                   '"DocumentOpenPassword":{"type":"string","value":"secret"}}')
        with tempfile.TemporaryDirectory() as profile, tempfile.TemporaryDirectory() as tmp:
            subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                            "--convert-to", options, "--outdir", tmp, str(bad / "no-table.docx")],
                           check=True, capture_output=True, timeout=300)
            shutil.move(Path(tmp) / "no-table.pdf", bad / "encrypted.pdf")


def image_only_pdf() -> bytes:
    """A one-page PDF holding only a grey picture: a scan with no text layer."""
    pixels = bytes([200]) * (40 * 30)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
    ]
    content = b"q 800 0 0 560 20 20 cm /Im1 Do Q"
    objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objects.append(b"<< /Type /XObject /Subtype /Image /Width 40 /Height 30 /ColorSpace "
                   b"/DeviceGray /BitsPerComponent 8 /Length %d >>\nstream\n" % len(pixels)
                   + pixels + b"\nendstream")
    return assemble_pdf(objects)


def assemble_pdf(objects: list[bytes]) -> bytes:
    """Objects numbered from 1 into a PDF file with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DOCUMENTS)
    parser.add_argument("--no-pdf", action="store_true", help="Word files only")
    parser.add_argument("--pdf", choices=("both", *PDF_KINDS), default="both",
                        help="which PDFs to write: tagged, untagged or both (default)")
    parser.add_argument("--from-docx", action="store_true",
                        help="convert the Word files already in OUT instead of rendering")
    parser.add_argument("--gold", type=Path, nargs="*", default=[],
                        help="gold plans of the layout material to render (their expected "
                             "records are written to OUT/expected first)")
    parser.add_argument("--fixtures", action="store_true",
                        help="write the reader fixtures (tests/nlp/documents/tags) instead")
    args = parser.parse_args(argv)
    out: Path = args.out
    if args.fixtures:
        folder = DOCUMENTS / "tags"
        folder.mkdir(exist_ok=True)
        narrow_owner_plan(folder / "narrow-owners.docx")
        to_pdf([folder / "narrow-owners.docx"], folder)
        # A tagged PDF whose tree has no table (prose only): read by position.
        shutil.copy(out / "bad" / "no-table.docx", folder / "no-table.docx")
        to_pdf([folder / "no-table.docx"], folder, ("tagged",))
        (folder / "no-table.docx").unlink()
        print(f"wrote the fixtures in {folder}")
        return 0
    (out / "expected").mkdir(parents=True, exist_ok=True)
    for gold in args.gold:
        lines = [json.dumps(r, ensure_ascii=False) for r in records_from_gold(gold)]
        (out / "expected" / f"{gold.stem}.jsonl").write_text("\n".join(lines) + "\n",
                                                             encoding="utf-8")
    written = []
    for expected in sorted((out / "expected").glob("*.jsonl")):
        records = load_records(expected)
        for layout in LAYOUTS:
            path = out / f"{expected.stem}.{layout}.docx"
            if not args.from_docx:
                render_docx(records, layout, path)
            written.append(path)
    if not args.no_pdf:
        to_pdf(written, out, tuple(PDF_KINDS) if args.pdf == "both" else (args.pdf,))
    if not args.gold and not args.from_docx:
        bad_documents(out, written[0])
    print(f"wrote {len(written)} Word files" + ("" if args.no_pdf else " and their PDFs")
          + f" in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
