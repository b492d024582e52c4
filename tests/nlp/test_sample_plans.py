"""Expected records for whole sample plans, written from reading the plans by hand.

004 (BeNCH) and 002 (NPS NE) are checked record by record: recommendation, kind, owners,
target as printed and the start of the text. 000 and 001 are checked on the records that
carry their worst damage.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from actionplans.config import SAMPLE_PLANS_DIR, sample_plan_paths
from nlp import parse_plan
from nlp.table import clean_cell, is_header_line, place_cells
from tests.nlp.helpers import checked

# (rec_number, kind, owners, target, text prefix)
EXPECTED_004 = [
    ("1", "action", ["Deputy Director Quality Lead"], "October 2019", "OASys workshops will be delivered to all Resp"),
    ("1", "action", ["Regional Learning and Development Manager"], "Commenced June 2018", "Bespoke training on Domestic Abuse and Risk '"),
    ("1", "action", ["Deputy Director Hub Lead"], "May 2019", "Ensure domestic abuse enquiries to the police"),
    ("1", "action", ["Deputy Director Public Protection Lead"], "June 2019", "Review the current process for 'known person'"),
    ("1", "action", ["Director"], "September 2019", "Review middle manager's responsibilities and"),
    ("1", "action", ["Deputy Director Quality Lead"], "April 2019", "Monitor the quality of recording practice tha"),
    ("1", "action", ["Deputy Director Quality Lead"], "May 2019", "Monthly management oversight dip sample audit"),
    ("1", "action", ["Deputy Director Quality Lead"], "April 2019", "Establishment of quarterly OASys Quality Assu"),
    ("1", "action", ["Deputy Director Quality Lead"], "April 2019", "Learning from audit activity to be disseminat"),
    ("2", "action", ["Deputy Director Interventions and Partnerships Lead"], "Sep 2019", "Review current provision required in each off"),
    ("2", "action", ["Deputy Director CP lead"], "June 2019", "Undertake a review of current Education Train"),
    ("2", "action", ["Deputy Director CP Lead"], "June 2019", "Undertake a review of Community Payback place"),
    ("2", "action", ["Deputy Director Interventions Lead"], "Oct 2019", "We will consider development of specific inte"),
    ("2", "action", ["Deputy Director Performance Lead"], "April 2019", "We will continue to monitor the number of RAR"),
    ("2", "action", ["Deputy Director Quality Lead"], "April 2019", "Where gaps in recording are noted through cas"),
    ("2", "action", ["Deputy Director Interventions Lead"], "April 2019", "Where there are gaps in delivery of the RAR o"),
    ("3", "action", [], None, "We will review our current caseload data to f"),
    ("3", "action", ["Deputy Director Performance Lead", "Deputy Director Interventions & Partnerships lead"], "May 2019", "During 2018 we identified priority needs of s"),
    ("3", "action", ["Deputy Director Performance Lead", "Deputy Director Interventions & Partnerships lead"], "June 2019", "We will review current intervention delivery"),
    ("3", "action", ["Deputy Director Performance Lead", "Deputy Director Interventions & Partnerships lead"], "Commence Jan 2020", "We will review OASys needs data matched again"),
    ("3", "action", ["Deputy Director Performance Lead", "Deputy Director Interventions & Partnerships lead"], "September 2019", "We will improve recording of equality and div"),
    ("4", "action", [], None, "April 2019 saw the mobilisation of the enhanc"),
    ("4", "action", ["Deputy Director TTG Lead"], "April 2019", "Implementation of the new TTG model as above"),
    ("4", "action", ["Deputy Director TTG Lead"], "April 2019", "Communicate effectively the TTG model, roles"),
    ("4", "action", ["Deputy Director TTG Lead"], "April 2019", "There are regular meetings including quarterl"),
    ("4", "action", ["Deputy Director TTG Lead"], "April 2019", "A data-set for performance and outcomes has b"),
    ("4", "action", ["TTG Managers"], "April 2019", "Where practicable attendance and participatio"),
    ("4", "action", ["Deputy Director Quality Lead"], "Sep 2019", "Monitoring the quality of resettlement practi"),
    ("4", "action", ["Deputy Director Mentoring Lead"], "Sep 2019", "Mobilisation of our new mentoring scheme whic"),
    ("5", "context", [], None, "We acknowledge that we have one office - Camb"),
    ("5", "context", [], None, "All staff have a solo protect device which is"),
    ("5", "action", ["CEO"], "January 2020", "Continue to implement current plan to make al"),
]

EXPECTED_002 = [
    ("1", "action", ["Head of Stakeholder Engagement"], "November 2019", "Completing 'Quality of Court Work' Staff Trai"),
    ("1", "action", ["Head of Stakeholder Engagement"], "October 2019", "Establishing quarterly meetings from Autumn 2"),
    ("1", "action", ["Head of Stakeholder Engagement"], "April 2020", "Trialling and evaluating the benefits of a qu"),
    ("1", "action", ["Head of Performance & Quality"], "September 2019", "The Performance & Quality Team working with t"),
    ("1", "action", ["Head of Performance & Quality"], "March 2020", "The Performance & Quality Team investigating"),
    ("2", "context", [], None, "NPS NE fully accepts that its response to cha"),
    ("2", "action", ["Head of Performance & Quality"], "September 2019", "The NPS NE will: Design and implement a Quali"),
    ("2", "action", ["Head of Performance & Quality"], "Current and on-going", "Continue to work with operational managers to"),
    ("2", "action", ["Head of Performance & Quality"], "September 2019", "Commission the Performance & Quality Team to"),
    ("2", "action", ["Head of Performance & Quality"], "October 2019", "Deliver mandatory workshops to all operationa"),
    ("2", "action", ["Head of Performance & Quality"], "October 2019", "Materials and information from the mandatory"),
    ("2", "action", ["Head of Performance & Quality"], "January 2020", "Serious Further Offence (SFO) Briefings will"),
    ("2", "action", ["Head of Performance & Quality"], "November 2019", "The Performance & Quality Committee (PQC) wil"),
    ("3", "action", ["NE strategic lead for Victim Services"], "July 2019", "The NPS NE will: Complete the review of victi"),
    ("3", "action", ["NE strategic lead for Victim Services"], "From August 2019", "Act upon the findings of the review of victim"),
    ("3", "action", ["NE strategic lead for Victim Services", "Head of Performance & Quality"], "October 2019", "Incorporate content relating to victim servic"),
    ("4", "action", ["Head of Stakeholder Engagement"], "October 2019", "The NPS NE will: Quarterly Court SPO Meetings"),
    ("4", "action", ["Head of Performance & Quality"], "From October 2019", "Expected practice in these areas will be eval"),
    ("4", "action", [], None, "frequency and numbers of requests for these e"),
    ("6", "action", ["Divisional Director", "MoJ Resourcing"], "March 2020", "Recruitment for the NPS North East Division i"),
    ("6", "action", ["Divisional Director", "MoJ Resourcing"], "January 2020", "NPS North East are working closely with the c"),
    ("6", "action", ["Divisional Director"], "Complete", "Delivery of Probation Service Officer (PSO) r"),
    ("6", "action", ["Divisional Director", "MoJ Resourcing"], "Complete and on-going", "The MoJ Resourcing's marketing and attraction"),
    ("7", "action", ["Soft Facilities Management Manager"], "September 2019 and on-going", "MoJ Estates has put in place a change and imp"),
    ("7", "action", ["Soft Facilities Management Manager"], "August 2019", "Since May MoJ have been working on the specif"),
]


def _plan(prefix: str):
    path = next(p for p in SAMPLE_PLANS_DIR.iterdir() if p.name.startswith(prefix))
    return checked(parse_plan(path))


@pytest.mark.parametrize("prefix, expected", [("004", EXPECTED_004), ("002", EXPECTED_002)])
def test_every_record_of_a_whole_plan(prefix, expected):
    plan = _plan(prefix)
    got = [(r.rec_number, r.kind, r.owners, r.target) for r in plan.records]
    assert got == [row[:4] for row in expected]
    for record, row in zip(plan.records, expected, strict=True):
        assert record.text.startswith(row[4]), (record.id, record.text[:60])


def test_plan_header_metadata():
    bench = _plan("004")
    assert bench.provider.startswith("Bedfordshire, Northamptonshire, Cambridgeshire")
    assert bench.provider_short == "BeNCH CRC"
    assert (bench.submitted, bench.published) == ("2019-04-26", "2019-05-03")
    nps = _plan("002")
    assert nps.provider_short == "NPS NE"
    assert (nps.submitted, nps.published) == ("2019-07-05", "2019-06-26")
    wy = _plan("001")
    assert wy.provider == "West Yorkshire Community Rehabilitation Company"
    assert wy.provider_short == "West Yorkshire CRC"


def test_dlnr_plan_recommendations():
    plan = _plan("000")
    recs = {r.number: r for r in plan.recommendations}
    assert list(recs) == [str(n) for n in range(1, 9)]  # "t i" and a missing 3 are inferred
    assert recs["1"].text.endswith("risk of harm and risk of reoffending")  # split over a page
    assert recs["6"].repeated and recs["7"].repeated and not recs["5"].repeated
    assert "repeated" not in recs["7"].text
    assert recs["7"].text.endswith("to keep other people safe.")
    assert recs["4"].agreement == "partly agreed"
    assert recs["8"].addressee == "The Ministry of Justice"
    assert recs["1"].addressee == "DLNR CRC"
    assert plan.provider_short == "DLNR CRC"


def test_dlnr_run_together_owner_and_date_cells_split_per_step():
    plan = _plan("000")
    rec3 = [r for r in plan.records if r.rec_number == "3"]
    assert rec3[0].text.startswith("DLNR will develop its learning offer")
    assert (rec3[0].owners, rec3[0].target) == (["Cluster Deputy Leads"], "March 2020")
    assert rec3[1].text.startswith("DLNR CRC will address the gaps")
    assert (rec3[1].owners, rec3[1].target_month) == (["Cluster Deputy Leads"], "2020-07")
    # the page-break half lands on the action it belongs to
    assert rec3[1].text.endswith("increased public protection risk work.")


def test_dlnr_page_break_halves_joined_and_debris_dropped():
    plan = _plan("000")
    texts = [r.text for r in plan.records]
    mash = next(t for t in texts if "Safeguarding Hub (MASH)" in t)
    assert "Multi-Agency Safeguarding Hub (MASH)" in mash
    assert not any(re.fullmatch(r"[\d\s,.]*", t) for t in texts)
    assert sum(t.count("the community.") for t in texts if "coordinate all services" in t) == 1
    # the stray "7 / Agreed" row above recommendation 7 belongs to recommendation 6's measures
    bench = next(r for r in plan.records if r.text.startswith("Benchmarking against risk escalation"))
    assert bench.rec_number == "6" and bench.kind == "measure"


def test_west_yorkshire_lookalikes_duplicates_and_seasons():
    plan = _plan("001")
    owners = Counter(o for r in plan.records for o in r.owners)
    assert "HOO" in owners and not any("Н" in o or "н" in o for o in owners)
    texts = [r.text for r in plan.records]
    assert sum(t.lower() == "create management information system (mis) report to monitor emo."
               for t in texts) == 1
    roll_out = next(r for r in plan.records if r.text.startswith("Roll out Enablers of Change"))
    assert (roll_out.owners, roll_out.target_month) == (["HOO"], "2019-05")
    estates = next(r for r in plan.records if "estates plan" in r.text)
    assert (estates.owners, estates.target, estates.status) == (
        ["Head of Estates", "Head of ICT"], "Ongoing", "ongoing")
    assert plan.recommendations[6].addressee == "Interserve"


# Words the parser drops on purpose: section headings, and a line or step printed twice
# across a page break ("the community.", "Create Management Information System (MIS) ...").
DROPPED_ON_PURPOSE = {"Milestones", "Actions", "Measurements", "Monitoring", "community",
                      "Create", "Management", "Information", "System", "report", "Monitor"}


@pytest.mark.parametrize("path", sample_plan_paths(), ids=lambda p: p.name[:3])
def test_every_response_word_lands_in_exactly_one_record(path):
    """Compare word counts of the table's response cells with the records' texts."""
    plan = parse_plan(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines)
                 if "\t" in line and is_header_line(line.split("\t")))
    source: Counter[str] = Counter()
    for line in lines[start + 1:]:
        row = place_cells(line) if line.strip() else None
        if row and row.response:
            source.update(re.findall(r"[A-Za-z]{4,}", clean_cell(row.response)))
    extracted = Counter(w for r in plan.records for w in re.findall(r"[A-Za-z]{4,}", r.text))
    assert not extracted - source  # nothing duplicated or invented
    missing = source - extracted
    assert set(missing) <= DROPPED_ON_PURPOSE, missing
    assert sum(missing.values()) <= 20


def test_ids_are_stable_unique_and_url_safe():
    first = [r.id for r in _plan("000").records]
    again = [r.id for r in _plan("000").records]
    assert first == again
    assert len(set(first)) == len(first)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in first)
