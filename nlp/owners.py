"""Owner cells: split run-together cells into one entry per step, and entries into roles.

"HOO HOO Interventions" is three entries; "Regional Head and CSC Lead" is one entry with
two roles; "Inspection and Quality Lead" is one role. The rules look at the shape of role
names (a title word ends a role, an acronym is a role), never at particular names.
"""

from __future__ import annotations

import html
import re

from nlp.dates import EMPTY_PARAGRAPH, strip_empty

_ROLE_END = {
    "lead", "leads", "head", "heads", "manager", "managers", "officer", "officers", "director",
    "directors", "team", "teams", "ceo", "chair", "coordinator", "coordinators", "owner",
    "owners", "resourcing", "unit", "board", "group", "committee", "partner", "partners",
    "adviser", "advisers", "advisor", "advisors", "specialist", "specialists", "administrator",
    "administrators",
}
# Title words that head compound titles ("Director Quality Lead"), so never end a role alone.
_TITLE_WORDS = {"director", "directors", "head", "heads", "chief"}
_FUNCTION_WORDS = {"of", "and", "for", "the", "in", "to", "on", "with", "lead", "leads", "team",
                   "head", "unit", "all", "via", "see", "tbc", "n/a"}
_CONNECTORS = {"of", "and", "for", "&", "the", "in", "to", "on", "with", "/", "-"}
_ROLE_START = {"head", "senior", "deputy", "director", "chief", "regional", "assistant"}
# Words that end a whole role name but that the splitter above does not split after
# ("Chief Executive", "Programme Facilitators"); nlp.wraps reads them with _ROLE_END.
ROLE_NOUNS = {"executive", "executives", "staff", "practitioners", "supervisors",
              "facilitators", "psychologists", "analyst", "analysts", "champion", "champions",
              "workers", "panel"}
# Organisational units that own actions ("Estates Department", "Performance Hub"): they end a
# role named by what comes before them, never alone ("Services" tops a page as a role's rest).
UNIT_NOUNS = {"department", "departments", "directorate", "directorates", "office", "hub",
              "service", "services", "division", "secretariat"}
_ZEROS_IN_ACRONYM = re.compile(r"\b([A-Z]+0[A-Z0]*)\b")


def _is_acronym(token: str) -> bool:
    core = token.strip("(),;/")
    return len(core) >= 2 and core.isalnum() and sum(c.isupper() for c in core) >= 2 and \
        core.upper() == core


def letters_for_zeros(text: str) -> str:
    """Zeros typed for O in acronyms read as letters ("H00" -> "HOO")."""
    return _ZEROS_IN_ACRONYM.sub(lambda m: m.group(1).replace("0", "O"), text)


def clean_owner_text(cell: str) -> str:
    """Strip tags and fix zeros typed for O in acronyms ("H00" -> "HOO")."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", cell))
    text = letters_for_zeros(text)
    # A lone lower-case short token among capitalised role words is an acronym typed in
    # look-alike letters; beside another lower-case word it is a word of a phrase
    # ("Head of Operations, supported by SPOs").
    return re.sub(r"(?<![\w'-])([a-z]{2,4})(?![\w'-])", lambda m: m.group(1).upper()
                  if m.group(1) not in _FUNCTION_WORDS and not _beside_lower_word(m)
                  else m.group(1), text)


def _beside_lower_word(match: re.Match) -> bool:
    """The word before or after the matched token is a lower-case word ("by" in "supported
    by"); another such token, or "and" between two ("spo and aco"), is none."""
    before = [w for w in match.string[:match.start()].split() if w not in _LIST_WORDS]
    after = [w for w in match.string[match.end():].split() if w not in _LIST_WORDS]
    return any(w[:1].islower() and not (_LOWER_TOKEN.fullmatch(w.strip(",;()"))
                                        and w.strip(",;()") not in _FUNCTION_WORDS)
               for w in (before[-1:] + after[:1]))


_LOWER_TOKEN = re.compile(r"[a-z]{2,4}")


_LIST_WORDS = {"and", "or", "&", "/"}


def _boundaries(tokens: list[str]) -> list[tuple[int, int]]:
    """Candidate (strength, index) split points inside a run of owner tokens."""
    found: list[tuple[int, int]] = []
    words = [t.lower().strip("(),;") for t in tokens]
    n = len(tokens)
    # A phrase repeated back to back: "Head of Performance Head of Performance".
    for size in range(1, n // 2 + 1):
        if n % size == 0 and all(words[i] == words[i % size] for i in range(n)) and n // size > 1:
            return [(4, i) for i in range(size, n, size)]
    for i in range(1, n):
        prev, cur = tokens[i - 1], tokens[i]
        prev_word, cur_word = words[i - 1], words[i]
        if prev.endswith("/") or cur.startswith("/") or prev_word in _CONNECTORS \
                or cur_word in _CONNECTORS or cur.startswith("("):
            continue
        if _is_acronym(prev) and _is_acronym(cur):
            found.append((3, i))
        elif _is_acronym(cur) and cur[0].isupper():
            found.append((2, i))
        elif _is_acronym(prev) and cur[:1].isupper() and cur_word not in _ROLE_END:
            found.append((2, i))
        elif prev_word in _ROLE_END - _TITLE_WORDS and cur[:1].isupper() \
                and cur_word not in _ROLE_END:
            found.append((2, i))
        elif cur_word == "head" and cur[:1].isupper() and prev_word not in _ROLE_START:
            found.append((2, i))
    return found


def split_owner_entries(cell: str, expected: int | None = None,
                        keep_empty: bool = False) -> list[str]:
    """One owner entry per step.

    ``expected`` is the number of steps the row seems to hold; without it every likely
    boundary is used, with it only the strongest ``expected - 1``. With ``keep_empty``, an
    empty ``<p></p>`` between entries is an entry of its own ("") - a step with no owner.
    """
    if re.search(r"</?p\b|<br\b", cell, re.I):
        raw = re.split(r"(?i)</p>|<br\s*/?>", cell)
        chunks = [clean_owner_text(c) for c in raw]
    else:
        raw = chunks = re.split(r"\s{2,}", clean_owner_text(cell))
    chunks = [" ".join(c.split()).strip(" ,;") for c in chunks]
    chunks = strip_empty([c for c, printed in zip(chunks, raw, strict=True)
                          if c or (keep_empty and EMPTY_PARAGRAPH.fullmatch(printed))])
    if not chunks:
        return []
    if expected is not None and len(chunks) >= expected:
        return chunks
    candidates: list[tuple[int, int, int]] = []  # (strength, chunk, token index)
    tokenised = [c.split() for c in chunks]
    for ci, tokens in enumerate(tokenised):
        for strength, ti in _boundaries(tokens):
            candidates.append((strength, ci, ti))
    if expected is None:
        chosen = candidates
    else:
        candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
        chosen = candidates[: max(0, expected - len(chunks))]
    cuts: dict[int, set[int]] = {}
    for _, ci, ti in chosen:
        cuts.setdefault(ci, set()).add(ti)
    entries: list[str] = []
    for ci, tokens in enumerate(tokenised):
        start = 0
        for ti in sorted(cuts.get(ci, ())):
            entries.append(" ".join(tokens[start:ti]))
            start = ti
        entries.append(" ".join(tokens[start:]))
    return entries


def owner_roles(entry: str) -> list[str]:
    """The roles in one owner entry: "Regional Head and CSC Lead" -> two roles."""
    entry = " ".join(clean_owner_text(entry).split()).strip(" .,;")
    if not entry:
        return []
    parts = _split_outside_brackets(entry)
    roles: list[str] = []
    for part in parts:
        roles.extend(_split_and(part))
    seen: list[str] = []
    for role in roles:
        role = role.strip(" .,;")
        if role and role not in seen:
            seen.append(role)
    return seen


_ROLE_SPLIT = re.compile(r"\s*;\s*|\s+/\s*|\s*/\s+|(?<=[a-z])/(?=[A-Z])")


def _split_outside_brackets(entry: str) -> list[str]:
    """``entry`` cut at ";" and "/" outside brackets ("Senior Probation Officers (Public
    Protection; Sentence Management)" is one role); a "/" with no space either side only
    between two roles ("Head of Estates/QA Lead", not "Quality/Performance Lead")."""
    parts, start = [], 0
    for mark in _ROLE_SPLIT.finditer(entry):
        before = entry[start:mark.start()]
        depth = entry[:mark.start()].count("(") - entry[:mark.start()].count(")")
        if depth > 0 or mark.group() == "/" and not (
                _names_role(before) and _names_role(entry[mark.end():])):
            continue
        parts.append(before.strip())
        start = mark.end()
    parts.append(entry[start:].strip())
    return parts


def _split_and(part: str) -> list[str]:
    """Split on " and " only where the left side is a whole role and the right side names
    one too ("Regional Head and CSC Lead"; not "Policy Team and Offender Strategy", nor "Joint
    CRC and NPS Panel", whose left side is no role of its own), and never inside brackets
    ("Health Leads (Cardiff Health Board and Powys Health Board)" is one role)."""
    pieces, start = [], 0
    for mark in re.finditer(r"\s+and\s+", part):
        if part[:mark.start()].count("(") <= part[:mark.start()].count(")"):
            pieces.append(part[start:mark.start()])
            start = mark.end()
    pieces.append(part[start:])
    if len(pieces) == 1:
        return [part]
    out = [pieces[0]]
    for piece in pieces[1:]:
        left = out[-1].split()
        left_last = left[-1].lower().strip("()") if left else ""
        left_is_role = left_last in _ROLE_END or out[-1].endswith(")") or bool(left) and all(
            _is_acronym(t) for t in left) or _titled(piece) and any(
            w.lower() in _ROLE_END for w in left)
        if left_is_role and len(left) >= 1 and piece[:1].isupper() and _names_role(piece):
            out.append(piece)
        else:
            out[-1] = out[-1] + " and " + piece
    return out


def _names_role(part: str) -> bool:
    """A title, a role or unit noun, or an acronym somewhere in ``part``."""
    words = part.split()
    return _titled(part) or any(
        w.lower().strip("(),;") in _ROLE_END | ROLE_NOUNS | UNIT_NOUNS or _is_acronym(w)
        for w in words)


def _titled(part: str) -> bool:
    """A role named by its title: "Head of Estates", "Director of ICT" (so "Head of Estates
    and Head of ICT" or "Lead for Victims and Head of ICT" is two roles, "Head of Quality and
    Performance" one)."""
    tokens = part.split()
    return len(tokens) >= 3 and tokens[0].lower() in _TITLE_WORDS | _ROLE_START and \
        tokens[1].lower() == "of"


def looks_like_owner(cell: str) -> bool:
    """A short cell made of role names: used to place a cell when columns have shifted."""
    text = " ".join(clean_owner_text(cell).split())
    if not text or len(text.split()) > 14 or text.endswith((".", ":")):
        return False
    words = [w.lower().strip("(),;/") for w in text.split()]
    has_role = any(w in _ROLE_END for w in words) or all(_is_acronym(t) for t in text.split())
    return has_role and text[:1].isupper() and not _reads_as_sentence(
        re.sub(r"<[^>]+>", " ", cell))  # (as typed: the cleaning upper-cases short words)


def _reads_as_sentence(text: str) -> bool:
    """Mostly lower-case words that are not connectors: a line of a sentence that happens to
    name a team ("Context: home visits fell during the restructure of our teams last year"),
    where role names are titled ("Head of Operations", "SPOs and case managers")."""
    tokens = [t.strip("(),;:/") for t in text.split()]
    lower = sum(1 for t in tokens if t[:1].islower() and t not in _CONNECTORS)
    upper = sum(1 for t in tokens if t[:1].isupper())
    return lower >= 4 and lower > 2 * upper

