"""Test helpers for the nlp tests: the plan header and action-table header of a tiny plan, and
the word-accounting check every parsed plan goes through."""

from __future__ import annotations

from nlp import Plan, parse_plan_text

HEADER = (
    "Action Plan Submitted: 12th November 2018\n\n"
    "A Response to the HMI Probation Inspection: Testshire Community Rehabilitation Company\n\n"
    "Report Published: 31st October 2018\n\n"
    "Term\tDefinition\tAdditional comment\n"
    "Agreed\tAll of the recommendation is agreed with.\tExplain how.\n\n"
    "ACTION PLAN: Testshire CRC\n\n"
)
TABLE_HEADER = ("1. Rec No\t2. Recommendation\t3. Agreed/ Partly Agreed/ Not Agreed\t"
                "4. Response Action Taken/Planned\t5. Responsible Owner\t6. Target Date\n")


def checked(plan: Plan, unplaced: int | None = 0) -> Plan:
    """Issue 10's word accounting, on every plan a test parses: every word of the table is
    placed or recognised furniture, except the ``unplaced`` words a fixture shows on purpose
    (None: a damaged plan, any number), and the three counts add up."""
    acc = plan.accounting
    assert acc.placed + acc.furniture + acc.unplaced == acc.words, acc
    assert unplaced is None or acc.unplaced == unplaced, (acc, [r.text for r in plan.records if r.kind == "unplaced"])
    return plan


def parse_checked(text: str, source: str = "fixture.txt", unplaced: int = 0) -> Plan:
    """``parse_plan_text`` with the accounting checked (:func:`checked`)."""
    return checked(parse_plan_text(text, source), unplaced)
