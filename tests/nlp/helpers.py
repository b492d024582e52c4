"""Test helpers for the nlp tests: the plan header and action-table header of a tiny plan."""

from __future__ import annotations

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
