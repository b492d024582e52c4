"""A keyword-rule baseline: what a careful person would write with regular expressions.

Used only as the yardstick in ``models.evaluate`` (the trained model must beat it on every
theme); it never labels data. Rules follow the wording of the theme definitions.
"""

from __future__ import annotations

import re

RULES: dict[str, re.Pattern[str]] = {
    "training": re.compile(
        r"\b(training|trained|train|workshops?|courses?|refreshers?|induction|"
        r"learning (?:events?|sessions?|days?)|practice development|briefings?|e-learning|"
        r"coaching|mentoring|pqip|cpd|continuous professional development|"
        r"upskill\w*|skills? development)\b", re.I),
    "safeguarding": re.compile(
        r"\b(safeguard\w*|child(?:ren)?(?:'s)? (?:social care|services)|child protection|"
        r"domestic abuse|domestic violence|police checks?|mash|marac|mappa|victims?|"
        r"home visits?|adults? at risk|protect\w*)\b", re.I),
    "ETE": re.compile(
        r"\b(ete|education,? training and employment|employment|employability|jobs?|"
        r"apprenticeships?|vocational|qualifications? for (?:service users|people)|"
        r"basic skills|literacy|numeracy)\b", re.I),
    "estates": re.compile(
        r"\b(premises|buildings?|offices?|estates?|facilit(?:y|ies)|accessib\w*|"
        r"repairs?|maintenance|refurbish\w*|reception|interview rooms?|relocat\w*)\b", re.I),
}


def keyword_themes(text: str, themes: list[str]) -> list[str]:
    """The themes whose rule matches ``text`` (themes without a rule are never given)."""
    return [t for t in themes if t in RULES and RULES[t].search(text or "")]
