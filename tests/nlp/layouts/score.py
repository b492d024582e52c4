"""Score extracted records against a plan's expected records (issue 10's figures).

Records are matched to expected actions one to one by token overlap (Dice >= MATCH_DICE,
best pairs first); a gold action is *found* when a record matches it. On top of that:
*units exact* (the record's text equals the gold text after whitespace, quote and dash
normalisation), *owners exact*, *target months* (over gold actions with a target month),
*recommendation numbers*, *junk records* (records of kind action/measure/context matching
no gold action), *unplaced words* (in records of kind ``unplaced``) and *words silently lost*:
words of the rendered table that are in no record field and not known furniture or junk,
counted from the text itself, not from the parser's own accounting. Figures other than
junk/unplaced/lost are shares of all gold actions (a gold action not found counts as wrong).
Pure functions over plain dicts (``ActionRecord.to_dict()`` or a JSONL line).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

MATCH_DICE = 0.6
RECORD_KINDS = ("action", "measure", "context")
THRESHOLDS = {"found": 0.97, "units_exact": 0.90, "owners_exact": 0.90, "target_months": 0.95,
              "rec_numbers": 0.95, "junk_records": 0, "lost_words": 0}
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"',
                         "–": "-", "—": "-", "‑": "-", "‐": "-", "−": "-", "\u00a0": " "})


def normalise(text: str | None) -> str:
    """Text modulo whitespace, quote and dash style."""
    return " ".join((text or "").translate(_QUOTES).split())


def tokens(text: str | None) -> list[str]:
    return re.findall(r"[a-z0-9]+", normalise(text).lower())


def words(text: str | None) -> list[str]:
    """The words the accounting counts: letters only, two or more (numbers and bullets are
    not words; a stray letter is debris either way)."""
    return re.findall(r"[a-z]{2,}", normalise(text).lower())


def dice(a: Sequence[str], b: Sequence[str]) -> float:
    if not a or not b:
        return 0.0
    common = sum((Counter(a) & Counter(b)).values())
    return 2 * common / (len(a) + len(b))


def match(expected: Sequence[dict], records: Sequence[dict]) -> dict[int, int]:
    """Gold index -> record index, one to one, best overlap first."""
    gold_tokens = [tokens(g["text"]) for g in expected]
    rec_tokens = [tokens(r.get("text")) for r in records]
    pairs = []
    for i, gt in enumerate(gold_tokens):
        for j, rt in enumerate(rec_tokens):
            if records[j].get("kind") in RECORD_KINDS:
                score = dice(gt, rt)
                if score >= MATCH_DICE:
                    pairs.append((score, -abs(i - j), i, j))
    pairs.sort(reverse=True)
    out: dict[int, int] = {}
    used: set[int] = set()
    for _, _, i, j in pairs:
        if i not in out and j not in used:
            out[i] = j
            used.add(j)
    return out


def _owners(owners: Iterable[str] | None) -> list[str]:
    return sorted(normalise(o).lower().rstrip(".") for o in owners or [])


def record_words(records: Sequence[dict]) -> Counter[str]:
    """Every word held by a record field; a recommendation's own fields counted once."""
    held: Counter[str] = Counter()
    seen: set[tuple] = set()
    for r in records:
        for value in [r.get("text"), r.get("target"), *(r.get("owners") or [])]:
            held.update(words(value))
        key = (r.get("rec_number"), r.get("rec_text"), r.get("addressee"), r.get("agreement"))
        if key not in seen:
            seen.add(key)
            for value in key[1:]:
                held.update(words(value))
    return held


def lost_words(text: str, table_start: int, table_end: int, records: Sequence[dict],
               furniture: Iterable[str] = (), junk: Iterable[str] = ()) -> Counter[str]:
    """Words of the table region held by no record and not known furniture or junk."""
    lines = text.split("\n")[table_start:table_end]
    table = Counter(w for line in lines for w in words(line))
    for known in [*furniture, *junk]:
        table -= Counter(words(known))
    return table - record_words(records)


@dataclass
class PlanScore:
    """Counts for one rendered plan (add them up with :func:`aggregate`)."""

    name: str
    gold: int = 0
    found: int = 0
    units_exact: int = 0
    owners_exact: int = 0
    months_total: int = 0
    target_months: int = 0
    rec_numbers: int = 0
    junk_records: int = 0
    unplaced_words: int = 0
    lost_words: int = 0
    header_ok: bool | None = None        # provider, short name and dates as the gold says
    accounting_clean: bool | None = None  # the parser's own accounting, where it has one
    lost_sample: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


def score_plan(name: str, expected: Sequence[dict], records: Sequence[dict], text: str,
               table_start: int, table_end: int, furniture: Iterable[str] = (),
               junk: Iterable[str] = ()) -> PlanScore:
    score = PlanScore(name=name, gold=len(expected))
    pairs = match(expected, records)
    for i, g in enumerate(expected):
        if g.get("target_month"):
            score.months_total += 1
        j = pairs.get(i)
        if j is None:
            score.misses.append(f"not found: {g['rec_number']}/{g.get('step')} {g['text'][:60]}")
            continue
        r = records[j]
        score.found += 1
        exact = normalise(r.get("text")) == normalise(g["text"])
        score.units_exact += exact
        if not exact:
            score.misses.append(f"text differs: {g['rec_number']}/{g.get('step')} "
                                f"{g['text'][:40]!r} vs {normalise(r.get('text'))[:40]!r}")
        score.owners_exact += _owners(r.get("owners")) == _owners(g["owners"])
        if g.get("target_month"):
            score.target_months += r.get("target_month") == g["target_month"]
        score.rec_numbers += str(r.get("rec_number")) == str(g["rec_number"])
    matched = set(pairs.values())
    score.junk_records = sum(1 for j, r in enumerate(records)
                             if r.get("kind") in RECORD_KINDS and j not in matched)
    score.unplaced_words = sum(len(words(r.get("text"))) for r in records
                               if r.get("kind") == "unplaced")
    lost = lost_words(text, table_start, table_end, records, furniture, junk)
    score.lost_words = sum(lost.values())
    score.lost_sample = [w for w, _ in lost.most_common(12)]
    return score


def header_matches(parsed: dict, gold_header: dict) -> bool:
    """The plan's header read as the gold says: provider, short name, submitted, published."""
    return (parsed.get("provider"), parsed.get("provider_short"), parsed.get("submitted"),
            parsed.get("published")) == (gold_header.get("provider"),
                                         gold_header.get("provider_short"),
                                         gold_header.get("submitted_iso"),
                                         gold_header.get("published_iso"))


def aggregate(scores: Iterable[PlanScore]) -> dict[str, float | int]:
    """The issue's figures over several plans (shares of all gold actions)."""
    scores = list(scores)
    gold = sum(s.gold for s in scores) or 1
    months = sum(s.months_total for s in scores) or 1
    return {
        "plans": len(scores),
        "gold_actions": sum(s.gold for s in scores),
        "found": sum(s.found for s in scores) / gold,
        "units_exact": sum(s.units_exact for s in scores) / gold,
        "owners_exact": sum(s.owners_exact for s in scores) / gold,
        "target_months": sum(s.target_months for s in scores) / months,
        "rec_numbers": sum(s.rec_numbers for s in scores) / gold,
        "junk_records": sum(s.junk_records for s in scores),
        "unplaced_words": sum(s.unplaced_words for s in scores),
        "lost_words": sum(s.lost_words for s in scores),
        "headers": _share([s.header_ok for s in scores]),
        "accounting_clean": _share([s.accounting_clean for s in scores]),
    }


def _share(flags: list[bool | None]) -> float | None:
    """Share of plans where a yes/no check holds (None: no plan could be checked)."""
    known = [f for f in flags if f is not None]
    return sum(known) / len(known) if known else None


def meets(figures: dict[str, float | int]) -> dict[str, bool]:
    """Each threshold of the issue: met or not."""
    return {k: (figures[k] <= v if k in ("junk_records", "lost_words") else figures[k] >= v)
            for k, v in THRESHOLDS.items()}
