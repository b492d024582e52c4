"""One small fixture per kind of damage the table parser repairs."""

from __future__ import annotations

import re

from nlp import parse_plan_text
from nlp.accounting import words
from nlp.layout import SOFT_BREAK as S
from tests.nlp.helpers import HEADER, TABLE_HEADER, checked, parse_checked


def records(text: str, unplaced: int = 0):
    """The records of a fixture plan, its word accounting checked (``unplaced``: the words a
    fixture leaves unplaced on purpose)."""
    return parse_checked(text, unplaced=unplaced).records


def test_plain_row(plan_text):
    [r] = records(plan_text("1\tImprove X.\tAgreed\tWe will deliver X training.\tHead of L&D\tMarch 2020"))
    assert (r.rec_number, r.agreement, r.owners, r.target, r.target_month) == (
        "1", "agreed", ["Head of L&D"], "March 2020", "2020-03")
    assert r.text == "We will deliver X training." and r.kind == "action"


def test_page_break_joins_halves_and_repeated_header_dropped(plan_text):
    text = plan_text(
        "1\tImprove X.\tAgreed\tWe will work with Multi-\tHead of Ops\tMay 2019",
        "",
        TABLE_HEADER.strip(),
        "Agency Safeguarding Hub partners on every case.\t\t",
    )
    [r] = records(text)
    assert r.text == "We will work with Multi-Agency Safeguarding Hub partners on every case."


def test_recommendation_text_split_across_rows(plan_text):
    text = plan_text(
        "1\tTestshire CRC should: Improve the quality of\tAgreed\tWe will audit cases.\tHOO\tMay 2019",
        "work to keep people safe. This recommendation has been repeated\tWe will train staff.\tHOP\tJune 2019",
        "from the previous inspection.\tWe will also review the audit.\t\t",
    )
    plan = parse_checked(text)
    [rec] = plan.recommendations
    assert rec.text == "Improve the quality of work to keep people safe."
    assert rec.addressee == "Testshire CRC" and rec.repeated
    assert [r.owners for r in plan.records] == [["HOO"], ["HOP"], []]


def test_html_fragments_and_numbered_steps_align_with_owner_and_date_cells(plan_text):
    text = plan_text(
        "2\tImprove Y.\tAgreed\t<p>2.1 Review the <i>process</i>.</p> <p>2.2 Deliver "
        "workshops.</p>\t<p>Director</p> <p>Deputy Director Quality Lead</p>\t"
        "<p>Sep 2019</p> <p>Commenced June 2018</p>")
    first, second = records(text)
    assert (first.step, first.text, first.owners, first.target_month) == (
        "2.1", "Review the process.", ["Director"], "2019-09")
    assert (second.step, second.owners, second.status) == (
        "2.2", ["Deputy Director Quality Lead"], "ongoing")


def test_steps_labelled_in_word_list_formats_with_a_full_stop(plan_text):
    """Word's list formats "a." and "i." label steps as "a)" and "(i)" do: the label is the
    step, not the start of its text."""
    text = plan_text(
        "3\tImprove Z.\tAgreed\t<p>a. Review the process.</p> <p>b. Deliver workshops."
        "</p> <p>iv. Audit the cases.</p>\t<p>Director</p> <p>SPOs</p> <p>QA Team</p>\t"
        "<p>Sep 2019</p> <p>Ongoing</p> <p>2021</p>")
    assert [(r.step, r.text, r.owners) for r in records(text)] == [
        ("a", "Review the process.", ["Director"]), ("b", "Deliver workshops.", ["SPOs"]),
        ("iv", "Audit the cases.", ["QA Team"])]


def test_list_items_and_bullets(plan_text):
    text = plan_text(
        "1\tImprove Z.\tAgreed\t<ul> <li>Roll out the template</li> <li>Train all staff</li> "
        "</ul>\tHOO  HOP\tDecember 2018  Spring 2019",
        "\t\t\t• Create a monthly dashboard.\tHOP\tJanuary 2019",
    )
    a, b, c = records(text)
    assert (a.text, a.owners, a.target) == ("Roll out the template", ["HOO"], "December 2018")
    assert (b.text, b.owners, b.target_month) == ("Train all staff", ["HOP"], "2019-05")
    assert c.text == "Create a monthly dashboard."


def test_step_numbers_like_3_paren_and_a_lead_in(plan_text):
    text = plan_text(
        "3\tImprove W.\tAgreed\t<p>The NPS will:</p> <p>1) Review referrals.</p> <p>2) Act "
        "on the review.</p>\t<p>Victim lead</p> <p>Victim lead</p>\t<p>July 2019</p> "
        "<p>From August 2019</p>")
    a, b = records(text)
    assert a.text == "The NPS will: Review referrals." and a.step == "1"
    assert b.text == "Act on the review." and b.target_month == "2019-08"


def test_nested_list_items_stay_with_their_step(plan_text):
    text = plan_text(
        "5\tEnable managers.\tAgreed\t<ul> <li>Recruit officers to focus on: <ul> <li>EMO</li> "
        "<li>Contact standards</li> </ul> </li> <li>Implement a framework</li> </ul>\t"
        "Senior Case Managers Quality Officer\tCompleted  January 2019")
    a, b = records(text)
    assert a.text == "Recruit officers to focus on: EMO Contact standards"
    assert (a.owners, a.status) == (["Senior Case Managers"], "completed")
    assert (b.owners, b.target_month) == (["Quality Officer"], "2019-01")


def test_shifted_columns_and_missing_rec_number(plan_text):
    text = plan_text(
        "1\tImprove A.\tAgreed\tWe will do A.\tHOO\tMay 2019",
        "Testshire CRC should: Improve B.\tAgreed\tWe will do B.\tHOP\tJune 2019",
        "\tWe will also do more B.\tHOP\tJuly 2019",
        "3\tImprove C.\tAgreed\tWe will do C.\tCEO\tAugust 2019",
    )
    plan = parse_checked(text)
    assert [r.number for r in plan.recommendations] == ["1", "2", "3"]
    assert [(r.rec_number, r.target_month) for r in plan.records] == [
        ("1", "2019-05"), ("2", "2019-06"), ("2", "2019-07"), ("3", "2019-08")]


def test_addressee_row_and_partly_agreed(plan_text):
    text = plan_text(
        "1\tImprove A.\tAgreed\tWe will do A.\tHOO\tMay 2019",
        "The Ministry of Justice should:\t\t\t\t\t",
        "2\tReview recruitment.\tPartly Agreed\tWe will review it.\tMoJ Resourcing\tMarch 2020",
    )
    rec = parse_checked(text).recommendations[1]
    assert (rec.addressee, rec.agreement) == ("The Ministry of Justice", "partly agreed")


def test_measures_context_and_headings(plan_text):
    text = plan_text(
        "1\tImprove A.\tAgreed\tContext Setting/Where are we now: Caseloads are high.  "
        "Milestones/ Actions  Introduce a new allocation tool.\tHOO\tNovember 2018",
        "\t\t\tMeasurements:   Monthly report on allocations   Quarterly audit of cases\t"
        "HOP HOP\tNovember 2018 December 2018",
    )
    kinds = [(r.kind, r.text) for r in records(text)]
    assert kinds == [
        ("context", "Context Setting/Where are we now: Caseloads are high."),
        ("action", "Introduce a new allocation tool."),
        ("measure", "Monthly report on allocations"),
        ("measure", "Quarterly audit of cases"),
    ]


def test_stray_fragments_rulers_and_summary_table_are_not_records(plan_text):
    text = plan_text(
        "1\tImprove A.\tAgreed\tWe will do A.\tHOO\tMay 2019",
        "--\t--\t---\t---\t--\t---",
        "\t1\t\t",
        "\t, , , , , ,\t",
        "Recommendations\t",
        "Agreed\t1",
        "Total\t1",
    )
    assert [r.text for r in records(text)] == ["We will do A."]


def test_lookalike_and_zero_letters_in_owner_cells(plan_text):
    text = plan_text("1\tImprove A.\tAgreed\t<ul><li>Do A.</li><li>Do B.</li></ul>\tНОО H00\t"
                     "May 2019 June 2019")
    assert [r.owners for r in records(text)] == [["HOO"], ["HOO"]]


def test_duplicate_step_repeated_after_page_break_is_kept_once(plan_text):
    text = plan_text(
        "1\tImprove A.\tAgreed\t<ul><li>Create a report to monitor EMO.</li></ul>\tHOP\tMay 2019",
        "\t\t\t<ul><li>Create a report to Monitor EMO.</li><li>Brief staff.</li></ul>\tHOO\tJune 2019",
    )
    assert [(r.text, r.owners) for r in records(text)] == [
        ("Create a report to monitor EMO.", ["HOP"]), ("Brief staff.", ["HOO"])]


def test_table_whose_header_row_was_lost():
    from tests.nlp.helpers import HEADER

    text = HEADER + "1\tImprove A.\tAgreed\tWe will do A.\tHOO\tMay 2019\n"
    [record] = records(text)
    assert (record.rec_number, record.text) == ("1", "We will do A.")


def test_lettered_steps(plan_text):
    text = plan_text(
        "1\tImprove A.\tAgreed\ta) Review the referral process. b) Train all staff.\t"
        "HOO  HOP\tMay 2019 June 2019")
    a, b = records(text)
    assert (a.step, a.text, a.owners) == ("a", "Review the referral process.", ["HOO"])
    assert (b.step, b.text, b.target_month) == ("b", "Train all staff.", "2019-06")


def test_recommendation_number_inside_the_text_cell(plan_text):
    text = plan_text("\t3. Improve A.\tAgreed\tWe will do A.\tHOO\tMay 2019")
    plan = parse_checked(text)
    assert [(r.number, r.text) for r in plan.recommendations] == [("3", "Improve A.")]


def test_plain_worded_header_repeated_on_a_new_page():
    from tests.nlp.helpers import HEADER

    header = "Recommendation\tAgreed\tAction\tOwner\tTimescale\n"
    text = (HEADER + header + "Improve A.\tAgreed\tWe will do A.\tHOO\tMay 2019\n\n" + header
            + "\t\tWe will also do B.\tHOP\tJune 2019\n")
    assert [(r.text, r.owners) for r in records(text)] == [
        ("We will do A.", ["HOO"]), ("We will also do B.", ["HOP"])]


def test_step_number_in_a_column_of_its_own_and_other_bullet_glyphs(plan_text):
    text = plan_text(
        "4\tImprove D.\tAgreed\tWe will map current provision.\tHOO\tMay 2019",
        "\t\t2.\tDeliver the new model.\tHOP\tJune 2019",
        "\t\t\t\uf0b7 Publish a guide.  - Brief every team.\tCEO  CEO\tJuly 2019 August 2019",
    )
    got = [(r.step, r.text, r.owners) for r in records(text)]
    assert got == [(None, "We will map current provision.", ["HOO"]),
                   ("2", "Deliver the new model.", ["HOP"]),
                   (None, "Publish a guide.", ["CEO"]),
                   (None, "Brief every team.", ["CEO"])]
    plan = parse_checked(text)
    assert plan.recommendations[0].text == "Improve D."


def test_agreement_wordings_and_numbering_variants(plan_text):
    text = plan_text(
        "R1\tImprove A.\tPartially agreed\tWe will do A.\tHOO\tMay 2019",
        "2a\tImprove B.\tAccepted\tWe will do B.\tHOO\tMay 2019",
        "\tImprove C.\tNot accepted\tWe cannot do C.\tHOO\tMay 2019",
        "Rec. 4\tImprove D.\tAgreed in part\tWe will do part of D.\tHOO\tMay 2019",
    )
    plan = parse_checked(text)
    assert [(r.number, r.agreement) for r in plan.recommendations] == [
        ("1", "partly agreed"), ("2a", "agreed"), ("3", "not agreed"), ("4", "partly agreed")]


def test_header_in_other_words_repeated_on_a_new_page(plan_text):
    header = ("Recommendation number\tRecommendation\tAccepted?\tAction to be taken\t"
              "Lead officer\tBy when")
    text = plan_text(
        "1\tImprove A.\tAgreed\tWe will do A.\tHOO\tMay 2019",
        "",
        header,
        "\t\t\tWe will also do B.\tHOP\tJune 2019",
    )
    assert [(r.text, r.owners) for r in records(text)] == [
        ("We will do A.", ["HOO"]), ("We will also do B.", ["HOP"])]


def test_page_numbers_and_security_markings_are_not_text(plan_text):
    text = plan_text(
        "1\tImprove A.\tAgreed\tWe will work with Multi-\tHead of Ops\tMay 2019",
        "Page 3 of 12",
        "OFFICIAL - SENSITIVE",
        "\f",
        "OFFICIAL",
        "Agency Safeguarding Hub partners on every case.\t\t",
        "2\tImprove B.\tAgreed\tWe will do B.\tHOP\tJune 2019",
        "\t\t\tPage 4\t\t",
    )
    assert [r.text for r in records(text)] == [
        "We will work with Multi-Agency Safeguarding Hub partners on every case.",
        "We will do B."]


def test_o_printed_for_a_second_level_bullet(plan_text):
    text = plan_text(
        "1\tImprove A.\tAgreed\to Publish a guide. o Brief every team.  ➢ Audit ten cases.\t"
        "CEO  HOO  HOP\tJuly 2019 August 2019 May 2020")
    got = [(r.text, r.owners) for r in records(text)]
    assert got == [("Publish a guide.", ["CEO"]), ("Brief every team.", ["HOO"]),
                   ("Audit ten cases.", ["HOP"])]


def test_sub_list_in_another_bullet_glyph_ends_at_the_top_level_glyph(plan_text):
    text = plan_text(
        "1\tImprove A.\tAgreed\t• Recruit officers to focus on:  o EMO  o Contact standards  "
        "• Reduce workloads for managers.  • Implement a framework\tHOO  HOP  CEO\t"
        "May 2019 June 2019 July 2019")
    got = [(r.text, r.owners) for r in records(text)]
    assert got == [("Recruit officers to focus on: EMO Contact standards", ["HOO"]),
                   ("Reduce workloads for managers.", ["HOP"]),
                   ("Implement a framework", ["CEO"])]


def test_table_exported_with_an_empty_margin_column():
    from tests.nlp.helpers import HEADER

    text = (HEADER + "\t" + TABLE_HEADER + "\t1\tImprove A.\tAgreed\tWe will do A.\tHOO\tMay 2019\n"
            + "\t\t\t\tWe will also do B.\tHOP\tJune 2019\n")
    assert [(r.rec_number, r.text, r.owners, r.target) for r in records(text)] == [
        ("1", "We will do A.", ["HOO"], "May 2019"), ("1", "We will also do B.", ["HOP"], "June 2019")]


def test_bullet_after_an_item_without_a_full_stop_starts_a_new_item(plan_text):
    text = plan_text(
        "1\tImprove A.\tAgreed\t- Appoint enforcement officers in every area\tHOO\tMay 2019",
        "\t\t\t- Target service users who meet the criteria, by\t\t",
        "\t\t\tautomated identification reviewed by managers.\tHOP\tJune 2019",
    )
    assert [(r.text, r.owners) for r in records(text)] == [
        ("Appoint enforcement officers in every area", ["HOO"]),
        ("Target service users who meet the criteria, by automated identification reviewed "
         "by managers.", ["HOP"])]


def test_five_column_table_with_the_number_in_the_recommendation_cell():
    from tests.nlp.helpers import HEADER

    text = (HEADER + "Recommendation\tAgreed/ Partly Agreed/ Not Agreed\tResponse\tOwner\t"
            "Target Date\n"
            "1. Improve A.\tAgreed\tWe will do A.\tHOO\tMay 2019\n"
            "\t\tWe will also do B.\tHOP\tJune 2019\n"
            "\tWe will brief every team.\tHOO\tJuly 2019\t\n"
            "2.\tAgreed\tA stray number above its row.\t\t\n"
            "2. Improve C.\tPartly agreed\tWe will do C.\tCEO\tJuly 2019\n")
    plan = parse_checked(text)
    assert [(r.number, r.text) for r in plan.recommendations] == [
        ("1", "Improve A."), ("2", "Improve C.")]
    assert [(r.rec_number, r.text, r.owners) for r in plan.records] == [
        ("1", "We will do A.", ["HOO"]), ("1", "We will also do B.", ["HOP"]),
        ("1", "We will brief every team.", ["HOO"]),
        ("1", "A stray number above its row.", []), ("2", "We will do C.", ["CEO"])]


def test_step_numbers_in_brackets(plan_text):
    text = plan_text(
        "3\tImprove W.\tAgreed\t<p>(1) Review referrals.</p> <p>(2) Act on the review.</p>\t"
        "<p>Victim lead</p> <p>HOP</p>\t<p>July 2019</p> <p>August 2019</p>")
    assert [(r.step, r.text, r.owners) for r in records(text)] == [
        ("1", "Review referrals.", ["Victim lead"]), ("2", "Act on the review.", ["HOP"])]


def test_progress_column_after_the_six_is_not_the_target():
    from tests.nlp.helpers import HEADER

    text = (HEADER + TABLE_HEADER.rstrip("\n") + "\t7. Progress update\n"
            "1\tImprove A.\tAgreed\tWe will do A.\tHOO\tMay 2019\tOn track\n"
            "\t\t\tWe will also do B.\tHOP\tJune 2019\t\n")
    plan = parse_checked(text)
    assert [(r.kind, r.text, r.owners, r.target) for r in plan.records] == [
        ("action", "We will do A.", ["HOO"], "May 2019"),
        ("action", "We will also do B.", ["HOP"], "June 2019")]
    assert plan.accounting.clean  # a column named but not read: its notes are furniture
    assert plan.accounting.furniture == len(words(TABLE_HEADER + "Progress update On track"))


def test_rows_printed_without_their_empty_leading_cells(plan_text):
    text = plan_text(
        "1\tImprove A.\tAgreed\tWe will do A.\tHOO\tMay 2019",
        "<p>Review the process.</p> <p>Train staff.</p>\t<p>Director</p> <p>Quality Lead</p>\t"
        "<p>June 2019</p> <p>July 2019</p>",
        "Brief sentencers.\tH00\tAt the next liaison meeting",
    )
    assert [(r.text, r.owners, r.target) for r in records(text)] == [
        ("We will do A.", ["HOO"], "May 2019"), ("Review the process.", ["Director"], "June 2019"),
        ("Train staff.", ["Quality Lead"], "July 2019"),
        ("Brief sentencers.", ["HOO"], "At the next liaison meeting")]


def test_repeated_note_in_other_words(plan_text):
    text = plan_text(
        "1\tImprove A. This is a repeated recommendation from the previous inspection.\tAgreed\t"
        "We will do A.\tHOO\tMay 2019",
        "2\tImprove B. (This recommendation was repeated from the last inspection)\tAgreed\t"
        "We will do B.\tHOO\tMay 2019")
    recs = parse_checked(text).recommendations
    assert [(r.text, r.repeated) for r in recs] == [("Improve A.", True), ("Improve B.", True)]


def test_summary_table_in_other_words_is_not_recommendation_text(plan_text):
    text = plan_text(
        "1\tImprove A.\tAgreed\tWe will do A.\tHOO\tMay 2019",
        "Summary of recommendations\t",
        "Number agreed\t1",
        "Total number of recommendations\t1",
    )
    plan = parse_checked(text)
    assert [r.text for r in plan.recommendations] == ["Improve A."]
    assert [r.text for r in plan.records] == ["We will do A."]


def test_response_alone_one_cell_left_of_its_column(plan_text):
    text = plan_text(
        "1\tImprove A.\tAgreed\tWe will do A.\tHOO\tMay 2019",
        "\t\t Benchmarking current performance in audits.\t\t\t",
    )
    plan = parse_checked(text)
    assert [r.text for r in plan.records] == [
        "We will do A.", "Benchmarking current performance in audits."]
    assert plan.recommendations[0].text == "Improve A."


def test_agreement_printed_on_the_rows_second_line(plan_text):
    text = plan_text(
        "1\tImprove the quality of work to keep\t\tWe will audit cases.\tHOO\tMay 2019",
        "\tpeople safe.\tPartly agreed\tWe will train staff.\tHOP\tJune 2019",
        "2\tImprove B.\t\tWe will do B.\tCEO\tJuly 2019",
        "\t\tAgreed\t\t\t",
    )
    plan = parse_checked(text)
    assert [(r.number, r.text, r.agreement) for r in plan.recommendations] == [
        ("1", "Improve the quality of work to keep people safe.", "partly agreed"),
        ("2", "Improve B.", "agreed")]
    assert len(plan.records) == 3


def test_owner_and_date_on_a_line_of_their_own_below_the_response(plan_text):
    text = plan_text(
        "1\tImprove A.\tAgreed\tWe will do A.\tHOO\tMay 2019",
        "\t\t\tWe will brief every team.\t\t",
        "\t\t\tWe will audit ten cases.\t\t",
        "\t\t\t\tHOP\tJune 2019",
    )
    assert [(r.text, r.owners, r.target) for r in records(text)] == [
        ("We will do A.", ["HOO"], "May 2019"), ("We will brief every team.", [], None),
        ("We will audit ten cases.", ["HOP"], "June 2019")]


def test_worded_recommendation_number_alone_is_not_recommendation_text(plan_text):
    text = plan_text(
        "Recommendation 1\tImprove A.\tAgreed\tWe will do A.\tHOO\tMay 2019",
        "Recommendation 2\t\t\tWe will also do more A.\t\t",
    )
    plan = parse_checked(text)
    assert [(r.number, r.text) for r in plan.recommendations] == [("1", "Improve A.")]
    assert [r.text for r in plan.records] == ["We will do A.", "We will also do more A."]


def test_steps_under_a_measures_heading_stay_measures_whatever_the_dates(plan_text):
    """Issue 15: three items under a measures heading stay measures whatever the dates; with
    two dates the items printed apart stay apart, the dates the first two's (a last item
    with no date leaves no mark in a PDF)."""
    response = ("<p>Measures:</p> <p>Audit results improve.</p> "
                "<p>Staff survey shows confidence.</p> <p>Managers report fewer gaps.</p>")
    for dates in ("<p>May 2019</p> <p>June 2019</p> <p>July 2019</p>",
                  "<p>May 2019</p> <p>June 2019</p>"):
        found = records(plan_text(f"1\tImprove A.\tAgreed\t{response}\tHead of Quality\t{dates}"))
        assert [r.target for r in found][:dates.count("<p>")] == re.findall(r"<p>([^<]+)", dates)
        assert len(found) == 3 and {r.kind for r in found} == {"measure"}


def test_an_empty_owner_and_date_paragraph_is_a_step_with_none(plan_text):
    """Owners and dates one paragraph per step: an empty paragraph stands for a step that has
    no owner or date, so the steps and their entries still line up."""
    text = plan_text(
        "3\tImprove Q.\tAgreed\t<p>We will review the duty rota.</p> <p>We will publish the "
        "findings.</p> <p>We will train the court teams.</p>\t<p>Head of Operations</p> "
        "<p></p> <p>CSC Lead</p>\t<p>May 2019</p> <p></p> <p>July 2019</p>")
    assert [(r.text, r.owners, r.target) for r in records(text)] == [
        ("We will review the duty rota.", ["Head of Operations"], "May 2019"),
        ("We will publish the findings.", [], None),
        ("We will train the court teams.", ["CSC Lead"], "July 2019"),
    ]


def test_a_response_line_that_ran_full_does_not_stop_the_paragraph_pairing(plan_text):
    """A PDF's soft break in the response cell (a line ran full where no space could be
    drawn) is a wrap; the owners still pair paragraph by paragraph, the first step with none
    (an empty owner paragraph above the others), and a soft break among the owners is fitted
    to the count of the response's paragraphs."""
    soft = "\u2028"
    text = plan_text(
        f"3\tImprove Q.\tAgreed\t<p>3.1 Review the duty rota (see{soft}Appendix B).</p> "
        "<p>3.2 Publish the findings.</p> <p>3.3 Train the court teams.</p>\t<p></p> "
        f"<p>Head of Operations{soft}CSC Lead</p>\t<p>May 2019</p> <p>June 2019</p> <p>July 2019</p>")
    assert [(r.text, r.owners, r.target) for r in records(text)] == [
        ("Review the duty rota (see Appendix B).", [], "May 2019"),
        ("Publish the findings.", ["Head of Operations"], "June 2019"),
        ("Train the court teams.", ["CSC Lead"], "July 2019"),
    ]


def test_a_row_split_by_a_page_break_pairs_its_owners_and_dates_with_all_its_steps(plan_text):
    """One row per recommendation, owners and dates one paragraph per step: the page break
    leaves the last steps in a continuation row (leading cells empty) below the repeated
    header, and the owners and dates on the first page wait for them."""
    text = plan_text(
        "1\tImprove things.\tAgreed\t<p>1.1 We will train all staff in risk.</p> <p>1.2 We "
        "will audit cases every</p>\t<p>Head of Quality</p> <p>Learning Lead</p> "
        "<p>Director</p>\t<p>May 2019</p> <p>June 2019</p> <p>July 2019</p>",
        TABLE_HEADER.strip(),
        "\t\t\t<p>month with managers.</p> <p>1.3 We will report to the board.</p>\t\t",
    )
    assert [(r.step, r.text, r.owners, r.target) for r in records(text)] == [
        ("1.1", "We will train all staff in risk.", ["Head of Quality"], "May 2019"),
        ("1.2", "We will audit cases every month with managers.", ["Learning Lead"],
         "June 2019"),
        ("1.3", "We will report to the board.", ["Director"], "July 2019"),
    ]


def test_owner_paragraphs_fewer_than_the_steps_beside_dates_one_per_step(plan_text):
    """An untagged PDF shows no empty paragraph after a cell's last entry: the date cell
    lines up with the steps one to one (its empty paragraph too), so the owners are the
    first steps' and the last step has none."""
    text = plan_text(
        "1\tImprove things.\tAgreed\t<p>Where are we now? Audits are late.</p> <p>1.1 We will "
        "train staff.</p> <p>1.2 We will audit cases.</p>\t<p></p> <p>Head of Quality</p>\t"
        "<p></p> <p>May 2019</p> <p>June 2019</p>")
    assert [(r.text, r.owners, r.target) for r in records(text)] == [
        ("Where are we now? Audits are late.", [], None),
        ("We will train staff.", ["Head of Quality"], "May 2019"),
        ("We will audit cases.", [], "June 2019"),
    ]


def test_a_soft_break_before_a_step_label_opens_a_paragraph(plan_text):
    """A PDF line that ran full with no room for a space after "office." and a next line
    opening "1.2 ...": a new step, paired with the second owner and date."""
    text = plan_text(
        "1\tImprove things.\tAgreed\t<p>1.1 We will train staff in each office.\u20281.2 We "
        "will audit cases.</p> <p>Where are we now? Audits are late.</p> <p>1.3 We will "
        "report.</p>\t<p>Head of Quality</p> <p>Learning Lead</p> <p></p> <p>Director</p>\t"
        "<p>May 2019</p> <p>June 2019</p> <p></p> <p>July 2019</p>")
    assert [(r.step, r.owners, r.target) for r in records(text)] == [
        ("1.1", ["Head of Quality"], "May 2019"),
        ("1.2", ["Learning Lead"], "June 2019"),
        (None, [], None),
        ("1.3", ["Director"], "July 2019"),
    ]


def test_a_page_break_cutting_steps_and_owners_at_different_points_is_one_row(plan_text):
    """The steps run to 1.2 on the first page, the owners only to 1.1 and the dates to 1.3:
    neither page's entries are its own steps', together they are all the steps'."""
    text = plan_text(
        "1\tImprove things.\tAgreed\t<p>1.1 We will train all staff in risk.</p> <p>1.2 We "
        "will audit cases.</p>\t<p>Head of Quality</p>\t<p>May 2019</p> <p>June 2019</p> "
        "<p>July 2019</p>",
        TABLE_HEADER.strip(),
        "\t\t\t<p>1.3 We will report to the board.</p>\t<p>Learning Lead</p> <p>Director</p>\t",
    )
    assert [(r.step, r.owners, r.target) for r in records(text)] == [
        ("1.1", ["Head of Quality"], "May 2019"),
        ("1.2", ["Learning Lead"], "June 2019"),
        ("1.3", ["Director"], "July 2019"),
    ]


def test_a_response_whose_last_line_wrapped_at_the_page_foot_goes_on(plan_text):
    """The cell's last line ran full, or wrapped at a drawn space (a soft end), and its
    sentence is open: the next page's first paragraph is the rest of it, even in capitals."""
    text = plan_text(
        "1\tImprove things.\tAgreed\t<p>1.1 We will align the National Probation Service and "
        "Community Rehabilitation\u2028</p>\t<p>Head of Quality</p>\t<p>May 2019</p>",
        TABLE_HEADER.strip(),
        "\t\t\t<p>Company allocation processes.</p> <p>1.2 We will audit cases.</p>\t"
        "<p>Learning Lead</p>\t<p>June 2019</p>",
    )
    assert [(r.text, r.owners) for r in records(text)] == [
        ("We will align the National Probation Service and Community Rehabilitation Company "
         "allocation processes.", ["Head of Quality"]),
        ("We will audit cases.", ["Learning Lead"]),
    ]


def test_a_lead_in_ending_in_a_colon_at_the_page_foot_goes_on_in_lower_case(plan_text):
    """"... 20 cases:" at a page's foot and "each team will report ..." atop the next: one
    step; its date beside a closing soft break (a full last line) still pairs."""
    text = plan_text(
        "1\tImprove things.\tAgreed\t<p>a) We will train staff.</p> <p>b) We will audit 20 "
        "cases:</p>\t<p>Head of Quality</p> <p>Learning Lead</p>\t<p>May 2019</p> "
        "<p>June 2019\u2028</p>",
        TABLE_HEADER.strip(),
        "\t\t\t<p>each team will report progress.</p> <p>c) We will publish it.</p>\t"
        "<p>Director</p>\t<p>July 2019</p>",
    )
    assert [(r.text, r.owners, r.target) for r in records(text)] == [
        ("We will train staff.", ["Head of Quality"], "May 2019"),
        ("We will audit 20 cases: each team will report progress.", ["Learning Lead"],
         "June 2019"),
        ("We will publish it.", ["Director"], "July 2019"),
    ]


def test_a_date_cut_after_until_by_a_page_break_goes_on(plan_text):
    """"Monthly until" at a page's foot and "February 2020" atop the next: one date."""
    text = plan_text(
        "1\tImprove things.\tAgreed\t<p>1.1 We will train staff.</p> <p>1.2 We will audit.</p>"
        "\t<p>Head of Quality</p> <p>Learning Lead</p>\t<p>May 2019</p> <p>Monthly until</p>",
        TABLE_HEADER.strip(),
        "\t\t\t<p>1.3 We will report.</p>\t<p>Director</p>\t<p>February 2020</p> "
        "<p>July 2020</p>",
    )
    assert [r.target for r in records(text)] == [
        "May 2019", "Monthly until February 2020", "July 2020"]


def test_a_paragraph_in_lower_case_after_a_finished_sentence_is_its_own():
    """Word-style pairing joins a lower-case paragraph with no entries to the step before
    only while that step's sentence is open."""
    text = HEADER + TABLE_HEADER + (
        "1\tImprove things.\tAgreed\t<p>1.1 We will audit cases.</p> <p>frequency of the "
        "audits will be reported.</p> <p>1.2 We will train</p> <p>all staff.</p>\t"
        "<p>Head of Quality</p> <p></p> <p>Learning Lead</p> <p></p>\t"
        "<p>May 2019</p> <p></p> <p>June 2019</p> <p></p>\n")
    assert [r.text for r in records(text)] == [
        "We will audit cases.", "frequency of the audits will be reported.",
        "We will train all staff."]


def test_page_break_counts_add_up_by_paragraphs_with_narrative_between_steps(plan_text):
    """Paragraph by paragraph (narrative between the steps has its empty entries too), the
    dates on the first page are one more than its paragraphs and the next page's owners
    and dates make up the rest: one row."""
    text = plan_text(
        "1\tImprove things.\tAgreed\t<p>1.1 We will train staff.</p> <p>What is our target? "
        "Every case audited.</p> <p>1.2 We will audit cases.</p>\t<p>Head of Quality</p> "
        "<p></p> <p>Learning Lead</p>\t<p>May 2019</p> <p></p> <p>June 2019</p> <p>July 2019</p>",
        TABLE_HEADER.strip(),
        "\t\t\t<p>1.3 We will report to the board.</p> <p>1.4 We will publish it.</p>\t"
        "<p>Director</p> <p>Director</p>\t<p>August 2019</p>",
    )
    assert [(r.text, r.owners, r.target) for r in records(text)][-2:] == [
        ("We will report to the board.", ["Director"], "July 2019"),
        ("We will publish it.", ["Director"], "August 2019"),
    ]


def test_steps_after_a_page_break_take_the_owners_waiting_for_them(plan_text):
    """The break falls between paragraphs: the first page shows two steps but three owners
    and dates; the third step, alone below the header, is theirs."""
    text = plan_text(
        "2\tImprove Y.\tAgreed\t<p>We will train all staff.</p> <p>We will audit cases."
        "</p>\t<p>Head of Quality</p> <p>Learning Lead</p> <p>Director</p>\t<p>May 2019</p> "
        "<p>June 2019</p> <p>July 2019</p>",
        TABLE_HEADER.strip(),
        "\t\t\tWe will report to the board.\t\t",
    )
    assert [(r.owners, r.target) for r in records(text)] == [
        (["Head of Quality"], "May 2019"), (["Learning Lead"], "June 2019"),
        (["Director"], "July 2019")]


def test_owners_waiting_above_a_break_for_a_step_with_a_date_of_its_own(plan_text):
    """The first page's owner cell opens blank (its first step has none) and holds one owner
    more than its steps; the step alone on the next page brings its date but no owner: the
    owners and dates of both halves add up to their steps, so the owner waiting is its."""
    text = plan_text(
        "1\tImprove things.\tAgreed\t<p>a) We will audit cases.</p> <p>b) We will train "
        "staff.</p>\t<p></p> <p>SPO</p> <p>SPO</p>\t<p>May 2019</p> <p>June 2019</p>",
        TABLE_HEADER.strip(),
        "\t\t\t<p>c) We will report to the board.</p>\t\tJuly 2019",
    )
    assert [(r.owners, r.target) for r in records(text)] == [
        ([], "May 2019"), (["SPO"], "June 2019"), (["SPO"], "July 2019")]


def test_blank_lines_at_the_foot_that_no_steps_could_take_wait_for_none(plan_text):
    """A row ends short of the page's foot in a ruled table, its owner and date cells a few
    blank lines short of its response: taken as empty entries, they would wait for more
    steps than both rows hold, so they are no entries, and the row below the repeated
    header (steps with owners and a date of their own) is a row of its own."""
    foot, end = '<p class="foot"></p>', '<p class="end"></p>'
    text = plan_text(
        f"2\tImprove B\tAgreed\t<p>2.1 Train staff.</p> <p>2.2 Audit cases.</p> {end}\t"
        f"<p>Head of Quality</p> <p>Area Managers</p> {foot * 5} {end}\t"
        f"<p>May 2019</p> <p>June 2019</p> {foot * 5} {end}",
        TABLE_HEADER.strip(),
        "\t\t\t<p>2.3 Publish A.</p> <p>2.4 Publish B.</p> <p>2.5 Publish C.</p>\t"
        "<p>Director</p> <p>SPOs</p>\t<p>July 2019</p>",
    )
    assert [(r.owners, r.target) for r in records(text)] == [
        (["Head of Quality"], "May 2019"), (["Area Managers"], "June 2019")] + [
        (["Director", "SPOs"], "July 2019")] * 3


def test_a_date_cell_blank_down_to_the_foot_keeps_its_empty_entries(plan_text):
    """The first page prints no date at all (a blank line beside the first step, then the
    second step's date moved whole to the next page): the blank line is the first step's
    empty entry, so the dates below the break pair with the steps after it."""
    foot = '<p class="foot"></p>'
    text = plan_text(
        "1\tImprove things.\tAgreed\t<p>1.1 We will train staff.</p> <p>1.2 We will audit "
        f"cases every</p>\t<p>Learning Lead</p> <p>Head of Quality</p>\t{foot}",
        TABLE_HEADER.strip(),
        "\t\t\t<p>month with managers.</p> <p>1.3 We will report to the board.</p>\t"
        "<p>Director</p>\t<p>May 2019</p> <p>June 2019</p>",
    )
    assert [(r.owners, r.target) for r in records(text)] == [
        (["Learning Lead"], None), (["Head of Quality"], "May 2019"),
        (["Director"], "June 2019")]


def test_an_owner_cut_by_a_page_break_is_one_owner(plan_text):
    text = plan_text(
        "1\tImprove things.\tAgreed\t<p>1.1 We will train all staff in risk.</p> <p>1.2 We "
        "will audit cases every</p>\t<p>Learning Lead</p> <p>Head of</p>\t<p>May 2019</p> "
        "<p>June 2019</p> <p>July 2019</p>",
        TABLE_HEADER.strip(),
        "\t\t\t<p>month with managers.</p> <p>1.3 We will report to the board.</p>\t"
        "<p>Performance</p> <p>Director</p>\t",
    )
    assert [(r.text, r.owners, r.target) for r in records(text)] == [
        ("We will train all staff in risk.", ["Learning Lead"], "May 2019"),
        ("We will audit cases every month with managers.", ["Head of Performance"], "June 2019"),
        ("We will report to the board.", ["Director"], "July 2019"),
    ]


def test_a_step_row_after_a_page_break_stays_a_row_of_its_own(plan_text):
    """One row per step: the row below the repeated header is the next step, with its own
    owner and date, not the rest of the row above."""
    text = plan_text(
        "1\tImprove things.\tAgreed\tWe will train all staff\tHead of Quality\tMay 2019",
        TABLE_HEADER.strip(),
        "\t\t\tAudit ten cases each month.\tLearning Lead\tJune 2019",
    )
    assert [(r.text, r.owners, r.target) for r in records(text)] == [
        ("We will train all staff", ["Head of Quality"], "May 2019"),
        ("Audit ten cases each month.", ["Learning Lead"], "June 2019"),
    ]


def test_a_sentence_on_a_row_of_its_own_after_a_dated_step_is_a_new_step(plan_text):
    """One line per row: a row holding only text that starts a new sentence, under a step
    that has its owner and date, is a step without them (not the end of the one above)."""
    found = records(plan_text(
        "1\tImprove A.\tAgreed\tWe will review the rota with the teams\tHead of Quality\tMay 2019",
        "\t\t\tObservation of practice will focus on planning.\t\t"))
    assert [(r.text, r.owners) for r in found] == [
        ("We will review the rota with the teams", ["Head of Quality"]),
        ("Observation of practice will focus on planning.", [])]


def test_wrapped_lines_continue_when_full_and_end_when_short(plan_text):
    """A table whose cells a PDF wrapped at a width: a capitalised line after a line that
    was full is the same sentence; after a line that stopped short, a new step."""
    rows = ["1\tImprove A.\tAgreed\tStaff will complete plans online in readiness for"
            "\tHead of Quality\tMay 2019",
            "\t\t\tInterlink when plans will be completed with service\t\t",
            "\t\t\tusers using graphics and touchscreen with the goals\t\t",
            "\t\t\tand objectives\t\t",
            "\t\t\tObservation of practice by managers and officers will\t\t",
            "\t\t\tfocus on the sentence planning sessions held with\t\t",
            "\t\t\tservice users every month.\t\t"]
    found = records(plan_text(*rows))
    assert [r.text[:25] for r in found] == ["Staff will complete plans", "Observation of practice b"]
    assert found[0].text.endswith("touchscreen with the goals and objectives")


def test_wrapped_lines_of_a_row_without_its_number_cell_keep_its_columns(plan_text):
    """A row printed without its Rec No cell wraps with as many cells: the recommendation's
    next line (first cell) is not a response, nor its response's next line an agreement."""
    found = records(plan_text(
        "Testshire CRC should: Ensure when cases are\tAgreed\tWe will review the\tHead of Quality"
        "\tMay 2019",
        "allocated, risk information is used\t\tallocation of all cases.\t\t"))
    assert [(r.text, r.rec_text, r.owners) for r in found] == [
        ("We will review the allocation of all cases.",
         "Ensure when cases are allocated, risk information is used", ["Head of Quality"])]


def test_a_wrapped_line_in_its_rows_response_column_is_response_whatever_it_says(plan_text):
    """With a Step column: a wrapped line in the response column stays response text though
    its words look like a date ("ongoing") or an owner ("Managers")."""
    from tests.nlp.helpers import HEADER

    text = (HEADER + "Rec No\tRecommendation\tAgreed\tStep No\tResponse\tOwner\tTarget date\n"
            "1\tImprove A.\tAgreed\t1\tWe will audit cases, as shown by the\tHead of Quality"
            "\tMay 2019\n"
            "\t\t\t\tongoing independent audits of\t\t\n"
            "\t\t\t\tManagers in every team\t\t\n")
    [r] = parse_checked(text).records
    assert r.text == ("We will audit cases, as shown by the ongoing independent audits of "
                      "Managers in every team")
    assert (r.owners, r.target, r.step) == (["Head of Quality"], "May 2019", "1")


def test_a_shifted_rows_wrapped_line_is_shifted_back_as_its_row(plan_text):
    """Step number alone after four empty cells, the row's text, owner and date one cell
    right of their columns: its wrapped line (text and the owner's next line) keeps them."""
    found = records(plan_text(
        "1\tImprove A.\tAgreed\t1. Managers will audit ten cases a month.\tHead of Quality"
        "\tJune 2020",
        "\t\t\t\t2.\tWe will review the needs data matched against\tDeputy Director"
        "\tJanuary 2020",
        "\t\t\t\t\tavailability every year.\tInterventions Lead\t"))
    assert [(r.text, r.owners) for r in found][1] == (
        "We will review the needs data matched against availability every year.",
        ["Deputy Director Interventions Lead"])


# A wrapped table (about 46 characters a line) whose second step prints its number alone in
# a cell, four empty cells in, its text one cell right of the response column.
_WRAPPED_FIRST_STEP = [
    "1\tImprove A.\tAgreed\t1. Managers will audit ten cases every month\tHead of Quality"
    "\tJune 2020",
    "\t\t\tand feed back to each case manager within a\t\t",
    "\t\t\tweek in supervision sessions held with them,\t\t",
    "\t\t\tkeeping a record of each of these sessions in\t\t",
    "\t\t\tthe case file so that the next audit can use\t\t",
    "\t\t\tthem.\t\t",
]


def test_step_number_alone_before_a_first_line_that_reads_as_a_date(plan_text):
    """The cell after a step number alone is the step's text though its first line reads
    as a date ("Monthly ..."), and the step number is not part of the line's width: the
    capitalised next line continues it. Its owner and date stay its own."""
    found = records(plan_text(
        *_WRAPPED_FIRST_STEP,
        "\t\t\t\t2)\tMonthly performance reports of all Service\tHead of Performance"
        "\tDecember 2019",
        "\t\t\t\t\tUsers not seen will be available to managers\t\t",
        "\t\t\t\t\tso they can check each case and find out why.\t\t"))
    assert [(r.step, r.text, r.owners, r.target) for r in found][1] == (
        "2", "Monthly performance reports of all Service Users not seen will be available to "
        "managers so they can check each case and find out why.", ["Head of Performance"],
        "December 2019")


def test_a_shifted_row_cut_by_a_page_break_goes_on_in_its_columns(plan_text):
    """Page furniture (page number, repeated header) between the lines of a row shifted
    right of the header does not end the row: the lines after it keep its columns, so the
    step's text does not turn into a date or an owner on the next page."""
    found = records(plan_text(
        *_WRAPPED_FIRST_STEP,
        "\t\t\t\t2)\tWe will trial a quarterly newsletter to all\tHead of Performance"
        "\tDecember 2019",
        "\t\t\t\t\tstaff and sentencers, with case examples of\t\t",
        "",
        "Page 1 of 2",
        "OFFICIAL",
        TABLE_HEADER.strip(),
        "\t\t\t\t\tsentences completed with success for the\t\t",
        "\t\t\t\t\tperson and the community.\t\t"))
    assert [(r.step, r.text, r.owners, r.target) for r in found][1] == (
        "2", "We will trial a quarterly newsletter to all staff and sentencers, with case "
        "examples of sentences completed with success for the person and the community.",
        ["Head of Performance"], "December 2019")


def test_a_row_without_its_number_cell_keeps_its_columns_across_a_page_break(plan_text):
    """A row printed without its Rec No cell, cut by a page break (page mark and repeated
    header): its lines on the next page have as few cells as before the break, so the
    recommendation's next line is still the recommendation, not a response."""
    found = records(plan_text(
        "1\tImprove A.\tAgreed\tWe will audit ten cases a month.\tHead of Quality\tJune 2020",
        "Make sure that managers are given\tAgreed\tWe will train every manager in\t\t",
        "",
        "Page 1 of 2",
        TABLE_HEADER.strip(),
        "the time to supervise their staff\t\tthe new model by June.\tHead of L&D\tJune 2020"))
    assert [(r.rec_number, r.rec_text, r.text) for r in found][1] == (
        "2", "Make sure that managers are given the time to supervise their staff",
        "We will train every manager in the new model by June.")


def test_a_progress_note_on_a_shifted_row_is_the_progress_columns(plan_text):
    """A row shifted right of the header (a step number alone after empty cells) prints its
    Progress note beyond the header's last column: counted as that column's note, as it is
    on the rows in place (the reader does not read a Progress column), not left unplaced."""
    from tests.nlp.helpers import HEADER

    text = (HEADER + TABLE_HEADER.rstrip("\n") + "\t7. Progress\n"
            "1\tImprove A.\tAgreed\t1. We will audit ten cases a month.\tHead of Quality"
            "\tJune 2020\tOn track\n"
            "\t\t\t\t2.\tWe will train every manager in the model.\tHead of L&D\tMay 2020"
            "\tIn progress\n")
    found = parse_checked(text).records
    assert [(r.step, r.text, r.owners, r.target) for r in found] == [
        ("1", "We will audit ten cases a month.", ["Head of Quality"], "June 2020"),
        ("2", "We will train every manager in the model.", ["Head of L&D"], "May 2020")]


def test_a_numbered_step_that_opens_like_narrative_keeps_its_number(plan_text):
    """A step the plan numbers is a step, though its first words read as narrative ("What is
    our target? ..."): on a row of its own it keeps its number, as it does in a cell of
    several steps."""
    found = records(plan_text(
        "1\tImprove A.\tAgreed\tContext: where are we now? We audit cases.\t\t",
        "\t\t\t1. What is our target? A plan will be made.\tHead of Quality\tMay 2019",
        "\t\t\t2. We will train staff in the plan.\tHead of L&D\tJune 2019"))
    assert [(r.step, r.kind, r.owners) for r in found] == [
        (None, "context", []), ("1", "action", ["Head of Quality"]),
        ("2", "action", ["Head of L&D"])]


def test_an_owner_that_starts_a_new_cell_starts_a_new_step(plan_text):
    """In a wrapped table, a line with an owner of its own (no date) under a step that has
    its owner already, where the owner column was empty on the line above, starts a new
    owner cell and so a new step: the step text above ends there, though its last line has
    no full stop and reads as full."""
    found = records(plan_text(
        *_WRAPPED_FIRST_STEP,
        "\t\t\tMonitoring that every plan is in place and\tHead of Operations and Community"
        "\tMay 2020",
        "\t\t\treviewed by each manager at supervision and\tDirectors\t",
        "\t\t\tby the Quality Officers of every single team\t\t",
        "\t\t\tAnalysis of quality audits by each manager\tHead of Quality\t",
        "\t\t\tand by each team\t\t"))
    assert [(r.text, r.owners) for r in found][1:] == [
        ("Monitoring that every plan is in place and reviewed by each manager at supervision "
         "and by the Quality Officers of every single team",
         ["Head of Operations and Community Directors"]),
        ("Analysis of quality audits by each manager and by each team", ["Head of Quality"])]


def test_an_owner_list_wrapped_over_lines_stays_one_steps(plan_text):
    """The owner column's next line, right under an owner line, is the same owner cell (a
    wrapped owner list, or one owner a line), though it reads as a complete owner."""
    found = records(plan_text(
        *_WRAPPED_FIRST_STEP,
        "\t\t\tMonitoring that every plan is in place and\tHead of Operations; Quality"
        "\tMay 2020",
        "\t\t\treviewed by each manager at all supervision\tOfficers;\t",
        "\t\t\tAnalysis of quality audits by each manager\tInterchange Managers\t",
        "\t\t\tand by each team.\t\t"))
    assert [(r.text, r.owners) for r in found][1:] == [
        ("Monitoring that every plan is in place and reviewed by each manager at all "
         "supervision Analysis of quality audits by each manager and by each team.",
         ["Head of Operations", "Quality Officers", "Interchange Managers"])]


def test_an_empty_paragraph_closing_the_owner_cell_is_the_last_steps_missing_owner(plan_text):
    """A Word cell keeps the empty paragraph of a last step with no owner: the owners pair
    from the top, not from the bottom as for narrative printed first without entries."""
    text = plan_text(
        "1\tImprove X.\tAgreed\t<p>1.1 Recruit supervisors.</p> <p>1.2 Review placements "
        "weekly.</p> <p>1.3 Agree a process with the courts.</p>\t<p>Payback Manager</p> "
        "<p>Unpaid Work Coordinators</p> <p></p>\t<p>December 2020</p> <p>July 2020</p> "
        "<p>March 2021</p>")
    assert [r.owners for r in records(text)] == [
        ["Payback Manager"], ["Unpaid Work Coordinators"], []]


def test_a_step_number_alone_keeps_its_text_in_the_response_column(plan_text):
    """A step number alone in a cell and the text after it are a step's response, whatever
    follows: a date cell worded as a sentence and a Progress note after it do not pull the
    row one column left (the text read as the recommendation, the owner as the response)."""
    from tests.nlp.helpers import HEADER

    text = (HEADER + TABLE_HEADER.rstrip("\n") + "\t7. Progress\n"
            "1\tImprove A.\tAgreed\t1. We will audit ten cases a month.\tHead of Quality"
            "\tJune 2020\tOn track\n"
            "\t\t\t2)\tShare the audit results with the\tHead of L&D"
            "\tAt team meetings with the courts\tComplete\n"
            "\t\t\t\tcourts and with every team.\t\tfrom the next joint meeting\t\n")
    found = parse_checked(text).records
    assert [(r.step, r.text, r.owners, r.target) for r in found][1] == (
        "2", "Share the audit results with the courts and with every team.", ["Head of L&D"],
        "At team meetings with the courts from the next joint meeting")


def test_a_wrapped_line_with_the_recommendations_next_line_keeps_its_rows_columns(plan_text):
    """With a Step column: a wrapped line holding the recommendation's next line and the
    response's keeps its row's columns, though the response's words read as an owner."""
    from tests.nlp.helpers import HEADER

    text = (HEADER + "Rec No\tRecommendation\tAgreed\tStep No\tResponse\tOwner\tTarget date\n"
            "1\tImprove the standard of\tAgreed\t1.1\tWorkshops will be given to all\t"
            "Quality Lead\tMay 2019\n"
            "\tcase management.\t\t\tResponsible Officers (ROs) to support\t\t\n"
            "\t\t\t\ttheir assessment skills.\t\t\n")
    found = parse_checked(text).records
    assert {r.rec_text for r in found} == {"Improve the standard of case management."}
    assert [r.owners for r in found if r.owners] == [["Quality Lead"]]
    assert "Responsible Officers (ROs) to support their assessment skills." in \
        " ".join(r.text for r in found)


def test_a_wrapped_line_keeps_its_rows_columns_though_its_response_reads_as_a_date(plan_text):
    """With a Step column: a wrapped line with the response's and the date's next lines
    keeps its row's columns, though the response line holds a date ("05/2018")."""
    from tests.nlp.helpers import HEADER

    text = (HEADER + "Rec No\tRecommendation\tAgreed\tStep No\tResponse\tOwner\tTarget date\n"
            "1\tImprove A.\tAgreed\t1\tWe will brief staff on the rules of\tHOO"
            "\tAt team meetings\n"
            "\t\t\t\tInstruction 05/2018 on Liaison\t\tfrom next week\n")
    [r] = parse_checked(text).records
    assert (r.text, r.owners, r.target) == (
        "We will brief staff on the rules of Instruction 05/2018 on Liaison", ["HOO"],
        "At team meetings from next week")


def test_a_step_number_alone_written_with_a_full_stop_merges_like_one_with_a_bracket(
        plan_text):
    """"2." alone in a cell starts the next cell's text as "2)" does, though that text's
    first line reads as a date or status ("Review current ...")."""
    for mark in ("2.", "2)"):
        found = records(plan_text(
            "1\tImprove A.\tAgreed\t1. We will audit ten cases a month.\tHOO\tMay 2019",
            f"\t\t\t\t{mark}\tReview current induction arrangements for new staff,\tHOO"
            "\tJune 2019",
            "\t\t\t\t\tincluding their sequence.\t\t"))
        assert [(r.step, r.text) for r in found][1] == (
            "2", "Review current induction arrangements for new staff, including their "
            "sequence."), mark


def test_a_short_first_line_naming_a_date_is_still_a_response(plan_text):
    """With a Step column: a recommendation row's first response line that names a date or
    a status word ("April 2019 saw ...", "... our current data to") is the start of a
    sentence, not a date cell, so it stays in the response."""
    from tests.nlp.helpers import HEADER

    text = (HEADER + "Rec No\tRecommendation\tAgreed\tStep No\tResponse\tOwner\tTarget date\n"
            "1\tImprove A.\tAgreed\t\tApril 2019 saw the launch of the\t\t\n"
            "\t\t\t\tnew model in every team.\t\t\n"
            "\t\t\t1\tWe will audit ten cases a month.\tHOO\tMay 2019\n")
    found = parse_checked(text).records
    assert [r.text for r in found] == ["April 2019 saw the launch of the new model in every team.",
                                       "We will audit ten cases a month."]


def test_a_wrapped_line_that_reads_as_a_recommendation_number_is_the_responses(plan_text):
    """A response's last wrapped line "Recommendation 3)" (the end of "(see ...,
    Recommendation 3)") alone in the response column is the response's, not a number."""
    found = records(plan_text(
        "1\tImprove A.\tAgreed\t1. We will audit ten cases a month.\tHOO\tMay 2019",
        "\t\t\t\t2.\tWe will train staff. See the section\tHOO\tJune 2019",
        "\t\t\t\t\tabove (on the training plan,\t\t",
        "\t\t\t\t\tRecommendation 3)\t\t"))
    assert [r.text for r in found][1] == (
        "We will train staff. See the section above (on the training plan, Recommendation 3)")


def test_a_row_without_its_number_cell_keeps_its_progress_note_out_of_the_target():
    """A row printed without its Rec No cell (it starts with "X should") in a table with a
    Progress column: its cells sit one column left of the header, so by position the note
    ("Complete", which also reads as a date) would be a sixth target and split a step."""
    from tests.nlp.helpers import HEADER

    text = (HEADER + TABLE_HEADER.rstrip("\n") + "\t7. Progress\n"
            "X CRC should: Improve A.\tAgreed\tWe will audit cases.  We will train staff."
            "\tHead of Quality  Head of L&D\tMay 2020  June 2020\tComplete\n")
    found = parse_checked(text).records
    assert [(r.text, r.owners, r.target) for r in found] == [
        ("We will audit cases.", ["Head of Quality"], "May 2020"),
        ("We will train staff.", ["Head of L&D"], "June 2020")]


def test_a_wrapped_table_of_two_line_steps_is_known_as_wrapped(plan_text):
    """Steps of two lines each: every wrap follows a row's first line (the one with the owner
    and date). Measured there too, the column is known to be wrapped,
    so a next line that starts with a capital ("Senior Probation Officer.") after a full line is
    the same step, not a step of its own."""
    import textwrap

    steps = ["Audit ten cases a month in each of the three offices and report the findings.",
             "Train every manager in the new oversight model before the end of the year.",
             "Review the allocation of cases to officers each week, with team managers.",
             "Publish a summary of the audit findings on the staff intranet every quarter.",
             "Hold case discussion clinics each month, chaired by an experienced Senior "
             "Probation Officer."]
    lines = []
    for n, step in enumerate(steps, 1):
        first, second = textwrap.wrap(step, 72)
        lines += [f"{'1' if n == 1 else ''}\t{'Improve A.' if n == 1 else ''}\t"
                  f"{'Agreed' if n == 1 else ''}\t{first}\tSPOs\tMay 2020", f"\t\t\t{second}\t\t"]
    assert lines[-1] == "\t\t\tSenior Probation Officer.\t\t"  # (a capital after a full line)
    found = records(plan_text(*lines))
    assert [r.text for r in found] == steps


def test_a_step_row_in_place_after_a_shifted_row_is_a_new_step(plan_text):
    """After a row shifted right (its step number alone after empty cells), a row in place
    whose date falls in the column where that row had its response is not that row's next
    line: its first cell starts with a step number, so it is a new step in its own columns."""
    found = records(plan_text(
        "1\tImprove A.\tAgreed\t1.1 We will audit cases.\tHead of Quality\tMay 2020",
        "\t\t\t\t1.2\tWe will train staff.\tHead of L&D\tJune 2020",
        "\t\t\t1.3 We will agree a process with the courts.\t\tNorth – completed South – March 2021"))
    assert [(r.step, r.text, r.owners, r.target) for r in found] == [
        ("1.1", "We will audit cases.", ["Head of Quality"], "May 2020"),
        ("1.2", "We will train staff.", ["Head of L&D"], "June 2020"),
        ("1.3", "We will agree a process with the courts.", [],
         "North – completed South – March 2021")]


def test_numbered_steps_with_fewer_owners_and_dates_give_them_to_the_first_steps(plan_text):
    """A PDF's last step with no owner or date leaves no mark: three numbered steps, two
    owners, two dates. The entries are the first steps'; the steps are not merged."""
    [a, b, c] = records(plan_text(
        "1\tImprove X.\tAgreed\t<p>1.1 Train staff.</p> <p>1.2 Audit cases.</p> "
        "<p>1.3 The audit results will be reported to the board.</p>\t"
        "<p>Head of Operations</p> <p>Quality Lead</p>\t<p>May 2020</p> <p>June 2020</p>"))
    assert [(r.step, r.owners, r.target) for r in (a, b, c)] == [
        ("1.1", ["Head of Operations"], "May 2020"), ("1.2", ["Quality Lead"], "June 2020"),
        ("1.3", [], None)]


def test_numbered_steps_with_a_shorter_owner_column_pair_from_the_top(plan_text):
    """Three dates, two owners: the last step has a date and no owner."""
    got = records(plan_text(
        "1\tImprove X.\tAgreed\t<p>1.1 Train staff.</p> <p>1.2 Audit cases.</p> "
        "<p>1.3 Agree a protocol with the courts.</p>\t"
        "<p>Head of Operations</p> <p>Quality Lead</p>\t"
        "<p>May 2020</p> <p>June 2020</p> <p>July 2020</p>"))
    assert [(r.owners, r.target) for r in got] == [
        (["Head of Operations"], "May 2020"), (["Quality Lead"], "June 2020"), ([], "July 2020")]


def test_a_role_or_date_cut_into_fragments_by_a_page_break_is_joined(plan_text):
    """The owner column's last line ran full at the page's foot ("Head of Learning and
    Organisational", "Health and Safety Manager / Area") and the next page goes on with the
    rest of the role ("Development", "Managers") or of the date (a bare year): one entry,
    though the recommendation's own cell runs on as well and no word joins the halves."""
    text = plan_text(
        "1\tTestshire CRC should:\tAgreed\t<p>1) Train staff on X.</p>\t"
        f"<p>Head of Learning and Organisational{S}</p>\t<p>June 2021{S}September{S}</p>",
        "",
        TABLE_HEADER.strip(),
        "\t<p>improve the work with people convicted of sexual offences.</p>\t\t"
        "<p>2) Reduce the waiting list.</p> <p>3) Run two more groups.</p>\t"
        f"<p>Development</p> <p>Head of{S}Interventions</p> <p>Area Managers</p>\t"
        "<p>2021</p> <p>Ongoing</p>",
    )
    got = [(r.text, r.owners, r.target) for r in records(text)]
    assert got == [
        ("Train staff on X.", ["Head of Learning and Organisational Development"], "June 2021"),
        ("Reduce the waiting list.", ["Head of Interventions"], "September 2021"),
        ("Run two more groups.", ["Area Managers"], "Ongoing")]


def test_a_row_of_several_steps_cut_mid_sentence_keeps_its_entries_together(plan_text):
    """A `cells` row runs over a page break mid-sentence; the next page holds the rest of the
    step, one more step and the last owner. Without rules no line ran full, so nothing but the
    sentence says the rows are one: the owners pair with the steps of the whole row."""
    text = plan_text(
        "1\tImprove X.\tAgreed\t<p>Set a standard for home visits.</p> "
        "<p>Issue lone working devices.</p> <p>Managers will check at each review that the</p>"
        "\t<p>PDU Heads</p> <p>Health and Safety Manager</p>\t"
        "<p>April 2021</p> <p>July 2021</p> <p>Ongoing</p>",
        "",
        TABLE_HEADER.strip(),
        "\t\t\t<p>visit has taken place.</p> <p>The proportion of visits will be published."
        "</p>\t<p>Team Managers</p>\t",
    )
    got = [(r.text, r.owners, r.target) for r in records(text)]
    assert got == [
        ("Set a standard for home visits.", ["PDU Heads"], "April 2021"),
        ("Issue lone working devices.", ["Health and Safety Manager"], "July 2021"),
        ("Managers will check at each review that the visit has taken place.",
         ["Team Managers"], "Ongoing"),
        ("The proportion of visits will be published.", [], None)]


def test_an_owner_that_is_no_role_alone_tops_the_next_page_of_a_row(plan_text):
    """"Development" alone is no role: it ends "Director of Human Resources and
    Organisational", cut by the page break though the line did not run full."""
    text = plan_text(
        "1\tImprove X.\tAgreed\t<p>Context: caseloads rose last year.</p> "
        "<p>Cap caseloads.</p> <p>Supervise every six weeks.</p>\t"
        "<p>ACOs</p> <p>SPOs</p> <p>Director of Human Resources and Organisational</p>\t"
        "<p>June 2021</p> <p>Ongoing</p> <p>October 2021</p>",
        "",
        TABLE_HEADER.strip(),
        "\t\t\t<p>Publish a staff survey.</p>\t<p>Development</p>\t",
    )
    got = [(r.text, r.owners) for r in records(text)]
    assert got == [("Context: caseloads rose last year.", []), ("Cap caseloads.", ["ACOs"]),
                   ("Supervise every six weeks.", ["SPOs"]),
                   ("Publish a staff survey.",
                    ["Director of Human Resources and Organisational Development"])]


def test_a_continuation_with_fewer_entries_than_steps_takes_the_entries_above(plan_text):
    """A `cells` row cut between steps: the first page holds one step and every owner and
    date, the next page the other steps and only the owner the break cut. Joined, the counts
    agree."""
    text = plan_text(
        "1\tImprove X.\tAgreed\t<p>1.1 Train staff.</p>\t"
        "<p>Head of Learning</p> <p>Team Managers</p> <p>Safeguarding Leads / Practice</p>\t"
        "<p>May 2021</p> <p>June 2021</p> <p>Ongoing</p>",
        "",
        TABLE_HEADER.strip(),
        "\t\t\t<p>1.2 Audit cases.</p> <p>1.3 Hold practice sessions.</p>\t"
        "<p>Development Officers</p>\t",
    )
    got = [(r.step, r.owners, r.target) for r in records(text)]
    assert got == [("1.1", ["Head of Learning"], "May 2021"),
                   ("1.2", ["Team Managers"], "June 2021"),
                   ("1.3", ["Safeguarding Leads", "Practice Development Officers"], "Ongoing")]


def test_lettered_steps_run_past_h():
    """Found by the random round trip: a list of ten lettered steps goes on after "h)" ("i)",
    "j)"); their letters are step labels, not text."""
    from tests.nlp.helpers import HEADER

    steps = "".join(f"<p>{letter}) Train team {n} in risk.</p> " for n, letter in
                    enumerate("ghij", 1))
    owners = " ".join(f"<p>Manager {n}</p>" for n in range(1, 5))
    text = HEADER + TABLE_HEADER + f"1\tImprove A.\tAgreed\t{steps}\t{owners}\tMay 2019\n"
    plan = parse_checked(text)
    assert [(r.step, r.text, r.owners) for r in plan.records] == [
        (letter, f"Train team {n} in risk.", [f"Manager {n}"])
        for n, letter in enumerate("ghij", 1)]


def test_a_row_mentioning_the_responsible_officer_is_no_header(plan_text):
    """Header cells are labels; a recommendation and a step that speak of "the responsible
    officer" and "the target date" are a row, not the table's header repeated."""
    text = plan_text(
        "2\tThe CRC should: share every resettlement plan with the community responsible "
        "officer before release, and agree a target date for each plan with the person.\tAgreed"
        "\t<p>2.1 The responsible officer will receive the plan two weeks before release.</p>"
        "\t<p>Through the Gate Manager</p>\t<p>April 2020</p>")
    assert [(r.rec_number, r.text) for r in records(text)] == [
        ("2", "The responsible officer will receive the plan two weeks before release.")]


def test_a_soft_break_after_a_sentence_opens_a_paragraph_when_the_dates_count_it(plan_text):
    """"... parole review." ran full with no room for a space, and "Training ..." follows: a
    wrap or a new paragraph. The date cell (no soft break of its own) counts three
    paragraphs: a new one, paired with the third owner and date."""
    text = plan_text(
        "1\tImprove things.\tAgreed\t<p>We will track reports. Each team will hold one.</p> "
        "<p>Psychology advice will be offered before each review.\u2028Training will be "
        "provided to all staff.</p>\t<p>Head of Quality</p> <p>Dr S. Whitfield, Personality"
        "\u2028Disorder Pathway Lead</p> "
        "<p>Learning Lead</p>\t<p>May 2019</p> <p>June 2019</p> <p>July 2019</p>")
    assert [(r.text, r.owners, r.target) for r in records(text)] == [
        ("We will track reports. Each team will hold one.", ["Head of Quality"], "May 2019"),
        ("Psychology advice will be offered before each review.",
         ["Dr S. Whitfield, Personality Disorder Pathway Lead"], "June 2019"),
        ("Training will be provided to all staff.", ["Learning Lead"], "July 2019"),
    ]


def test_a_soft_break_after_a_sentence_stays_a_wrap_when_the_dates_count_so(plan_text):
    text = plan_text(
        "1\tImprove things.\tAgreed\t<p>We will track reports.</p> <p>Psychology advice will "
        "be offered. It will be recorded.\u2028Every case will be checked.</p>\t"
        "<p>Head of Quality</p> <p>Psychology Lead</p>\t<p>May 2019</p> <p>June 2019</p>")
    assert [(r.owners, r.target) for r in records(text)] == [
        (["Head of Quality"], "May 2019"), (["Psychology Lead"], "June 2019")]


def test_the_last_owner_alone_atop_the_next_page_is_the_rows(plan_text):
    """The dates count four steps; the first page shows three owners and the next page,
    below the header, only the fourth: one row, each step its owner."""
    text = plan_text(
        "1\tImprove things.\tAgreed\t<p>We will track reports.</p> <p>We will audit cases.</p>"
        " <p>We will train staff.</p> <p>Reports on time rise to 90%.</p>\t"
        "<p>Heads of Cluster</p> <p>Senior Probation Officers</p> <p>Learning Lead</p>\t"
        "<p>May 2019</p> <p>June 2019</p> <p>July 2019</p> <p>August 2019</p>",
        TABLE_HEADER.strip(),
        "\t\t\t\t<p>Performance Team</p>\t",
    )
    assert [r.owners for r in records(text)] == [
        ["Heads of Cluster"], ["Senior Probation Officers"], ["Learning Lead"],
        ["Performance Team"]]


def test_an_owner_cell_opening_with_an_empty_paragraph_pairs_from_the_top(plan_text):
    """Narrative first (its owner and date paragraphs kept empty), then three steps; the
    cells end one paragraph short: the last step has none (it left no mark)."""
    text = plan_text(
        "1\tImprove things.\tPartly Agreed\t<p>We agree in part. We cannot fund it all.</p> "
        "<p>A review will be completed.</p> <p>Materials will be released.</p> "
        "<p>Completion rates compared with all participants.</p>\t<p></p> "
        "<p>Interventions Team</p> <p>Regional Heads</p>\t<p></p> <p>May 2019</p> "
        "<p>June 2019</p>")
    assert [(r.owners, r.target) for r in records(text)] == [
        ([], None), (["Interventions Team"], "May 2019"), (["Regional Heads"], "June 2019"),
        ([], None)]


def test_an_owner_soft_break_the_count_does_not_need_is_a_wrap(plan_text):
    """Four steps with four dates, two owner paragraphs: breaking the first owner at its full
    line ("... Quality and Practice" | "Development") would still not make four, so it is
    one owner wrapped; the last steps have none."""
    text = plan_text(
        "1\tImprove things.\tAgreed\t<p>a) We will cut caseloads.</p> <p>b) We will "
        "introduce a framework.</p> <p>c) We will train managers.</p> <p>d) We will survey "
        "staff.</p>\t<p>Chief Executive</p> <p>R. Okafor, Head of Quality and Practice"
        "\u2028Development</p>\t<p>May 2019</p> <p>June 2019</p> <p>July 2019</p> "
        "<p>August 2019</p>")
    assert [r.owners for r in records(text)] == [
        ["Chief Executive"], ["R. Okafor, Head of Quality and Practice Development"], [], []]


FOOT = '<p class="foot"></p>'  # (``nlp.layout.FOOT_BLANK_HTML``)


def test_blank_paragraphs_at_a_page_foot_are_empty_steps_where_the_cell_goes_on(plan_text):
    """The owner and date cells filled their page to the foot (they go on over the break):
    the blank line left below "Learning Lead" and "June 2019" is the narrative's empty entry,
    so "Director" is the next step's, not the narrative's."""
    text = plan_text(
        "1\tImprove things.\tAgreed\t<p>1.1 We will train staff.</p> <p>1.2 We will audit "
        f"cases.</p> <p>The audits will be</p>\t<p>Head of Quality</p> <p>Learning Lead</p> "
        f"{FOOT}\t<p>May 2019</p> <p>June 2019</p> {FOOT}",
        TABLE_HEADER.strip(),
        "\t\t\t<p>shared with the board.</p> <p>1.3 We will report.</p>\t<p>Director</p>\t"
        "<p>July 2019</p>",
    )
    assert [(r.owners, r.target) for r in records(text)] == [
        (["Head of Quality"], "May 2019"), (["Learning Lead"], "June 2019"), ([], None),
        (["Director"], "July 2019")]


def test_blank_paragraphs_at_a_page_foot_of_a_row_that_ends_there_are_nothing(plan_text):
    text = plan_text(
        "1\tImprove things.\tAgreed\t<p>1.1 We will train staff.</p> <p>1.2 We will audit "
        f"cases.</p>\t<p>Head of Quality</p> {FOOT} {FOOT}\t<p>May 2019</p> "
        "<p>June 2019</p>",
        TABLE_HEADER.strip(),
        "2\tImprove more.\tAgreed\tWe will report to the board.\tDirector\tJuly 2019",
    )
    assert [(r.owners, r.target) for r in records(text)] == [
        (["Head of Quality"], "May 2019"), ([], "June 2019"), (["Director"], "July 2019")]


def test_an_entry_that_ended_above_the_page_foot_does_not_run_on(plan_text):
    """The owner cell's last line stood lines above its row's lowest (the page marks that it
    ended): "Duty Rota Planning" atop the next page is the next step's owner, though neither
    reads as a whole role."""
    end = '<p class="end"></p>'  # (``nlp.layout.FOOT_END_HTML``)
    text = plan_text(
        "1\tImprove things.\tAgreed\t<p>1.1 We will open a desk.</p> <p>1.2 We will see "
        f"people on</p>\t<p>Estates Programme / Redmarsh Office Reception</p> {end}\t"
        "<p>May 2019</p> <p>June 2019</p>",
        TABLE_HEADER.strip(),
        "\t\t\t<p>the next working day.</p> <p>1.3 We will share the list.</p>\t"
        "<p>Duty Rota Planning</p> <p>Custody Transitions</p>\t<p>July 2019</p>",
    )
    assert [r.owners for r in records(text)] == [
        ["Estates Programme", "Redmarsh Office Reception"], ["Duty Rota Planning"],
        ["Custody Transitions"]]


def test_a_date_soft_break_the_count_needs_is_taken(plan_text):
    """"As scheduled" ran full at a page's foot and "January – December 2020" tops the next:
    nothing but the count says they are two dates, and the steps pair one to one with two."""
    text = plan_text(
        "1\tImprove things.\tAgreed\t<p>1.1 We will train staff.</p> <p>1.2 We will audit "
        "the</p>\t<p>Head of Quality</p> <p>Learning Lead</p>\t<p>May 2019</p> "
        "<p>As scheduled\u2028</p>",
        TABLE_HEADER.strip(),
        "\t\t\t<p>cases.</p> <p>1.3 We will report.</p>\t<p>Director</p>\t"
        "<p>January – December 2020</p>",
    )
    assert [r.target for r in records(text)] == [
        "May 2019", "As scheduled", "January – December 2020"]


def test_the_last_owners_atop_the_next_page_count_a_first_empty_paragraph(plan_text):
    """Narrative first (its owner paragraph empty), four steps; the first page prints the
    empty paragraph and three owners, the next page, alone below the header, the fourth."""
    text = plan_text(
        "1\tImprove things.\tAgreed\t<p>We agree in part.</p> <p>a) We will train staff.</p> "
        "<p>b) We will audit.</p> <p>c) We will report.</p> <p>d) We will publish.</p>\t"
        "<p></p> <p>Head of Quality</p> <p>Learning Lead</p> <p>Director</p>\t<p></p> "
        "<p>May 2019</p> <p>June 2019</p> <p>July 2019</p> <p>August 2019</p>",
        TABLE_HEADER.strip(),
        "\t\t\t\t<p>Communications Team</p>\t",
    )
    assert [r.owners for r in records(text)] == [
        [], ["Head of Quality"], ["Learning Lead"], ["Director"], ["Communications Team"]]


def test_agreement_part_is_half_of_an_agreement_a_page_break_cut():
    from nlp.table import agreement_part

    assert [agreement_part(c) for c in ("Partly", f"<p>Not{S}</p>", "Partially", "Agreed in",
                                        "in part")] == [True] * 5
    assert [agreement_part(c) for c in ("Agreed", "Partly agreed", "Improve", "", "Not sure")
            ] == [False] * 5


def test_an_agreement_cut_by_a_page_break_is_one_agreement(plan_text):
    """One row per step: the page break cuts the recommendation's first row, its agreement
    cell too ("Partly" at the page's foot, "Agreed" below the repeated header). The halves
    are one agreement and the row goes on: "Partly" is not recommendation text."""
    text = plan_text(
        "1\tImprove A.\tAgreed\tWe will audit cases.\tHead of Quality\tMay 2019",
        f"2\t<p>HMPPS should:{S}</p>\t<p>Partly{S}</p>\t<p>We will train every manager "
        f"in{S}</p>\t<p>Head of{S}</p>\t<p>June 2020{S}</p>",
        "",
        "Page 1 of 2",
        TABLE_HEADER.strip(),
        "\tmake sure that managers oversee cases.\tAgreed\tthe new model.\tLearning\t",
        "\t\t\tWe will report to the board.\tDirector\tJuly 2020",
    )
    plan = parse_checked(text)
    assert [(r.number, r.agreement, r.text) for r in plan.recommendations] == [
        ("1", "agreed", "Improve A."),
        ("2", "partly agreed", "make sure that managers oversee cases.")]
    assert [(r.rec_number, r.agreement, r.text, r.owners, r.target) for r in plan.records] == [
        ("1", "agreed", "We will audit cases.", ["Head of Quality"], "May 2019"),
        ("2", "partly agreed", "We will train every manager in the new model.",
         ["Head of Learning"], "June 2020"),
        ("2", "partly agreed", "We will report to the board.", ["Director"], "July 2020")]


def test_not_cut_from_agreed_by_a_page_break_is_not_agreed(plan_text):
    found = records(plan_text(
        "3\tImprove C.\tNot\tWe do not agree: the service is commissioned\t\t",
        TABLE_HEADER.strip(),
        "\t\tAgreed\tnationally.\t\t"))
    assert [(r.rec_number, r.agreement, r.text) for r in found] == [
        ("3", "not agreed", "We do not agree: the service is commissioned nationally.")]


def test_an_agreement_below_a_whole_one_after_a_page_break_is_a_new_recommendations(
        plan_text):
    """Only halves that make one agreement join: a row with an agreement of its own below a
    row whose agreement is whole starts a recommendation (its number lost)."""
    found = records(plan_text(
        "1\tImprove A.\tPartly agreed\tWe will audit cases.\tHead of Quality\tMay 2019",
        TABLE_HEADER.strip(),
        "\tImprove B.\tAgreed\tWe will train staff.\tDirector\tJune 2019"))
    assert [(r.agreement, r.rec_text, r.text) for r in found] == [
        ("partly agreed", "Improve A.", "We will audit cases."),
        ("agreed", "Improve B.", "We will train staff.")]


def test_an_agreement_wrapped_over_a_rows_two_lines_is_one_agreement(plan_text):
    """A text export prints each wrapped line of a row as a line: a narrow agreement column
    shows "Partly" on the row's first line and "Agreed" on its second, beside the
    recommendation's next line, which goes on (no new recommendation)."""
    plan = parse_checked(plan_text(
        "1\tImprove A.\tAgreed\tWe will audit cases.\tHOO\tMay 2019",
        "2\tMake sure that managers\tPartly\tWe will train every\tHOO\tJune 2019",
        "\toversee cases.\tAgreed\tmanager in the model.\t\t",
        "3\tImprove C and\tNot\tThe service is commissioned\t\t",
        "\t\tAgreed\tnationally.\t\t"))
    assert [(r.number, r.agreement, r.text) for r in plan.recommendations] == [
        ("1", "agreed", "Improve A."),
        ("2", "partly agreed", "Make sure that managers oversee cases."),
        ("3", "not agreed", "Improve C and")]
    assert [(r.rec_number, r.text) for r in plan.records][1:] == [
        ("2", "We will train every manager in the model."),
        ("3", "The service is commissioned nationally.")]


def test_an_agreement_cut_beside_a_step_without_entries_leaves_the_entries_below(plan_text):
    """The break cuts the agreement beside the first lines of a step with no owner or date
    (the response's narrative): the entries on the next page are the steps' printed there,
    not moved up to that first step."""
    plan = parse_checked(plan_text(
        f"4\t<p>HMPPS should: Provide the{S}</p>\t<p>Partly{S}</p>\t<p>HMPPS agrees that "
        f"staff need devices but{S}</p>\t\t",
        TABLE_HEADER.strip(),
        "\tdivision with equipment.\tAgreed\t<p>cannot commit to a separate roll-out.</p> "
        "<p>Laptops will be issued to court staff.</p> <p>Wi-fi will be installed in courts."
        "</p>\t<p>Digital Directorate</p> <p>Estates Lead</p>\t<p>2020/21</p> "
        "<p>Summer 2020</p>"))
    assert [(r.agreement, r.text) for r in plan.recommendations] == [
        ("partly agreed", "Provide the division with equipment.")]
    assert [(r.agreement, r.text, r.owners, r.target) for r in plan.records] == [
        ("partly agreed", "HMPPS agrees that staff need devices but cannot commit to a separate "
         "roll-out.", [], None),
        ("partly agreed", "Laptops will be issued to court staff.", ["Digital Directorate"],
         "2020/21"),
        ("partly agreed", "Wi-fi will be installed in courts.", ["Estates Lead"], "Summer 2020")]


def test_an_owner_ending_in_a_title_qualifier_runs_on_over_the_page_break(plan_text):
    """"P. Novak, Deputy" at a page's foot and "Head of Operations" atop the next: a role
    never ends in "Deputy", so the two are one owner."""
    text = plan_text(
        "1\tImprove things.\tAgreed\t<p>1.1 We will train staff.</p> <p>1.2 We will audit."
        f"</p>\t<p>Head of Quality</p> <p>P. Novak, Deputy{S}</p>\t<p>May 2019</p> "
        "<p>June 2019</p>",
        TABLE_HEADER.strip(),
        "\t\t\t\t<p>Head of Operations</p>\t",
    )
    assert [r.owners for r in records(text)] == [
        ["Head of Quality"], ["P. Novak, Deputy Head of Operations"]]


def test_entries_one_short_of_steps_ending_in_narrative_pair_from_the_top(plan_text):
    """Four steps, then "Where are we now?": the owner and date cells hold four entries each,
    the narrative last has none."""
    text = plan_text(
        "1\tImprove things.\tAgreed\t<p>Establish the training.</p> <p>3.2 We will develop "
        "workshops.</p> <p>Agree a protocol.</p> <p>Hold a dashboard.</p> <p>Where are we now? "
        "The inspection found planning weak.</p>\t<p>Learning Partner</p> <p>Learning Partner"
        "</p> <p>Assistant Chief Officer</p> <p>Head of Operations</p>\t<p>May 2019</p> "
        "<p>June 2019</p> <p>July 2019</p> <p>2022</p>")
    assert [(r.owners, r.target) for r in records(text)] == [
        (["Learning Partner"], "May 2019"), (["Learning Partner"], "June 2019"),
        (["Assistant Chief Officer"], "July 2019"), (["Head of Operations"], "2022"),
        ([], None)]


def test_a_cell_whose_last_line_wrapped_at_the_foot_goes_on_whatever_follows(plan_text):
    """The response's last line on the page wrapped at a drawn space (the page marks it):
    "Where the enquiry ..." atop the next page is the same paragraph, though the sentence
    before it ended."""
    wrap = '<p class="wrap"></p>'  # (``nlp.layout.FOOT_WRAP_HTML``)
    text = plan_text(
        "1\tImprove things.\tAgreed\t<p>1.1 We will train staff.</p> <p>1.2 Enquiries will "
        f"be made on the day.</p> {wrap}\t<p>Head of Quality</p> <p>Court Managers</p>\t"
        "<p>May 2019</p> <p>June 2019</p>",
        TABLE_HEADER.strip(),
        "\t\t\t<p>Where the enquiry is late, an adjournment will be asked for.</p> "
        "<p>1.3 We will report.</p>\t<p>Director</p>\t<p>July 2019</p>",
    )
    assert [(r.text, r.owners) for r in records(text)] == [
        ("We will train staff.", ["Head of Quality"]),
        ("Enquiries will be made on the day. Where the enquiry is late, an adjournment will "
         "be asked for.", ["Court Managers"]),
        ("We will report.", ["Director"])]


def test_a_finished_sentence_on_a_full_line_goes_on_where_only_that_pairs(plan_text):
    """"... on the day." ran full at the page's foot; the owners and dates, all on the first
    page, count three paragraphs, which only the paragraph going on atop the next makes."""
    text = plan_text(
        "1\tImprove things.\tAgreed\t<p>1.1 We will agree a framework.</p> <p>1.2 Enquiries "
        f"will be made on the day.{S}</p>\t<p>Head of Quality</p> <p>Court Managers</p> "
        "<p>Director</p>\t<p>May 2019</p> <p>June 2019</p> <p>July 2019</p>",
        TABLE_HEADER.strip(),
        "\t\t\t<p>Where the enquiry is late, an adjournment will be asked for.</p> "
        "<p>1.3 We will report.</p>\t\t",
    )
    assert [(r.text, r.owners, r.target) for r in records(text)][1:] == [
        ("Enquiries will be made on the day. Where the enquiry is late, an adjournment will "
         "be asked for.", ["Court Managers"], "June 2019"),
        ("We will report.", ["Director"], "July 2019")]


def test_a_finished_sentence_on_a_full_line_does_not_go_on_into_a_step_label(plan_text):
    """Counts as above (three owners and dates, one a narrative's empty entry, for what reads
    as two paragraphs more), but the next page opens with a step label: a paragraph starts
    there whatever the counts say (the last paragraph's empty entries left no mark)."""
    text = plan_text(
        "1\tImprove things.\tAgreed\t<p>1.1 We will agree a framework.</p> <p>Where are we "
        "now? Enquiries are late.</p> <p>1.2 Enquiries will be made on the day."
        f"{S}</p>\t<p>Head of Quality</p> <p></p> <p>Court Managers</p> <p>Director</p>\t"
        "<p>May 2019</p> <p></p> <p>June 2019</p> <p>July 2019</p>",
        TABLE_HEADER.strip(),
        "\t\t\t<p>1.3 We will publish the findings.</p> <p>Where are we now? We have begun."
        "</p>\t\t",
    )
    assert [(r.kind, r.owners, r.target) for r in records(text)][2:] == [
        ("action", ["Court Managers"], "June 2019"), ("action", ["Director"], "July 2019"),
        ("context", [], None)]


def test_roman_step_labels_are_marks_not_unplaced_words(plan_text):
    text = plan_text(
        "1\tImprove things.\tAgreed\t<p>(i) We will train staff.</p> <p>(ii) We will audit."
        "</p> <p>(iii) We will report.</p> <p>iv) We will publish.</p>\t<p>Head of Quality</p> "
        "<p>Learning Lead</p> <p>Director</p> <p>Director</p>\t<p>May 2019</p> <p>June 2019"
        "</p> <p>July 2019</p> <p>August 2019</p>")
    assert [(r.step, r.text) for r in records(text)] == [
        ("i", "We will train staff."), ("ii", "We will audit."), ("iii", "We will report."),
        ("iv", "We will publish.")]


def test_owner_breaks_are_counted_by_the_dates_a_soft_break_ran_together(plan_text):
    """Four steps, the last with neither owner nor date: the date cell's soft break joins two
    dates ("January 2023" | "Spring 2023"), still three dates, so the owner cell's breaks are
    fitted to three entries, not to the date cell's two paragraphs (which would run the
    second step's owner into the third's)."""
    text = plan_text(
        "5\tImprove W.\tAgreed\t<p>(i) Open two group placements.</p> <p>(ii) Two weekend "
        "groups.</p> <p>(iii) Placements with charity shops.</p> <p>(iv) Figures published "
        "each month.</p>\t<p>Head of Community Integration</p> <p>Unpaid Work Manager"
        f"{S}Unpaid Work Manager{S}/ Third Sector Coordinator</p>\t<p>Summer 2023</p> "
        f"<p>January 2023{S}Spring 2023</p>")
    assert [(r.step, r.owners, r.target) for r in records(text)] == [
        ("i", ["Head of Community Integration"], "Summer 2023"),
        ("ii", ["Unpaid Work Manager"], "January 2023"),
        ("iii", ["Unpaid Work Manager", "Third Sector Coordinator"], "Spring 2023"),
        ("iv", [], None)]


def test_a_later_row_pairs_its_paragraphs_with_its_entries_one_to_one(plan_text):
    """A recommendation's second row (its own steps, not a page's continuation): a numbered
    step, then an unnumbered measure with a date of its own. The date cell pairs one to one,
    so the measure is not taken into the step (whose date would become "Termly; July 2023"),
    whether the owner cell keeps the measure's empty paragraph or, as on a page, loses it."""
    first = ("3\tImprove V.\tAgreed\t<p>3.1 Track attendance.</p>\t<p>Head of Inclusion</p>\t"
             "<p>Spring 2023</p>")
    for owner in ("<p>Head of Inclusion</p> <p></p>", "<p>Head of Inclusion</p>"):
        text = plan_text(first, "\t\t\t<p>3.2 Timetables reported to the board.</p> <p>Children "
                         f"in full-time education rising to 75%.</p>\t{owner}\t<p>Termly</p> "
                         "<p>July 2023</p>")
        assert [(r.step, r.owners, r.target) for r in records(text)] == [
            ("3.1", ["Head of Inclusion"], "Spring 2023"),
            ("3.2", ["Head of Inclusion"], "Termly"), (None, [], "July 2023")], owner


def test_an_owner_cell_of_as_many_paragraphs_as_steps_takes_its_soft_breaks_as_wraps(plan_text):
    """The owner cell already pairs one to one with the steps, its first paragraph an empty
    one (narrative first). A soft break inside an entry ("... / PDU" | "Heads") then wraps the
    entry; it is not a further break (which would shift every owner after it by one)."""
    text = plan_text(
        "2\tImprove U.\tPartly Agreed\t<p>We partly agree. The national tool is outside our "
        "control.</p> <p>Set up a single point of contact.</p> <p>Audit twenty cases.</p> "
        f"<p>Publish a template.</p>\t<p></p> <p>Heads of Units / PDU{S}Heads</p> <p>MoJ "
        "Policy</p> <p>CRC Directors / PDU Heads</p>\t<p></p> <p>May 2021</p> <p>Ongoing</p>")
    assert [(r.owners, r.target) for r in records(text)] == [
        ([], None), (["Heads of Units", "PDU Heads"], "May 2021"), (["MoJ Policy"], "Ongoing"),
        (["CRC Directors", "PDU Heads"], None)]


def test_a_soft_break_before_a_narrative_heading_opens_a_paragraph(plan_text):
    """"What is our target?" after a sentence's end, on a line of its own with no space above
    it: a paragraph of its own, even where the entry cells' counts (the last paragraph's empty
    entries leave no mark on a page) would pair the wraps reading instead."""
    text = plan_text(
        "1\tImprove T.\tAgreed\t<p>Issue the referral guidance.</p> <p>Embed the women's "
        f"centre offer.{S}What is our target? Every case will record the check.</p> <p>1.3 "
        "Deliver the assurance tool.</p> <p>Where are we now? Two posts are vacant.</p>\t"
        "<p>Estates</p> <p>Estates</p> <p></p> <p>SPOs</p>\t<p>May 2020</p> <p>Summer 2021"
        "</p> <p></p> <p>Complete</p>")
    assert [(r.kind, r.owners, r.target) for r in records(text)] == [
        ("action", ["Estates"], "May 2020"), ("action", ["Estates"], "Summer 2021"),
        ("context", [], None), ("action", ["SPOs"], "Complete"), ("context", [], None)]


def test_entries_waiting_over_a_page_break_count_the_first_steps_empty_ones(plan_text):
    """Two narrative paragraphs with no date, then the first step's date, all on the first
    page; the steps follow on the next. The date cell's empty paragraphs count among the
    entries waiting for steps, so the rows are one (the narrative cut mid-sentence)."""
    text = plan_text(
        "1\tImprove S.\tPartly Agreed\t<p>This recommendation is partly agreed.</p> <p>Where "
        f"are we now? The inspection found that contingency{S}</p>\t\t<p></p> <p></p> <p>As "
        f"scheduled{S}</p>",
        TABLE_HEADER.strip(),
        "\t\t\t<p>planning was weak.</p> <p>We will embed case audits.</p> <p>1.3 We will "
        "agree guidance.</p>\t\t<p>February 2022</p>",
    )
    assert [(r.kind, r.target) for r in records(text)] == [
        ("context", None), ("context", None), ("action", "As scheduled"),
        ("action", "February 2022")]


def test_an_owner_atop_the_next_page_is_judged_by_its_first_role(plan_text):
    """"Offender Managers" ran to the foot; the next page's owner cell opens "NPS / SPO /
    Deputy" (its line wrapped after a title qualifier). Its first role, "NPS", is whole, so
    the owner above does not run on into it."""
    text = plan_text(
        f"2\tImprove R.\tAgreed\t<p>1) Hold a dashboard in line with{S}</p>\t<p>Offender "
        f"Managers{S}</p>\t<p>May 2021</p>",
        TABLE_HEADER.strip(),
        "\t\t\t<p>the framework.</p> <p>2) Introduce the induction process.</p> <p>3) Audit "
        f"cases.</p>\t<p>NPS / SPO / Deputy{S}Chief Executive</p> <p>HOO</p>\t<p>June 2021</p> "
        "<p>July 2021</p>",
    )
    assert [r.owners for r in records(text)] == [
        ["Offender Managers"], ["NPS", "SPO", "Deputy Chief Executive"], ["HOO"]]


def test_the_last_entries_alone_atop_the_next_page_join_the_row_whatever_they_count(plan_text):
    """Two steps sharing one owner cell and one date cell whose last entries went over the
    page break: the next page shows only entries, no step of their own, so they are the rest
    of the row above (not a record of their own), though the counts do not pair."""
    text = plan_text(
        "3\tImprove P.\tAgreed\t<p>i) SPOs will audit the leaflet.</p> <p>Review a template."
        f"</p>\t<p>T. Wallace, ACO</p> <p>Communications Team</p> <p>Head of Operations{S}"
        "</p>\t<p>September 2021</p> <p>Q3 2021</p>",
        TABLE_HEADER.strip(),
        "\t\t\t\t<p>HR Business Partner</p>\t<p>2020</p> <p>Weekly from January 2020</p> "
        "<p>Ongoing</p>",
    )
    got = records(text)
    assert [r.text for r in got] == ["SPOs will audit the leaflet.", "Review a template."]
    assert all("HR Business Partner" in r.owners for r in got)


def test_an_empty_entry_beside_narrative_pairs_the_cells_from_the_top(plan_text):
    """Unnumbered steps, narrative among them, and fewer owners and dates than paragraphs
    (the last steps' empty entries leave no mark on a page): the date cell's empty paragraph
    falls beside "Where are we now?" when paired from the top, so the entries pair from the
    top, not bottom-up from the last paragraph."""
    text = plan_text(
        "2\tImprove Q.\tAgreed\t<p>Publish the leaflet.</p> <p>Establish the guidance.</p> "
        "<p>Where are we now? Planning was weak.</p> <p>Issue the workshops.</p> <p>Progress "
        "to date: 75% trained.</p>\t<p>R. Singh, Head of Interventions</p> <p>ACOs</p>\t"
        "<p>April 2020</p> <p>Complete</p> <p></p> <p>December 2019</p>")
    assert [(r.owners, r.target) for r in records(text)] == [
        (["R. Singh, Head of Interventions"], "April 2020"), (["ACOs"], "Complete"),
        ([], None), ([], "December 2019"), ([], None)]


def test_a_shared_lists_roles_cut_to_pair_with_steps_are_joined_again():
    """Two owners over three lines read as three entries for three steps: read as the shared
    list they are, the role cut after a word that names no role ("Senior") goes on."""
    from nlp.table import _whole_roles

    assert _whole_roles(["IOM Senior", "Probation Officer (Cardiff)", "Detective Inspector"]
                        ) == ["IOM Senior Probation Officer (Cardiff)", "Detective Inspector"]
    assert _whole_roles(["Head of Quality", "Area Managers"]) == [
        "Head of Quality", "Area Managers"]


def test_a_labelled_paragraph_after_a_numbered_step_is_a_record_of_its_own():
    """Unnumbered paragraphs after a numbered step go on that step, but one a short label
    and a colon open ("Measure of success: ...", "Progress to date: ...") is a note or a
    measure between or after the steps, whatever the owner and date cells count."""
    from nlp.table import NUMBERED, PARAGRAPH, segment_response

    cell = "<p>(d) Agree a weekly list.</p> <p>It will be shared with both prisons.</p> " \
        "<p>Measure of success: plans passed on in 90% of cases.</p>"
    strengths = [p.strength for p in segment_response(cell)]
    assert strengths[1:] == [PARAGRAPH, NUMBERED]


def test_a_drawn_tables_owner_paragraph_is_not_cut_at_its_commas_to_fit_the_steps():
    """Text lines may run several steps' owners together ("Head of X, Head of Y"), so a
    text row's owner is cut to its step count; in a table a document draws, an owner is a
    paragraph of its cell, and one paragraph beside two steps is the first step's."""
    from nlp.table import Row, row_entries

    row = Row(response="<p>a) Agree.</p> <p>b) Audit.</p>",
              owner="Through the Gate Manager, HMP Leyhill", target="May 2019")
    assert len(row_entries(row, 2)[0]) == 2
    assert row_entries(row, 2, drawn=True)[0] == ["Through the Gate Manager, HMP Leyhill"]


def test_a_row_atop_a_page_with_fewer_entries_than_paragraphs_goes_on_from_the_row_above(
        plan_text):
    """The row above the break holds more owner and date entries than steps (the entries of
    a step whose text went over to the next page); the next page's row has an unlabelled
    step after a labelled one, so its steps grouped as text count two, as many as its
    entries, but its paragraphs are four: its entries are too few for them, so it is the
    rest of the row above, and each paragraph keeps its own entry."""
    text = plan_text(
        "5\tImprove R.\tAgreed\t<p>Where are we now? Audits are late.</p> <p>5.1 Set up a "
        "template.</p>\t<p></p> <p>Case Administrators</p> <p>Case Administrators</p>\t"
        "<p></p> <p></p> <p>Q2 2020</p>",
        TABLE_HEADER.strip(),
        "\t\t\t<p>b) Audit the tool.</p> <p>Refresh the training.</p> <p>4) Issue the "
        "guidance.</p> <p>Where are we now? Two posts are vacant.</p>\t<p></p> <p>PDU Heads"
        "</p>\t<p>Q3 2020</p> <p>Monthly</p>",
    )
    got = records(text)
    assert [(r.step, r.owners, r.target) for r in got] == [
        (None, [], None), ("5.1", ["Case Administrators"], None),
        ("b", ["Case Administrators"], "Q2 2020"), (None, [], "Q3 2020"),
        ("4", ["PDU Heads"], "Monthly"), (None, [], None)]


def test_an_owner_cell_opening_below_its_rows_top_pairs_its_entry_with_a_later_step(plan_text):
    """A later row of a PDF's table with an owner cell that opens with an empty paragraph
    (its text starts below the row's top, beside the second step) and fewer dates than steps
    (the last step's empty entries leave no mark): the entries stand by their steps, not
    listed for all of them, so the one owner is the second step's alone."""
    text = plan_text(
        "3\tImprove S.\tAgreed\t<p>3.1 Set up a hub.</p>\t<p>Hub Manager</p>\t<p>May 2019</p>",
        "\t\t\t<p>3.2 Report monthly.</p> <p>3.3 Review the findings.</p> <p>Measure of "
        "success: 95% of cases.</p>\t<p></p> <p>Head of Quality</p>\t<p>Monthly</p> <p>Q1 "
        "2019/20</p>")
    plan = checked(parse_plan_text(text, "fixture.pdf", drawn_rows=True))
    assert [(r.step, r.owners, r.target) for r in plan.records] == [
        ("3.1", ["Hub Manager"], "May 2019"), ("3.2", [], "Monthly"),
        ("3.3", ["Head of Quality"], "Q1 2019/20"), (None, [], None)]


def test_a_response_restating_the_agreement_is_narrative_without_the_owner(plan_text):
    """A not-agreed recommendation's response opens by restating the agreement and why
    ("Not agreed. ..."), then the one step promised instead: the owner and date are the
    step's, not the explanation's."""
    text = plan_text(
        "7\tImprove T.\tNot Agreed\tNot agreed. The funding does not allow a fixed limit, so "
        "caseloads will be weighted instead.  Report caseloads to the board.\tFinance Director"
        " / Head of Quality\tQuarterly")
    explanation, step = records(text)
    assert (explanation.kind, explanation.owners, explanation.target) == ("context", [], None)
    assert (step.text, step.owners, step.target) == (
        "Report caseloads to the board.", ["Finance Director", "Head of Quality"], "Quarterly")


def _drawn(*rows: str):
    """A PDF table's rows (paragraphs read from positions: not exact), as records."""
    return checked(parse_plan_text(HEADER + TABLE_HEADER + "\n".join(rows) + "\n",
                                   "fixture.pdf", drawn_rows=True)).records


_FIRST = "1\tImprove U.\tAgreed\t<p>1.1 Set up a hub.</p>\t<p>Hub Manager</p>\t<p>May 2019</p>"


def test_a_later_row_whose_owners_are_joined_by_a_slash_pairs_them_by_step():
    """A later row of a recommendation with fewer owners than paragraphs is not a list shared
    by its steps when one entry joins several owners by " / ": that entry is one step's, so
    the entries stand by their steps (the measure after them has none)."""
    got = _drawn(_FIRST, "\t\t\t<p>1.2 Adopt the protocol.</p> <p>1.3 Commission a review.</p> "
                 "<p>Fewer children in care charged.</p>\t<p>Head of Corporate Parenting / "
                 "Chief Inspector</p> <p>Service Manager</p>\t<p>March 2023</p> <p>June 2023"
                 "</p> <p>2023/24</p>")
    assert [(r.owners, r.target) for r in got[1:]] == [
        (["Head of Corporate Parenting", "Chief Inspector"], "March 2023"),
        (["Service Manager"], "June 2023"), ([], "2023/24")]


def test_a_later_row_short_of_entries_keeps_its_last_paragraph_apart_when_they_stand_by_step():
    """Owners and dates both one short of the paragraphs, the owners by step (one joins two
    by " / ", one is empty): the last paragraph, a measure, has neither and stays a record of
    its own, not the last step's text going on."""
    got = _drawn(_FIRST, "\t\t\t<p>1.2 Agree a protocol.</p> <p>1.3 Add a prompt.</p> <p>1.4 "
                 "Review every case.</p> <p>Measured by the share of cases checked.</p>\t"
                 "<p>Head of Partnerships / Detective Superintendent</p> <p></p> <p>Case "
                 "Managers</p>\t<p>August 2019</p> <p>Oct-19</p> <p>Ongoing</p>")
    assert [(r.text, r.owners, r.target) for r in got[1:]] == [
        ("Agree a protocol.", ["Head of Partnerships", "Detective Superintendent"],
         "August 2019"), ("Add a prompt.", [], "Oct-19"),
        ("Review every case.", ["Case Managers"], "Ongoing"),
        ("Measured by the share of cases checked.", [], None)]


def test_a_later_row_whose_owners_pair_by_step_is_not_shared_for_dates_one_short():
    """The owners pair one a paragraph (an empty one among them, one repeated), the dates are
    one short (the measure's none): the row lists its entries by step, not for all steps."""
    got = _drawn(_FIRST, "\t\t\t<p>1.2 Request enquiries.</p> <p>1.3 Add reviews.</p> <p>1.4 "
                 "Review deployment.</p> <p>1.5 Report progress.</p> <p>Cases rise to 70%.</p>\t"
                 "<p>Case Administrators</p> <p></p> <p>Deputy Head</p> <p>Deputy Head</p> "
                 "<p>Quality Manager</p>\t<p>Immediate</p> <p>Nov-23</p> <p>Dec-23</p> "
                 "<p>Quarterly</p>")
    assert [(r.owners, r.target) for r in got[1:]] == [
        (["Case Administrators"], "Immediate"), ([], "Nov-23"), (["Deputy Head"], "Dec-23"),
        (["Deputy Head"], "Quarterly"), (["Quality Manager"], None)]


def test_an_empty_entry_between_named_ones_pairs_a_later_rows_entries_by_step():
    """Owners and dates one short of the paragraphs, each with an empty paragraph between
    named ones (a step, and the narrative, with none): a list shared by all the steps has no
    empty entry inside it, so these stand by their steps."""
    got = _drawn(_FIRST, "\t\t\t<p>1.2 Meet the prisoner together.</p> <p>Since August the "
                 "list has been received.</p> <p>1.3 Each late report reviewed.</p> <p>1.4 "
                 "Report writing workshop.</p> <p>Reports on time in 95% of cases.</p>\t<p>Heads "
                 "of Offender Management Units</p> <p></p> <p></p> <p>Learning and Development "
                 "Lead</p>\t<p>From April 2020</p> <p></p> <p>Monthly</p> <p>Spring 2020</p>")
    assert [(r.owners, r.target) for r in got[1:]] == [
        (["Heads of Offender Management Units"], "From April 2020"), ([], None),
        ([], "Monthly"), (["Learning and Development Lead"], "Spring 2020"), ([], None)]


def test_an_entry_pushed_a_step_down_the_next_page_is_no_empty_entry():
    """A row cut by a page break after its first line: the date that ended on the first page
    pushes the next one a paragraph step down the next page, which reads as an empty entry
    opening the cell there; joined, the dates would outnumber the paragraphs by that one, so
    it is dropped and the dates pair one to one."""
    got = _drawn(
        "2\tImprove V.\tAgreed\t<p>Map the providers in each area</p>\t<p>Head of</p>\t"
        "<p>Aug-19</p>",
        TABLE_HEADER.strip(),
        "\t\t\t<p>and agree a route.</p> <p>Place a worker.</p> <p>Progress to date: a pilot "
        "ran.</p> <p>Extend the pilot.</p>\t<p>Interventions</p> <p>Head of Interventions</p> "
        "<p></p> <p>Commissioning Manager</p>\t<p></p> <p>Oct-19</p> <p></p> <p>Jan-20</p>")
    assert [(r.text, r.owners, r.target) for r in got] == [
        ("Map the providers in each area and agree a route.", ["Head of Interventions"],
         "Aug-19"), ("Place a worker.", ["Head of Interventions"], "Oct-19"),
        ("Progress to date: a pilot ran.", [], None),
        ("Extend the pilot.", ["Commissioning Manager"], "Jan-20")]


def test_a_row_opening_with_a_step_atop_a_page_is_a_row_of_its_own_beside_the_one_above():
    """A recommendation's second row starts atop the next page with a step label: a row of
    its own, not the rest of the row above. Its entries pair one a step, beside a row that
    cannot be a shared cell (narrative), so they are the shared cell the table gave its own
    row: each step carries every owner and every date."""
    got = _drawn(
        "1\tImprove W.\tAgreed\t<p>Where are we now? Audits are late.</p> <p>1.1 Set up a "
        "hub.</p>\t<p></p> <p>Hub Manager</p>\t<p></p> <p>May 2019</p>",
        TABLE_HEADER.strip(),
        "\t\t\t<p>1.2 Countersign every plan.</p> <p>1.3 Observe one session.</p>\t<p>SPOs</p>"
        " <p>Practice Tutors</p>\t<p>June 2019</p> <p>July 2019</p>")
    assert [(r.step, r.owners, r.target) for r in got[1:]] == [
        ("1.1", ["Hub Manager"], "May 2019"),
        ("1.2", ["SPOs", "Practice Tutors"], "June 2019; July 2019"),
        ("1.3", ["SPOs", "Practice Tutors"], "June 2019; July 2019")]
