from nlp.dates import header_date, looks_like_target, split_targets, target_month, target_status


def test_target_month_forms():
    assert target_month("October – December 2020") == "2020-12"
    assert target_month("Spring 2019") == "2019-05"
    assert target_month("Winter 2019") == "2020-02"
    assert target_month("Sep 2019") == "2019-09"
    assert target_month("From August 2019") == "2019-08"
    assert target_month("Completed") is None
    assert target_month("Ongoing") is None
    assert target_month("2020") == "2020-12"


def test_status():
    assert target_status("Completed") == "completed"
    assert target_status("Complete and on-going") == "ongoing"
    assert target_status("Current and on-going") == "ongoing"
    assert target_status("March 2020") is None


def test_run_together_date_cells_split():
    assert split_targets("December 2018  Spring 2019 Completed") == [
        "December 2018", "Spring 2019", "Completed"]
    assert split_targets("<p>Current and on-going</p> <p>September 2019</p>") == [
        "Current and on-going", "September 2019"]
    assert split_targets("March 2020 July 2020") == ["March 2020", "July 2020"]
    assert split_targets("At the next liaison meeting") == ["At the next liaison meeting"]


def test_header_dates():
    assert header_date("28/02/2020") == "2020-02-28"
    assert header_date("12th November 2018") == "2018-11-12"
    assert header_date("July 2019") == "2019-07"


def test_numeric_financial_and_slash_dates():
    assert split_targets("31/03/2020 30/06/2020") == ["31/03/2020", "30/06/2020"]
    assert target_month("30/06/2020") == "2020-06"
    assert target_month("2019/20") == "2020-03"
    assert target_month("March/April 2020") == "2020-04"
    assert target_month("End of March 2020") == "2020-03"
    assert target_month("TBC") is None


def test_spreadsheet_and_dotted_dates():
    assert split_targets("Dec-18 May-19") == ["Dec-18", "May-19"]
    assert target_month("Mar-20") == "2020-03"
    assert target_month("Sept '19") == "2019-09"
    assert target_month("March-2020") == "2020-03"
    assert target_month("31.03.2020") == "2020-03"
    assert split_targets("31.12.2018  30.06.2019") == ["31.12.2018", "30.06.2019"]


def test_quarters_of_a_financial_year_end_in_the_quarter():
    assert target_month("Q1 2020/21") == "2020-06"  # April-June 2020
    assert target_month("Q4 2019/20") == "2020-03"
    assert split_targets("Q3 2018/19  Q1 2019/20") == ["Q3 2018/19", "Q1 2019/20"]
    assert target_month("Q1 2020") == "2020-03"  # a calendar year's quarter


def test_end_and_by_prefixes():
    assert split_targets("End March 2020  By the end of June 2020") == [
        "End March 2020", "By the end of June 2020"]
    assert target_month("By the end of June 2020") == "2020-06"
    assert looks_like_target("End March 2020") and looks_like_target("By the end of June 2020")


def test_entries_separated_by_line_breaks():
    assert split_targets("June 2019<br>At the next liaison meeting<br/>Completed") == [
        "June 2019", "At the next liaison meeting", "Completed"]


def test_an_empty_paragraph_between_dates_is_kept_as_an_empty_entry_when_asked():
    cell = "<p>May 2019</p> <p></p> <p>July 2019</p> <p></p>"
    assert split_targets(cell) == ["May 2019", "July 2019"]
    assert split_targets(cell, keep_empty=True) == ["May 2019", "", "July 2019"]
    assert looks_like_target(cell)


def test_a_recurring_date_with_its_start_is_one_entry():
    """"Quarterly from April 2020": the step repeats from April, not two steps' dates."""
    assert split_targets("<p>Quarterly from April 2020</p>") == ["Quarterly from April 2020"]
    assert split_targets("December 2019 Monthly from January 2020 Ongoing") == [
        "December 2019", "Monthly from January 2020", "Ongoing"]
    assert split_targets("Ongoing Quarterly") == ["Ongoing", "Quarterly"]


def test_target_forms_plans_print_read_as_dates():
    """Forms a target column prints besides months and quarters: the words for now or to
    come, school terms, recurrences, "week commencing", a span "between" two dates, a month
    with its year in two figures after a space, and a recurrence in brackets after a date."""
    for text in ("Immediate", "With immediate effect", "Termly", "Twice a year",
                 "Every two months", "Bi-monthly", "Autumn term 2022", "In place", "Achieved",
                 "As scheduled", "TBC", "To be confirmed", "Daily", "Jan 2024 onwards",
                 "March 2024 (then annually)"):
        assert looks_like_target(text), text
    assert target_month("w/c 6th July 2020") == "2020-07"
    assert target_month("Between October 2023 and March 2025") == "2025-03"
    assert target_month("Apr 20") == "2020-04"
    assert split_targets("Apr 20 Sep-19") == ["Apr 20", "Sep-19"]
    assert not looks_like_target("Head of Courts, Eastern")
