"""A plan's own owner names, learned from the cells where the page shows them, to split the
cells where it does not.

In an untagged PDF the owner paragraphs of a cell run together, so where a line ran full the
page cannot say whether the entry ended there (``nlp.layout.SOFT_BREAK``). The role
vocabulary of ``nlp.owners`` knows common role words ("Lead", "Manager"), not every plan's
("Victim Liaison Service", "Helen Ashworth, Operations"). But a plan names the same owners
again and again, and many of its cells show where their entries end: a paragraph break the
page shows (a line that stopped short), a cell's first and last words, a "/" between roles,
and lines that can only be one entry (joined by "and", "of"). Those give, from the plan
alone, the owner names it uses and the words its entries start and end with; an ambiguous
cell is then split where its pieces read as the plan's own names. No role word is known in
advance.

Stages (pure): :func:`visible_entries` (one cell's entries whose bounds the page shows) ->
:func:`learn` (a plan's cells -> :class:`Lexicon`) -> :meth:`Lexicon.whole` (how well a
piece of an ambiguous cell reads as an entry; ``nlp.wraps.fit`` chooses the breaks by it).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from nlp.layout import SOFT_BREAK
from nlp.owners import clean_owner_text
from nlp.wraps import JOINING, fragment, paragraphs_of, shape_whole, soft_joined


@dataclass(frozen=True)
class LexiconSettings:
    """The tunables, in one place (measured on the dev documents, ``bench.document_quality``)."""

    known: float = 3.0  # a role the plan names elsewhere with its bounds visible
    unknown: float = -6.0  # a role nothing reads as whole (its first and last words unseen)
    edge: float = 2.0  # for each of its first and last words the plan's entries start (end) with
    longest: int = 4  # lines a recurring role may run to
    words: int = 5  # content words a role usually runs to (not in brackets); each one more
    # costs ``long``
    long: float = 1.5
    fragment: float = -6.0  # an entry that cannot be whole (ends in "and", starts in lower case)


SETTINGS = LexiconSettings()
_ROLE_SPLIT = re.compile(r"\s*(?:/|;)\s*")
# A bracketed qualifier ("(Cardiff, Swansea and Newport Councils)"), to the bracket's close or
# the text's end: it lengthens a role without making it two, so its words are not counted.
_BRACKETED = re.compile(r"\([^)]*(?:\)|$)")


def _key(text: str) -> str:
    return " ".join(clean_owner_text(text).split()).strip(" ,;.").lower()


def _word(text: str) -> str:
    return text.strip("(),;:.").lower()


def visible_entries(cell: str, steps: int = 0) -> list[str]:
    """The entries of one owner cell whose bounds the page shows: each paragraph whose line
    breaks inside are all joins ("Head of" | "Quality", "Learning and" | "Development"), and
    every paragraph when the cell holds as many as its row prints steps (``steps``: the
    response cell's paragraphs; one step: the whole cell is its entry)."""
    paragraphs = paragraphs_of(cell)
    if steps == 1:
        paragraphs = [SOFT_BREAK.join(paragraphs)]
    certain = steps == 1 or len(paragraphs) == steps
    out = []
    for paragraph in paragraphs:
        lines = [p.strip() for p in paragraph.split(SOFT_BREAK) if p.strip()]
        if lines and (certain or all(soft_joined(a, b)
                                     for a, b in zip(lines, lines[1:], strict=False))):
            out.append(" ".join(lines))
    return out


def _role_lines(cell: str) -> list[list[str]]:
    """A cell's roles as the lines each is printed on: paragraphs cut at "/" and ";" (a
    role's bounds on both sides), each role's text cut at the soft breaks (a line may end a
    role or wrap it)."""
    out = []
    for paragraph in paragraphs_of(cell):
        for role in _ROLE_SPLIT.split(paragraph):
            lines = [" ".join(p.split()) for p in role.split(SOFT_BREAK)]
            lines = [line for line in lines if line]
            if lines:
                out.append(lines)
    return out


def recurring_roles(cells: list[str], settings: LexiconSettings = SETTINGS
                    ) -> tuple[set[str], set[str]]:
    """Runs of whole lines that a plan prints in several places with different lines around
    them: its owner names, found as a word is found in unsegmented text (a unit is met in
    varied company: twice or more, and at a role's visible start and at its visible end;
    "Community" always before "Payback" is part of one). A run never starts or ends at a join.
    Returns the roles and the bound runs: printed twice or more, always beside the same line
    on one side (parts of a longer name)."""
    left: dict[str, list[str]] = {}
    right: dict[str, list[str]] = {}
    for cell in cells:
        for lines in _role_lines(cell):
            n = len(lines)
            cuts = [0] + [k for k in range(1, n) if not soft_joined(lines[k - 1], lines[k])] + [n]
            for a_i, a in enumerate(cuts[:-1]):
                for b in cuts[a_i + 1:]:
                    if b - a > settings.longest:
                        break
                    key = _key(" ".join(lines[a:b]))
                    left.setdefault(key, []).append(_key(lines[a - 1]) if a else "")
                    right.setdefault(key, []).append(_key(lines[b]) if b < n else "")
    roles = {key for key in left if len(left[key]) >= 2 and "" in left[key] and "" in right[key]}
    bound = {key for key in left if len(left[key]) >= 2 and any(
        len(set(side[key])) == 1 and side[key][0] for side in (left, right))}
    return roles, bound


@dataclass
class Lexicon:
    """A plan's owner names (``roles``) and the words its entries start and end with, each
    seen where the page shows the bounds."""

    roles: Counter = field(default_factory=Counter)
    starts: Counter = field(default_factory=Counter)
    ends: Counter = field(default_factory=Counter)
    bound: set[str] = field(default_factory=set)  # runs always printed beside the same line
    settings: LexiconSettings = SETTINGS

    def whole(self, entry: str) -> float:
        """How well ``entry`` reads as one whole owner entry: each of its roles a name the plan
        uses, or shaped as a role (``nlp.wraps.shape_whole``), or starting and ending as the
        plan's entries do; a fragment scores ``settings.fragment``."""
        s = self.settings
        words = entry.split()
        if not words:
            return 0.0
        if fragment(entry):
            return s.fragment
        score = 0.0
        for role in (r for r in _ROLE_SPLIT.split(entry) if r.strip()):
            key = _key(role)
            content = [w for w in _BRACKETED.sub(" ", key).split() if w not in JOINING]
            score -= s.long * max(0, len(content) - s.words)
            if key in self.roles:
                score += s.known
            elif key in self.bound:
                score += s.fragment
            elif shape_whole(role) and not self._tail_of_known(key):
                continue
            else:
                parts = role.split()
                seen = (_word(parts[0]) in self.starts) + (_word(parts[-1]) in self.ends)
                score += s.unknown + s.edge * seen
        return score


    def _tail_of_known(self, key: str) -> bool:
        """``key`` ends one of the plan's longer names ("Liaison Service" of "Victim Liaison
        Service"): the name's rest, shaped as a role or not."""
        return any(role.endswith(" " + key) for role in self.roles)


def learn(cells: list[str], steps: list[int] | None = None,
          settings: LexiconSettings = SETTINGS) -> Lexicon:
    """A plan's owner cells (paragraphs as ``<p>``, soft breaks kept) and its rows' printed
    step counts -> its :class:`Lexicon`."""
    lexicon = Lexicon(settings=settings)
    steps = steps or [0] * len(cells)
    shown = [(c, n) for c, n in zip(cells, steps, strict=True)
             if SOFT_BREAK in c or "<p" in c.lower()]  # (a text plan's cells: no lines)
    for cell, n in shown:
        for entry in visible_entries(cell, n):
            for role in (r for r in _ROLE_SPLIT.split(entry) if r.strip()):
                lexicon.roles[_key(role)] += 1
        for paragraph in paragraphs_of(cell):
            text = paragraph.replace(SOFT_BREAK, " ")
            for role in (r for r in _ROLE_SPLIT.split(text) if r.strip()):
                words = role.split()
                lexicon.starts[_word(words[0])] += 1
                lexicon.ends[_word(words[-1])] += 1
    roles, bound = recurring_roles([c for c, _ in shown], settings)
    for key in roles:
        lexicon.roles[key] += 1
    lexicon.bound = bound - set(lexicon.roles)
    return lexicon
