"""Bytes -> text: encodings, binary files, HTML and Markdown tables, PDF and Word documents,
look-alike characters.

Whatever the file type, the result is the shape the table parser expects: one table row per
line, cells separated by tabs, cell-internal HTML (``<p>``, ``<li>``) left in place because it
marks step boundaries. PDF (``nlp.pdf``) and Word (``nlp.word``) readers deliver rows of cells
of paragraphs; they become the same lines, a cell's paragraphs as ``<p>`` elements, the way
the HTML reader passes a cell's paragraphs on.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from nlp.layout import (
    FOOT_BLANK,
    FOOT_BLANK_HTML,
    FOOT_END,
    FOOT_END_HTML,
    FOOT_WRAP,
    FOOT_WRAP_HTML,
    SOFT_BREAK,
    Row,
    Shown,
)
from nlp.records import PlanError

# Cyrillic and Greek capitals that PDF extraction substitutes for Latin ones ("НОО" for "HOO").
_LOOKALIKES = str.maketrans(
    "АВСЕНІЈКМОРЅТХУаеіјорсхуԁһнтΑΒΕΗΙΚΜΝΟΡΤΧΥΖο",
    "ABCEHIJKMOPSTXYaeijopcxydhhtABEHIKMNOPTXYZo",
)


DOCUMENT_SUFFIXES = {".pdf", ".docx"}
# Real plans are 14-33 KB (the samples) and well under 200 KB; 1 MB leaves room for a plan five
# times longer than any seen, keeps a file's parse to seconds, and keeps a plan's text under
# spaCy's 1 000 000-character limit. Checked on the file's size, before it is read.
MAX_PLAN_BYTES = 1_000_000
# A published PDF or Word plan carries fonts and images besides its text; its pages are capped
# by the PDF reader (``nlp.pdf.MAX_PAGES``), its size here, before it is opened.
MAX_DOCUMENT_BYTES = 30_000_000


@dataclass
class Document:
    """A plan file read: the text the parser reads, and each page's text for provenance
    (empty when the file has no pages: a text plan, or a Word file that never recorded them)."""

    text: str
    pages: list[str] = field(default_factory=list)


def read_document(path: Path) -> Document:
    """Read any plan file (text, HTML, Markdown, PDF, Word); raise :class:`PlanError`."""
    try:
        size = path.stat().st_size
        limit = MAX_DOCUMENT_BYTES if path.suffix.lower() in DOCUMENT_SUFFIXES else MAX_PLAN_BYTES
        if path.is_file() and size > limit:
            raise PlanError(too_large(str(path), size, limit))
        data = path.read_bytes()
    except FileNotFoundError:
        raise PlanError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise PlanError(f"{path}: is a folder, not a plan file") from None
    suffix = path.suffix.lower()
    if not data.strip():
        raise PlanError(f"{path}: file is empty")
    if suffix == ".pdf" or data.startswith(b"%PDF-"):
        from nlp.pdf import read_pdf  # lazy: PDFium and pdfplumber only for a PDF

        return document_from_pages(read_pdf(path, data))
    if suffix == ".doc" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise PlanError(f"{path}: an old Word .doc file (or another Office binary file); save "
                        "it as .docx or PDF")
    if suffix == ".docx":
        from nlp.word import read_docx  # lazy: python-docx only for a Word file

        pages, paged = read_docx(path, data)
        document = document_from_pages(pages)
        return document if paged else Document(document.text)
    return Document(decode_plan_bytes(data, str(path), html_input=suffix in {".html", ".htm"},
                                      markdown_input=suffix == ".md"))


def document_from_pages(pages: list[list[str | list[list[str]]]]) -> Document:
    """Pages of text lines and rows (cells as paragraph lists) -> the parser's text and each
    page's text (every cell's words together, in reading order)."""
    lines: list[str] = []
    page_texts: list[str] = []
    for page in pages:
        words: list[str] = []
        for block in page:
            if isinstance(block, Shown):  # the rest of a row read on an earlier page
                words.append(block)
            elif isinstance(block, str):
                lines.append(_flat(block))
                words.append(block)
            else:
                lines.append("\t".join(cell_text(cell) for cell in block))
                if isinstance(block, Row):  # read whole: what this page prints of it
                    words.append(block.shown)
                else:
                    words.extend(" ".join(p for p in cell if p not in _FOOT_HTML)
                                 for cell in block if cell)
        page_texts.append(normalise_characters("\n".join(words)))
    return Document(normalise_characters(remove_control_characters("\n".join(lines))), page_texts)


_FOOT_HTML = {FOOT_BLANK: FOOT_BLANK_HTML, FOOT_END: FOOT_END_HTML, FOOT_WRAP: FOOT_WRAP_HTML}


def cell_text(paragraphs: list[str]) -> str:
    """A cell's paragraphs as the HTML reader delivers them: one paragraph as it is, several
    as ``<p>`` elements (empty ones too: a step with no owner or date)."""
    foot = ""
    while paragraphs and paragraphs[-1] in _FOOT_HTML:  # (``nlp.layout.foot_marks``)
        foot = f" {_FOOT_HTML[paragraphs[-1]]}{foot}"
        paragraphs = paragraphs[:-1]
    paragraphs = [_flat(p) for p in paragraphs]
    if not paragraphs:
        return foot.strip()  # (a cell blank down to the foot: for the next page to say)
    if len(paragraphs) == 1 and (foot or paragraphs[0].endswith(SOFT_BREAK)):
        return f"<p>{paragraphs[0]}</p>{foot}"  # (kept for a page break)
    if len(paragraphs) <= 1 or not any(paragraphs):
        return "".join(paragraphs)
    return " ".join(f"<p>{p}</p>" for p in paragraphs) + foot


def _flat(text: str) -> str:
    """Whitespace collapsed, a PDF cell's soft line breaks (``nlp.layout.SOFT_BREAK``) kept."""
    return SOFT_BREAK.join(" ".join(part.split()) for part in text.split(SOFT_BREAK))


def too_large(name: str, size: int, limit: int = MAX_PLAN_BYTES) -> str:
    return (f"{name}: {size:,} bytes is over the {limit:,}-byte limit for a plan file "
            "(action plans are well under 200 KB of text; is this a plan?)")


def decode_plan_bytes(data: bytes, name: str, *, html_input: bool = False,
                      markdown_input: bool = False) -> str:
    """Decode and normalise the bytes of a plan file called ``name``."""
    if len(data) > MAX_PLAN_BYTES:
        raise PlanError(too_large(name, len(data)))
    if not data.strip():
        raise PlanError(f"{name}: file is empty")
    unicode_text = _decode_with_bom(data)
    if unicode_text is None and _looks_binary(data):
        raise PlanError(f"{name}: binary file, not a text action plan")
    text = unicode_text if unicode_text is not None else _decode(data)
    text = remove_control_characters(text)
    if not text.strip():
        raise PlanError(f"{name}: file is empty")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = normalise_characters(text)
    if html_input or re.search(r"<table\b", text, re.I):
        text = html_tables_to_text(text)
    if markdown_input or re.search(r"^\s*\|.*\|\s*$", text, re.M):
        text = markdown_tables_to_text(text)
    return text


# What PDF text extraction leaves inside words: ligatures, soft hyphens, zero-width spaces.
_PDF_ARTEFACTS = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl",
                                "ﬅ": "st", "ﬆ": "st", "\u00ad": None, "\u200b": None,
                                "\u200c": None, "\u200d": None, "\u2060": None,
                                "\u00a0": " ", "\u202f": " ", "\u2009": " "})


def normalise_characters(text: str) -> str:
    """Latin letters for their Cyrillic/Greek look-alikes and for ligatures; plain spaces for
    non-breaking and thin ones; soft hyphens and zero-width spaces dropped."""
    return text.translate(_LOOKALIKES).translate(_PDF_ARTEFACTS)


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(head) * 0.05


# C0 and C1 control characters but tab, line feed, carriage return and form feed (a page break).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def remove_control_characters(text: str) -> str:
    """Drop NUL and other control characters (never text; they break the index and pages)."""
    return _CONTROL.sub("", text)


def _decode_with_bom(data: bytes) -> str | None:
    """UTF-16 or UTF-32 text by its byte-order mark (its NUL bytes are not binary), else None."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    return None


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def html_tables_to_text(text: str) -> str:
    """Turn an HTML document's tables into tab-separated lines; other blocks into lines."""
    text = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", text)
    text = re.sub(r"(?is)<tr\b[^>]*>", "\n", text)
    text = re.sub(r"(?is)</t[dh]>\s*(?=<t[dh]\b)", "\t", text)
    text = re.sub(r"(?is)</?(table|tbody|thead|tfoot|tr|t[dh])\b[^>]*>", "", text)
    # Block elements outside cells become lines; inside cells <p>/<li> stay for step splitting.
    lines = []
    for line in text.split("\n"):
        if "\t" not in line:
            line = re.sub(r"(?is)</?(p|div|h[1-6]|br|li|ul|ol|body|html)\b[^>]*>", "\n", line)
            line = re.sub(r"(?s)<[^>]+>", "", line)
        lines.append(line)
    out = "\n".join(lines)
    return html.unescape(out)


def markdown_tables_to_text(text: str) -> str:
    """Turn Markdown pipe-table rows into tab-separated lines; drop the ``|---|`` rulers."""
    lines = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            cells = [c.strip() for c in stripped[1:-1].split("|")]
            if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                continue
            line = "\t".join(cells)
        lines.append(line)
    return "\n".join(lines)
