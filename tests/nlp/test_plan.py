"""Plan header: provider, short name and dates, however the cover page words them."""

from __future__ import annotations

from nlp import parse_plan_text
from tests.nlp.helpers import TABLE_HEADER, checked, parse_checked

ROW = "1\tImprove A.\tAgreed\tWe will do A.\tHOO\tMay 2019\n"


def test_inspectorate_spelled_out_and_dated_labels():
    text = ("Date action plan submitted: 12/11/2018\n\n"
            "A response to the HM Inspectorate of Probation inspection of Testshire\n"
            "Community Rehabilitation Company\n\n"
            "Date report published: 31st October 2018\n\n"
            "Action Plan – Testshire CRC\n\n" + TABLE_HEADER + ROW)
    plan = parse_checked(text)
    assert plan.provider == "Testshire Community Rehabilitation Company"
    assert plan.provider_short == "Testshire CRC"
    assert (plan.submitted, plan.published) == ("2018-11-12", "2018-10-31")


def test_a_table_cut_off_mid_word_gets_a_warning_naming_the_file():
    from actionplans.config import sample_plan_paths
    for path in sample_plan_paths():
        text = path.read_text(encoding="utf-8")
        assert checked(parse_plan_text(text, path.name)).warnings == []
        cut = text[: int(len(text) * 0.6)]
        cut = cut[: cut.rstrip().rfind(" ") + 4]  # three letters into a word
        warnings = parse_plan_text(cut, path.name).warnings
        assert len(warnings) == 1 and warnings[0].startswith(f"{path.name}: the table ends mid-")
