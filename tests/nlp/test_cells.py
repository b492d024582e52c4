"""Cell typing (``nlp.cells``): one small fixture per quirk."""

from __future__ import annotations

from nlp.cells import AGREE, SHORT, type_cell
from tests.nlp.helpers import HEADER, TABLE_HEADER, parse_checked

STEP_HEADER = "Rec No\tRecommendation\tAgreed\tStep No\tResponse\tOwner\tTarget date\n"


def test_half_of_an_agreement_is_an_agreement_cell():
    """A page break cuts "Partly Agreed" in two: each half is typed as an agreement, a short
    cell that completes no agreement is not."""
    assert [type_cell(c) for c in ("Partly", "Not", "Agreed", "Partly Agreed")] == [AGREE] * 4
    assert type_cell("Not yet") == SHORT


def test_an_agreement_cut_by_a_page_break_in_a_table_with_a_step_column():
    """A table the cells are aligned to by type (a Step column): "Partly" at the page's foot
    is the agreement column's, not the recommendation's text, and "Agreed" below the repeated
    header finishes it."""
    text = (HEADER + STEP_HEADER +
            "1\tImprove A.\tAgreed\t1\tWe will audit cases.\tHead of Quality\tMay 2019\n"
            "2\tImprove B.\tPartly\t1\tWe will train every manager.\tDirector\tJune 2020\n"
            "Page 1 of 2\n" + STEP_HEADER +
            "\t\tAgreed\t2\tWe will report to the board.\tDirector\tJuly 2020\n")
    plan = parse_checked(text)
    assert [(r.number, r.agreement, r.text) for r in plan.recommendations] == [
        ("1", "agreed", "Improve A."), ("2", "partly agreed", "Improve B.")]
    assert [(r.rec_number, r.agreement, r.text) for r in plan.records] == [
        ("1", "agreed", "We will audit cases."),
        ("2", "partly agreed", "We will train every manager."),
        ("2", "partly agreed", "We will report to the board.")]


def test_a_row_without_its_number_cell_keeps_its_columns_when_its_agreement_is_cut():
    """A row printed without its Rec No cell, its agreement cut by the page break: its lines
    keep the row's columns on both pages, so the recommendation's next line is the
    recommendation's."""
    text = (HEADER + TABLE_HEADER +
            "1\tImprove A.\tAgreed\tWe will audit cases.\tHead of Quality\tJune 2020\n"
            "Make sure that managers are given\tPartly\tWe will train every manager in\t\t\n"
            "Page 1 of 2\n" + TABLE_HEADER +
            "the time to supervise their staff\tAgreed\tthe new model by June.\tHead of L&D"
            "\tJune 2020\n")
    plan = parse_checked(text)
    assert [(r.agreement, r.text) for r in plan.recommendations][1] == (
        "partly agreed", "Make sure that managers are given the time to supervise their staff")
    assert [(r.agreement, r.text, r.owners) for r in plan.records][1] == (
        "partly agreed", "We will train every manager in the new model by June.",
        ["Head of L&D"])
