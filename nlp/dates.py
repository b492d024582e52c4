"""Target-date cells and header dates: split run-together cells, read months and status."""

from __future__ import annotations

import re

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
# A season's last month; winter runs into the next year.
_SEASONS = {"spring": (5, 0), "summer": (8, 0), "autumn": (11, 0), "fall": (11, 0),
            "winter": (2, 1)}

MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
         r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
SEASON = r"(?:spring|summer|autumn|fall|winter)"
YEAR = r"(?:19|20)\d{2}(?:/\d{2,4})?"
# A year after a month by a hyphen or apostrophe, as spreadsheets print it: "Mar-20", "Mar '20".
SHORT_YEAR = r"(?:-\s*|\s*['’]|\s+(?=\d{2}\b(?!\s*(?:19|20)\d{2})))\d{2}(?!\d)"
_DAY = r"(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
_POINT = (rf"(?:{_DAY}(?:{MONTH}|{SEASON}(?:\s+term)?)(?:(?:\s+|\s*-\s*){YEAR}|{SHORT_YEAR})?"
          rf"|Q[1-4]\s+{YEAR}|{YEAR}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}})")
_STATUS = (r"(?:completed?|on-?going|current|continuous|continuing|quarterly|monthly"
           r"|immediate(?:ly)?|(?:with\s+)?immediate\s+effect|in\s+place|achieved"
           r"|as\s+scheduled|tb[ac]|to\s+be\s+(?:confirmed|agreed))")
_PREFIX = (r"(?:(?:from|by|between|commenced|commence|commencing|starting|early|mid|late"
           r"|w/c|week\s+commencing|(?:by\s+)?(?:the\s+)?(?:end|beginning)(?:\s+of)?)\s+)?")
EMPTY_PARAGRAPH = re.compile(r"(?i)\s*<p\b[^>]*>\s*")  # "<p></p>" split at its end tag
# A recurring date with its start or end ("Quarterly from April 2020", "Monthly until March
# 2021") is one entry: the step repeats from then, not two steps' dates.
_RECURRING = (r"(?:quarterly|monthly|bi-?monthly|weekly|fortnightly|annually|yearly|six-monthly"
              r"|termly|daily|twice\s+a\s+(?:year|month)|every\s+\w+\s+(?:weeks|months))"
              rf"(?:\s+(?:from|starting|commencing|until|to|by)\s+{_POINT})?")
DATE_EXPR = re.compile(
    rf"{_PREFIX}(?:{_RECURRING}|{_POINT}(?:\s*(?:–|—|-|to|until)\s*{_POINT})?|{_STATUS})"
    rf"(?:\s+and\s+(?:{_STATUS}|{_POINT}))?(?:\s+onwards)?(?:\s*\((?:then\s+)?{_RECURRING}\))?",
    re.I,
)
_POINT_RE = re.compile(
    rf"(?P<smonth>{MONTH})(?:-\s*|\s*['’]|\s+(?!\d{{2}}\s*(?:19|20)\d{{2}}))(?P<syear>\d{{2}})(?!\d)"
    rf"|(?P<month>{MONTH})|(?P<season>{SEASON})|Q(?P<quarter>[1-4])|(?P<year>{YEAR})"
    r"|(?P<numeric>\d{1,2}[/.](?P<nmonth>\d{1,2})[/.](?P<nyear>\d{2,4}))",
    re.I,
)


def split_targets(cell: str, keep_empty: bool = False) -> list[str]:
    """Split a date cell into one entry per step, as printed.

    "December 2018  Spring 2019 Completed" -> three entries. ``<p>`` blocks and runs of
    spaces separate entries; inside a chunk, back-to-back date expressions do too. With
    ``keep_empty``, an empty ``<p></p>`` between entries is an entry of its own ("") - a
    step with no date - so the entries still line up with the steps.
    """
    cell = cell.strip()
    if not cell:
        return []
    if re.search(r"</?p\b|<br\b", cell, re.I):
        raw = re.split(r"(?i)</p>|<br\s*/?>", cell)
        chunks = [re.sub(r"<[^>]+>", " ", c) for c in raw]
    else:
        raw = chunks = re.split(r"\s{2,}", re.sub(r"<[^>]+>", " ", cell))
    entries: list[str] = []
    for chunk, printed in zip((" ".join(c.split()).strip(" ,;") for c in chunks), raw,
                              strict=True):
        if not chunk:
            if keep_empty and EMPTY_PARAGRAPH.fullmatch(printed):
                entries.append("")
            continue
        matches = list(DATE_EXPR.finditer(chunk))
        rest = DATE_EXPR.sub("", chunk)
        if len(matches) >= 2 and not re.search(r"\w", rest):
            entries.extend(m.group(0).strip() for m in matches)
        else:
            entries.append(chunk)
    return strip_empty(entries)


def strip_empty(entries: list[str]) -> list[str]:
    """Entries without empty ones at either end (spacing, not a step's missing entry)."""
    start, end = 0, len(entries)
    while start < end and not entries[start]:
        start += 1
    while end > start and not entries[end - 1]:
        end -= 1
    return entries[start:end]


def looks_like_target(cell: str) -> bool:
    """True when every entry of the cell reads as a date or a status word."""
    entries = split_targets(cell)
    return bool(entries) and all(DATE_EXPR.fullmatch(e.strip(" .")) for e in entries)


def target_month(target: str | None) -> str | None:
    """The last month a target names, as ``YYYY-MM``; None when it names no year.

    "October – December 2020" -> "2020-12"; "Spring 2019" -> "2019-05"; "Sep 2019" -> "2019-09".
    A month without a year takes the next year printed after it.
    """
    if not target:
        return None
    points: list[tuple[str, int]] = []  # (kind, value) in order of appearance
    for m in _POINT_RE.finditer(target):
        if m.group("numeric"):
            year = int(m.group("nyear"))
            year = year + 2000 if year < 100 else year
            points.append(("ym", year * 100 + int(m.group("nmonth"))))
        elif m.group("smonth"):
            month = _MONTHS[m.group("smonth")[:3].lower()]
            points.append(("ym", (2000 + int(m.group("syear"))) * 100 + month))
        elif m.group("month"):
            points.append(("month", _MONTHS[m.group("month")[:3].lower()]))
        elif m.group("season"):
            month, carry = _SEASONS[m.group("season").lower()]
            points.append(("season", month * 10 + carry))
        elif m.group("quarter"):
            points.append(("quarter", int(m.group("quarter"))))
        elif m.group("year"):
            kind = "fyear" if "/" in m.group("year") else "year"
            points.append((kind, int(m.group("year")[:4])))
    months: list[int] = []
    pending: list[tuple[str, int]] = []
    for kind, value in points:
        if kind == "ym":
            months.append(value)
        elif kind == "fyear" and not pending:
            months.append((value + 1) * 100 + 3)  # a financial year "2019/20" ends in March
        elif kind in {"year", "fyear"}:
            if pending:
                for pkind, pvalue in pending:
                    if pkind == "quarter" and kind == "fyear":  # Q1 of 2020/21 ends June 2020
                        months.append(value * 100 + pvalue * 3 + 3 if pvalue < 4 else
                                      (value + 1) * 100 + 3)
                    elif pkind == "quarter":
                        months.append(value * 100 + pvalue * 3)
                    elif pkind == "season":
                        months.append((value + pvalue % 10) * 100 + pvalue // 10)
                    else:
                        months.append(value * 100 + pvalue)
                pending = []
            else:
                months.append(value * 100 + 12)
        else:
            pending.append((kind, value))
    if not months:
        return None
    best = max(months)
    return f"{best // 100:04d}-{best % 100:02d}"


def target_status(target: str | None) -> str | None:
    """"ongoing" or "completed" when the target cell says so, else None."""
    if not target:
        return None
    lowered = target.lower()
    if re.search(r"on-?going|continu|commenced|current", lowered):
        return "ongoing"
    if re.search(r"\bcomplete[d]?\b", lowered):
        return "completed"
    return None


def header_date(text: str) -> str | None:
    """A header date as ISO: "12th November 2018" -> "2018-11-12"; "July 2019" -> "2019-07"."""
    text = text.strip()
    m = re.match(r"(\d{1,2})/(\d{1,2})/(\d{2,4})", text)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        year = year + 2000 if year < 100 else year
        return f"{year:04d}-{month:02d}-{day:02d}"
    m = re.match(rf"(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+)?({MONTH})\s*,?\s*((?:19|20)\d{{2}})", text,
                 re.I)
    if m:
        month = _MONTHS[m.group(2)[:3].lower()]
        if m.group(1):
            return f"{int(m.group(3)):04d}-{month:02d}-{int(m.group(1)):02d}"
        return f"{int(m.group(3)):04d}-{month:02d}"
    m = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text)
    if m:
        return m.group(0)
    return None
