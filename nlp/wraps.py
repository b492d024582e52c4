"""Soft line breaks in owner and date cells, decided by the row's step count.

In a narrow column (owners, dates) most entries fill a line or two, so a line that ran full
may have ended its entry or wrapped it: "Deputy Director" over "Quality Lead" is one owner or
two, and the page cannot say. The PDF reader marks such breaks (``nlp.layout.SOFT_BREAK``);
here a row's owner and date cells are split at them only as far as the row's steps need,
each cell with one entry per step: first where the text before reads as a whole entry (a
date, a role name), never after a joining word ("Head of" | "Quality") or before one. Marks
left over are spaces: the entry wrapped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import combinations

from nlp.dates import DATE_EXPR, MONTH, SEASON, split_targets
from nlp.layout import SOFT_BREAK
from nlp.owners import _ROLE_END as ROLE_END
from nlp.owners import _ROLE_START as ROLE_START
from nlp.owners import _TITLE_WORDS as TITLE_WORDS
from nlp.owners import ROLE_NOUNS, UNIT_NOUNS, letters_for_zeros, split_owner_entries
from nlp.owners import _is_acronym as is_acronym

# Words that join the two lines of one entry ("Head of" | "Operations", "from" | "May 2021").
JOINING = {"of", "and", "for", "&", "the", "in", "to", "on", "with", "from", "by", "until",
            "at", "a", "an", "/", "-", "–", "—", "or", "including", "inc", "incl"}
_PARAGRAPH = re.compile(r"(?i)<p\b")
# What stands between two roles printed in one entry ("NPS / SPO", "HOO; HOP").
ROLE_MARK = re.compile(r"\s*[/;]\s*")
_YEAR_END = re.compile(r"(?:\b(?:19|20)\d\d|[A-Za-z]['’]\d\d)[.,;]?$")


def owner_count(cell: str) -> int:
    """Owner entries as printed: paragraphs (an empty one between others too), not the
    boundaries guessed inside a run-together line ("Deputy Director CP Lead")."""
    return len(split_owner_entries(cell, 1, keep_empty=True)) if cell.strip() else 0


def target_count(cell: str) -> int:
    return len(split_targets(cell, keep_empty=True))


def fit_entries(owner: str, target: str, steps: int,
                whole: Callable[[str], float] | None = None) -> tuple[str, str]:
    """A row's owner and date cells fitted to its ``steps``; the date cell first, and the
    owners to its count when it holds more entries than the steps read (steps run
    together in the response cell are split later to the count of the entries). Where the
    steps and the dates agree on the count, the owners are split to it even at breaks only
    the count speaks for ("Head of Quality and Performance" | "Practice Development
    Officers"), after those where a role visibly ends or starts. ``whole`` scores an owner
    entry (default :func:`whole_role`; a plan's own names: ``nlp.lexicon``)."""
    whole = whole or whole_role
    target = fit_targets(target, steps)
    dates = target_count(target)
    # As many owners as dates, at any break between whole roles; more (up to the steps) only
    # where a role visibly ends or starts: the last steps of a row often have neither.
    owner = fit(owner, min(steps, dates) if dates else steps, owner_count, _owner_strength,
                weakest=1, whole=whole, keep=True)
    owner = fit(owner, max(steps, dates), owner_count, _owner_strength, weakest=2,
                whole=whole)
    return owner, target


def fit_owners(cell: str, steps: int, whole: Callable[[str], float] | None = None,
               exact: bool = False) -> str:
    """The owner cell with as many soft breaks made paragraph breaks as its ``steps`` need
    and its lines allow (each entry a whole role; ``exact``: see :func:`fit`)."""
    return fit(cell, steps, owner_count, _owner_strength, weakest=1, whole=whole or whole_role,
               exact=exact)


def fit_targets(cell: str, steps: int, exact: bool = False) -> str:
    """The date cell with as many soft breaks made paragraph breaks as its ``steps`` need;
    ``exact`` (the steps pair with the cell's paragraphs one to one): as many paragraphs,
    at any soft break where no more than the count speaks for it."""
    if exact:
        return fit(cell, steps, lambda c: len(paragraphs_of(c)), _date_strength, weakest=1)
    return fit(cell, steps, target_count, _date_strength)


def fit(cell: str, steps: int, count: Callable[[str], int],
        strength: Callable[[str, str], int], weakest: int = 2,
        whole: Callable[[str], float] | None = None, keep: bool = False,
        exact: bool = False) -> str:
    """``cell`` split at soft breaks (of ``strength`` at least ``weakest``) until ``count``
    reaches ``steps``; the other soft breaks become spaces. The breaks are chosen together,
    strongest first; with ``whole`` (how far a piece of text reads as a whole entry: 0 yes,
    a negative score no), the entries they make must read as whole ones: a break that leaves
    a fragment ("Community" | "Payback Manager") is worth less than a step left without an
    entry (a last step with no owner leaves no mark on the page). With ``keep``, the soft
    breaks not chosen stay for a further fit. With ``exact`` (the count is known: the row's
    response paragraphs pair with its entries one to one), as many breaks as the count needs
    wherever every entry they make is shaped as a whole role (:func:`whole_role`)."""
    if SOFT_BREAK not in cell:
        return cell
    parts = [p.split(SOFT_BREAK) for p in paragraphs_of(cell)]
    need = steps - count(_render(parts, set()))
    if need <= 0:
        return cell if keep else _render(parts, set())
    if whole is None:
        return _render(parts, _greedy(parts, steps, count, strength, weakest))
    # best[k]: (score, breaks) choosing k breaks over the paragraphs so far.
    best: dict[int, tuple[float, frozenset]] = {0: (0.0, frozenset())}
    for i, pieces in enumerate(parts):
        options = _segmentations(i, pieces, strength, weakest, whole, need)
        merged: dict[int, tuple[float, frozenset]] = {}
        for k, (score, chosen) in best.items():
            for j, (extra, breaks) in options.items():
                option = (score + extra, chosen | breaks)
                if k + j <= need and (k + j not in merged or _rank(merged[k + j]) < _rank(option)):
                    merged[k + j] = option
        best = merged
    _, chosen = max(best.values(), key=lambda v: (v[0], len(v[1]), _rank(v)))
    if exact and need in best and all(
            whole_role(e) == 0 for e in paragraphs_of(_render(parts, set(best[need][1])))):
        chosen = best[need][1]
    return _render(parts, set(chosen), keep)


def _rank(option: tuple[float, frozenset]) -> tuple[float, list[tuple[int, int]]]:
    """Higher score first; between equals, the breaks nearer the top (read in order)."""
    return option[0], [(-i, -j) for i, j in sorted(option[1])]


# A chosen break is worth its strength and this; an entry that does not read as whole costs
# what ``whole`` says (a fragment, -6, outweighs any break).
_BREAK_WORTH = 2.0


def _segmentations(i: int, pieces: list[str], strength: Callable[[str, str], int],
                   weakest: int, whole: Callable[[str], float], need: int
                   ) -> dict[int, tuple[float, frozenset]]:
    """For one paragraph's lines: the best (score, breaks) for each number of breaks."""
    allowed = [j for j in range(1, len(pieces))
               if strength(pieces[j - 1].strip(), pieces[j].strip()) >= weakest
               and not _inside_brackets(pieces[:j])]
    out: dict[int, tuple[float, frozenset]] = {}
    for r in range(min(len(allowed), need, 6) + 1):
        for combo in combinations(allowed, r):
            cuts = [0, *combo, len(pieces)]
            entries = [" ".join(pieces[a:b]).strip() for a, b in zip(cuts, cuts[1:], strict=False)]
            score = sum(_BREAK_WORTH + strength(pieces[j - 1].strip(), pieces[j].strip())
                        for j in combo) + sum(whole(e) for e in entries)
            if r not in out or out[r][0] < score:
                out[r] = (score, frozenset((i, j) for j in combo))
    return out


def _inside_brackets(lines: list[str]) -> bool:
    """Lines that leave a bracket open: the next line goes on inside it, whatever it looks
    like ("Head of Analysis (HMPPS" | "Data Science Hub)"), so no entry ends there."""
    text = " ".join(lines)
    return text.count("(") > text.count(")")


def _greedy(parts: list[list[str]], steps: int, count: Callable[[str], int],
            strength: Callable[[str, str], int], weakest: int) -> set[tuple[int, int]]:
    candidates = []
    for i, pieces in enumerate(parts):
        for j in range(1, len(pieces)):
            score = strength(pieces[j - 1].strip(), pieces[j].strip())
            if score >= weakest and not _inside_brackets(pieces[:j]):
                candidates.append((-score, i, j))
    chosen: set[tuple[int, int]] = set()
    for _, i, j in sorted(candidates):
        if count(_render(parts, chosen)) >= steps:
            break
        trial = chosen | {(i, j)}
        if count(_render(parts, trial)) > count(_render(parts, chosen)):
            chosen = trial
    return chosen


def paragraphs_of(cell: str) -> list[str]:
    """A cell's paragraphs (``<p>`` elements, or the whole cell), soft breaks kept."""
    if not _PARAGRAPH.search(cell):
        return [cell.strip()]
    parts = [re.sub(r"(?i)^\s*<p\b[^>]*>", "", p).strip()
             for p in re.split(r"(?i)\s*</p>\s*", cell.strip())]
    return parts[:-1] if parts and not parts[-1] else parts


def _render(parts: list[list[str]], chosen: set[tuple[int, int]], keep: bool = False) -> str:
    paragraphs = []
    for i, pieces in enumerate(parts):
        current = pieces[0]
        for j in range(1, len(pieces)):
            if (i, j) in chosen:
                paragraphs.append(current)
                current = pieces[j]
            else:
                current = f"{current}{SOFT_BREAK if keep else ' '}{pieces[j]}"
        paragraphs.append(current)
    if len(paragraphs) == 1:
        return paragraphs[0]
    return " ".join(f"<p>{p}</p>" for p in paragraphs)


def soft_joined(before: str, after: str) -> bool:
    """The two lines read as one entry whatever the count: a joining word or mark between
    (a joining word opening the next line only in lower case: "With immediate effect",
    "From May 2021" start entries)."""
    last = before.split()[-1].lower() if before.split() else ""
    return not before or not after or last in JOINING or \
        before.endswith((",", "/", "-", "–", "—", "(", "&")) or after[0] in "/&()-–—," or \
        after[0].islower()


def _owner_strength(before: str, after: str) -> int:
    """3: the line ends a role ("... Lead", an acronym); 2: the next starts one ("Head of",
    "Deputy ...", an acronym); 0: a joining word, or the next line ends a role ("Lead");
    1: nothing says (a title word such as "Director" both ends roles and heads compound
    ones: "Deputy Director" | "Quality Lead")."""
    if soft_joined(before, after):
        return 0
    last, first = before.split()[-1].strip("(),;"), after.split()[0].strip("(),;")
    if first.lower() in ROLE_END - TITLE_WORDS - ROLE_START:
        # "Lead", "Manager" end a role: "Deputy Director CP" | "Lead"; but after a role's
        # end, a whole role of its own may start so ("Case Administrators" | "Team Managers")
        role = ROLE_MARK.split(after)[0].split()
        ended = acronym_word(last) or last.lower() in ROLE_END - TITLE_WORDS
        return 2 if ended and len(role) > 1 and shape_whole(" ".join(role)) else 0
    if acronym_word(last) or last.lower() in ROLE_END - TITLE_WORDS:
        return 3
    return 2 if acronym_word(first) or first.lower() in ROLE_START else 1


def acronym_word(word: str) -> bool:
    """"HOO", and in the plural "SPOs" (also typed with zeros: "H00", as the parser reads)."""
    return is_acronym(letters_for_zeros(word)) or \
        word.endswith("s") and is_acronym(letters_for_zeros(word[:-1]))


def _date_strength(before: str, after: str) -> int:
    """3: the line ends a date with its year ("October 2019" | "Commenced June 2018"); 2: it
    is a whole date or status and the next line does not go on with a date ("Ongoing" |
    "Quarterly from ...", not "Completed" | "May 2020"); 1: nothing says."""
    if soft_joined(before, after) or _MONTH_END.search(before) and BARE_YEAR.fullmatch(after):
        return 0  # (also "17th November" | "2021": a date's year wrapped to the next line)
    if _YEAR_END.search(before):
        return 3
    if DATE_EXPR.fullmatch(before.strip(" .,;")) and not DATE_EXPR.match(after):
        return 2
    return 1


_MONTH_END = re.compile(rf"(?i)\b(?:{MONTH}|{SEASON})$")
BARE_YEAR = re.compile(r"(?:19|20)\d\d[.,;]?")  # a year alone on a line
_OF_ROLE = re.compile(r"(?i)\b(?:of|for)\s+\S|,\s*\S")  # "Head of X", "Director, X"


def whole_role(entry: str) -> int:
    """0 when ``entry`` reads as whole owner entry: each of its roles ends in a role word or an
    acronym ("Quality Assurance Lead", "SPOs") or names what it heads ("Director of
    Partnerships and Commissioning"); -6 for a fragment ("Community", "Delivery Units",
    "Head of Learning and"): it is the start or the rest of a wrapped role."""
    if not entry.split():
        return 0
    if fragment(entry):
        return -6
    roles = [r for r in ROLE_MARK.split(entry) if r]
    return 0 if roles and all(shape_whole(r) for r in roles) else -6


def fragment(entry: str) -> bool:
    """``entry`` cannot be a whole one: it ends in a joining word or mark ("Head of Learning
    and") or in a word that qualifies the title after it ("P. Novak, Deputy"), or starts as
    the rest of one (lower case, a joining word)."""
    words = entry.split()
    last = words[-1].strip("(),;.")
    return not last or last.lower() in JOINING or last.lower() in _TITLE_QUALIFIERS or \
        entry.rstrip().endswith(("/", ",", "&", "-")) or words[0][0].islower() or \
        words[0].lower() in JOINING


def shape_whole(role: str) -> bool:
    """The role ends as role names do (a role word, an acronym) or names what it heads."""
    words = role.split()
    last = words[-1].strip("(),;.")
    return acronym_word(last) or last.lower() in ROLE_END or last.lower() in ROLE_NOUNS or \
        len(words) > 1 and last.lower() in UNIT_NOUNS or bool(_OF_ROLE.search(role))


# Words that qualify the title after them and so never end a role: the role starts that are
# no title themselves ("Senior", "Deputy"), and a few more.
_TITLE_QUALIFIERS = (ROLE_START - TITLE_WORDS) | {"acting", "interim", "principal", "associate"}


def role_runs_on(before: str, after: str) -> bool:
    """Whether the owner entry ``before`` (the last at a page's foot) goes on in ``after`` (the
    first at the next page's top), whether or not its last line looked full (a long next word
    leaves a short line): ``after`` is no role alone ("Development") and ``before`` ends in no
    role word, or ``before`` ends in a fragment ("Safeguarding Leads / Practice"), ``after``
    starts no role (not "Head ...", not an acronym) and the two read as one."""
    words, following = before.split(), after.split()
    if not words or not following:
        return False
    if whole_role(after) < 0 and whole_role(words[-1]) < 0:
        return True
    first = following[0].strip("(),;")
    return whole_role(before) < 0 and first.lower() not in ROLE_START and \
        not acronym_word(first) and whole_role(f"{before} {after}") == 0
