"""Plan header: provider, short name and dates, however the cover page words them."""

from __future__ import annotations

from nlp import parse_plan_text
from tests.nlp.helpers import TABLE_HEADER

ROW = "1\tImprove A.\tAgreed\tWe will do A.\tHOO\tMay 2019\n"


def test_inspectorate_spelled_out_and_dated_labels():
    text = ("Date action plan submitted: 12/11/2018\n\n"
            "A response to the HM Inspectorate of Probation inspection of Testshire\n"
            "Community Rehabilitation Company\n\n"
            "Date report published: 31st October 2018\n\n"
            "Action Plan – Testshire CRC\n\n" + TABLE_HEADER + ROW)
    plan = parse_plan_text(text, "fixture.txt")
    assert plan.provider == "Testshire Community Rehabilitation Company"
    assert plan.provider_short == "Testshire CRC"
    assert (plan.submitted, plan.published) == ("2018-11-12", "2018-10-31")
