"""Seeded random plans for a round-trip test of the document readers.

A plan is drawn from the description of the family (a provider's answer to an inspection's
recommendations "X should ...", each agreed, partly agreed or not agreed, with steps that have
owners and target dates, narrative without either, measures of completion), not from any
plan: addressees, owners, targets and step texts come from broad pools written here and are
combined at random, so features meet in ways no hand-written plan shows. Each plan is
rendered as Word in the layouts of ``bench.make_documents`` (and as PDF with ``--pdf``), read
back by the product's reader (``nlp.plan.parse_plan``, what ``actionplans extract`` runs) and
compared with the records it was rendered from: text, recommendation number, owners, target
and agreement of every record.

    .venv/bin/python -m bench.random_plans --seeds 300 [--pdf] [--show 5]

prints the share of plans read exactly per layout and format, and the first failures with
the expected and read records (a seed reproduces a plan).
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
from collections import defaultdict
from pathlib import Path

from bench.make_documents import LAYOUTS, render_docx, to_pdf

PLACES = ("Ashby", "Brackmoor", "Carrow", "Dunmere", "Elstow", "Fenwick", "Garth", "Holloway",
          "Ivel", "Kestle", "Larkham", "Morvale", "Netherby", "Oxley", "Pendle", "Rothley",
          "Saxby", "Thorne", "Umber", "Wexcombe")
AGREEMENTS = ("agreed", "agreed", "agreed", "partly agreed", "not agreed")

SINGLE_ROLES = (
    "Head of Operations", "Head of Learning and Development", "Deputy Director",
    "Director of Probation Operations", "Performance and Quality Manager",
    "Quality Assurance Lead", "Interventions Manager", "Community Payback Operations Manager",
    "Chief Executive", "Chief Probation Officer", "Training Officer", "HR Business Partner",
    "Head of Public Protection", "Women's Services Lead", "Victim Liaison Manager",
    "Regional Probation Director", "Head of Business Systems and Change",
    "Senior Operational Support Manager", "Court Services Manager", "Safeguarding Lead")
PLURAL_ROLES = (
    "Senior Probation Officers", "Heads of Local Delivery Units", "PDU Heads",
    "Case Administrators", "Offender Managers", "Approved Premises Managers",
    "Practice Development Officers", "Area Managers", "Responsible Officers", "Team Managers")
ACRONYMS = ("SPOs", "ACOs", "PSOs", "HMPPS Digital", "MoJ Policy", "HMPPS", "NPS", "CRC",
            "ACOs and SPOs", "LDU Heads", "QA Team", "OMiC Leads")
TEAMS = (
    "Learning and Development Team", "Business Systems Team", "Communications Team",
    "Quality and Performance Team", "Victim Liaison Unit", "MoJ Resourcing",
    "HMPPS Women's Team", "Interventions and Programmes Department", "Estates Department",
    "Finance Department")
PEOPLE = (
    "A. Brown, Head of Practice Quality", "Dr J. Patel, Head of Psychology Services",
    "Dr Helen Okafor, Clinical Lead", "M. Ellis, Senior Operational Support Manager",
    "Sarah Kent, Assistant Chief Officer", "R. Singh, Head of Interventions",
    "Tom Hale, Director of Operations", "Dr C. Moore, Medical Director")
LONG_ROLES = (
    "Assistant Chief Officer, Quality and Performance",
    "Head of Public Protection, Safeguarding and Victims",
    "Deputy Chief Executive and Director of Operations",
    "Director of Human Resources and Organisational Development",
    "Regional Probation Director, Northern Region",
    "Head of Partnerships, Commissioning and Contracts",
    "Head of Health, Safety and Wellbeing and Estates")
OWNER_POOLS = (SINGLE_ROLES, PLURAL_ROLES, ACRONYMS, TEAMS, PEOPLE, LONG_ROLES)
# The family's features the first pools above never drew (``family=True``): bare acronyms and
# acronyms with a title, names outside the usual role vocabulary, named people with a role
# or an office, and owner names long enough (commas, "and") to wrap over many lines of the
# narrow owner column.
FAMILY_ACRONYMS = ("HOO", "ACO", "SPO", "PDU Heads", "CRC Directors", "MAPPA Coordinator",
                   "IOM Lead", "OMiC Heads", "CPA Leads", "DDPO", "HR", "SMT")
OUTSIDE_ROLES = ("Workforce Partner", "Digital Services", "Property Services", "Estates",
                 "Commissioning Partner", "Data Services", "Business Support",
                 "Communications", "Performance Hub", "Contract Management")
FAMILY_PEOPLE = ("K. Osei, Head of Practice", "Dr L. Brennan, Forensic Psychology Office",
                 "P. Novak, Deputy Head of Operations", "S. Ahmed, Learning Partner",
                 "Dr R. Iqbal, Medical Director's Office", "T. Wallace, ACO",
                 "Jo Carter (Victim Services)", "H. Price, Quality Team")
VERY_LONG_ROLES = (
    "Head of Public Protection, Safeguarding, Victims and Partnerships and Deputy Director "
    "of Operations",
    "Assistant Chief Officer for Quality, Performance, Learning and Development, and "
    "Business Change",
    "Director of Human Resources, Organisational Development and Equality, Diversity and "
    "Inclusion",
    "Head of Local Delivery Unit Cluster, Courts, Resettlement and Through the Gate "
    "Services",
    "Community Payback, Interventions and Programmes Managers, with Estates and Facilities")
FAMILY_POOLS = (FAMILY_ACRONYMS, OUTSIDE_ROLES, FAMILY_PEOPLE, VERY_LONG_ROLES)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def _family_target(rng: random.Random) -> str | None:
    """The date forms of the family the first pool below lacks: recurring dates with and
    without a start, "Immediate", a numeric date, a day's date, a range across years."""
    year = rng.choice((2020, 2021, 2022))
    month = rng.choice(MONTHS)
    return rng.choice((
        f"Six-monthly from {month} {year}", f"Annually from {year}", "Monthly", "Quarterly",
        f"Quarterly from {month} {year}", "Immediate", "Ongoing", "Complete",
        f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}",
        f"31st {rng.choice(('January', 'March', 'May', 'July', 'October'))} {year}",
        f"{month} {year} – {rng.choice(MONTHS)} {year + 1}", f"Spring {year}", str(year),
        f"Q{rng.randint(1, 4)} {year}/{(year + 1) % 100:02d}", None))


def _target(rng: random.Random) -> str | None:
    year = rng.choice((2019, 2020, 2021, 2022))
    month = rng.choice(MONTHS)
    day = rng.randint(1, 28)
    suffix = "th" if 10 <= day <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    first, last = sorted(rng.sample(range(12), 2))
    season = rng.choice(("Spring", "Summer", "Autumn", "Winter"))
    return rng.choice((
        f"{month} {year}", f"{month} {year}", f"{day:02d}/{rng.randint(1, 12):02d}/{year}",
        f"{day}{suffix} {month} {year}", f"Q{rng.randint(1, 4)} {year}/{(year + 1) % 100:02d}",
        f"Q{rng.randint(1, 4)} {year}", f"{MONTHS[first]} – {MONTHS[last]} {year}",
        f"{MONTHS[first]} {year} – {MONTHS[last]} {year + 1}",
        f"Weekly from {month} {year}", f"Monthly until {month} {year}",
        f"Quarterly from {month} {year}", "Ongoing", "Complete", "Completed",
        "With immediate effect", "As scheduled", f"{season} {year}", str(year),
        f"By end of {month} {year}",
        f"{month} {year} and ongoing", None))


_OPENINGS = (
    "Deliver", "Introduce", "Review", "Publish", "Agree", "Hold", "Provide", "Set up",
    "Recruit", "Audit", "Issue", "Embed", "Refresh", "Develop", "Monitor", "Establish")
_OBJECTS = (
    "the risk of serious harm training for all PSOs", "a management oversight template",
    "the domestic abuse screening prompt in nDelius", "quarterly case audits of 20 cases",
    "practice guidance on contingency planning", "a single point of contact for the police",
    "the induction process for unpaid work", "lone working arrangements for home visits",
    "the OASys quality assurance tool", "a dashboard of overdue reviews",
    "workshops on 'professional curiosity' with the local authority",
    "the women's centre offer in rural areas", "the MAPPA referral guidance",
    "a protocol with children's services", "the victim contact scheme leaflet")
_TAILS = (
    "", "", " across all three clusters", " (including agency staff)",
    ": each team will report progress to the Quality Board", ", with 2 sessions per quarter",
    " and report the findings to the SMT", " by 31 March, as agreed with the PCC",
    " - led by the practice development team", ", so that 90% of cases meet the standard",
    " in line with HMPPS Policy Framework PI 05/2019", " (see Appendix B)",
    "; results will be shared with staff", ' using the "think family" approach')
_SUBJECTS = ("All practitioners will", "SPOs will", "Managers will", "The division will",
             "We will", "Each team will", "The CRC will")
_NARRATIVE = (
    "Where are we now? The inspection found that contingency planning was weak in half of "
    "the cases sampled.",
    "Context: the division restructured its teams in 2020 and recording is inconsistent.",
    "We partly agree: telephone contact remains appropriate for some people in stable work.",
    "What is our target? Every case with children in the household will record the outcome "
    "of the check.",
    "We do not agree with this recommendation: the service is commissioned nationally and "
    "the division cannot change its scope.",
    "The CRC has already introduced weekly case discussions (see section 3), and these "
    "continue.",
    "Progress to date: 75% of staff have completed the e-learning.")
_RECOMMENDATIONS = (
    "improve the quality of assessments of risk of harm", "make sure that managers oversee "
    "cases effectively", "review the use of telephone contact for medium risk cases",
    "ensure that home visits are completed in every safeguarding case",
    "reduce the waiting list for accredited programmes", "improve the information exchanged "
    "with the police and children's services", "make sure that victims' needs are considered "
    "in every plan")


def _action_text(rng: random.Random) -> str:
    if rng.random() < 0.3:
        lead = f"{rng.choice(_SUBJECTS)} {rng.choice(_OPENINGS).lower()}"
    else:
        lead = rng.choice(_OPENINGS)
    text = f"{lead} {rng.choice(_OBJECTS)}{rng.choice(_TAILS)}"
    if rng.random() < 0.3:
        text += f"{rng.choice(_TAILS) or ' in each office'}"
    return text + "."


def _owners(rng: random.Random, extra: random.Random | None = None) -> list[str]:
    count = rng.choices((0, 1, 1, 1, 1, 2, 2, 3))[0]
    owners: list[str] = []
    while len(owners) < count:  # (distinct: a step names each owner once)
        owner = rng.choice(rng.choice(OWNER_POOLS))
        if extra is not None and extra.random() < 0.35:
            owner = extra.choice(extra.choice(FAMILY_POOLS))
        if owner not in owners:
            owners.append(owner)
    return owners


FAMILY_ADDRESSEES = ("The division", "The MoJ", "HMPPS in Wales", "HMPPS and the MoJ",
                     "HMPPS")
# Context the family prints without owner or date: where the service stands, why a
# recommendation is only partly agreed, why one is not agreed.
_WHERE_NOW = (
    "Where are we now? Case audits in 2020 found that reviews were late in a third of cases.",
    "Where are we now? Staff surveys show that most practitioners have not had refresher "
    "training since 2018.",
    "Where are we now? The division has two vacant manager posts, filled by temporary staff.")
_PARTLY = (
    "We partly agree. The division will improve recording, but the national tool is outside "
    "its control and HMPPS will decide on changes.",
    "Partly agreed: funding for additional posts is not available this year, so the work "
    "below uses existing staff.",
    "This recommendation is partly agreed because the contract ends in 2021; the parts we "
    "can deliver before then are set out below.")
_NOT_AGREED = (
    "Not agreed. The current arrangements were reviewed in 2020 and found to be effective.",
    "HMPPS does not agree: the policy is set nationally and will be reviewed in the next "
    "framework.",
    "The MoJ does not accept this recommendation, as the cost of the change outweighs its "
    "benefit.")


def random_plan(seed: int, family: bool = True) -> list[dict]:
    """The expected records of plan ``seed`` (the shape ``extract --format jsonl`` writes).

    ``family`` adds the features drawn from a second generator (long plans, partly and not
    agreed responses, more owner and date forms, mixed step labels, steps sharing one owner
    and date cell); without it a seed gives the plan it gave before they were added."""
    rng = random.Random(seed)
    extra = random.Random(f"family-{seed}") if family else None
    place, other = rng.sample(PLACES, 2)
    crc = rng.random() < 0.5
    provider = (f"{place} and {other} Community Rehabilitation Company" if crc
                else f"National Probation Service {place} and {other} Division")
    short = f"{place} and {other} CRC" if crc else f"NPS {place} and {other}"
    header = {"provider": provider, "provider_short": short,
              "submitted": f"{rng.choice((2019, 2020, 2021))}-0{rng.randint(1, 9)}-1"
                           f"{rng.randint(0, 9)}", "published": None}
    header["published"] = header["submitted"][:5] + "0" + header["submitted"][6] + "-0" + \
        str(rng.randint(1, 9))
    addressees = (short, f"The NPS {place} and {other} Division" if not crc else short,
                  "HMPPS", "HMPPS and the MoJ", "The Ministry of Justice and HMPPS")
    count = rng.randint(1, 6)
    if extra is not None and extra.random() < 0.25:
        count = extra.randint(7, 10)  # a whole plan's length (27-31 records in the family)
    records: list[dict] = []
    seen: set[str] = set()  # (with ``family``, texts drawn again until new: none is dropped)
    for number in range(1, count + 1):
        rec = {"rec_number": str(number), "rec_text": rng.choice(_RECOMMENDATIONS) + ".",
               "addressee": rng.choice(addressees), "agreement": rng.choice(AGREEMENTS)}
        if extra is not None and extra.random() < 0.3:
            rec["addressee"] = extra.choice(FAMILY_ADDRESSEES)
        steps = _steps(rng, number, rec["agreement"], extra, seen)
        records.extend({**header, **rec, **step} for step in steps)
    # Each text once in a plan: records are compared by their text (a plan printing a
    # sentence twice is another test's matter).
    seen = set()
    return [r for r in records if not (r["text"] in seen or seen.add(r["text"]))]


def _context(text: str) -> dict:
    return {"kind": "context", "step": None, "text": text, "owners": [], "target": None}


def _steps(rng: random.Random, number: int, agreement: str,
           extra: random.Random | None = None, seen: set[str] | None = None) -> list[dict]:
    if agreement == "not agreed" and rng.random() < 0.5:
        return [_context(_NARRATIVE[4])]
    if extra is not None and agreement == "not agreed" and extra.random() < 0.5:
        return [_context(t) for t in extra.sample(_NOT_AGREED, extra.randint(1, 2))]
    count = rng.randint(1, 10)
    labels = rng.choice(("dotted", "paren", "letter", "none", "mixed"))
    if extra is not None and extra.random() < 0.2:
        labels = "any"  # "1.1", "2)", "c)" and none in one recommendation
    same_owner = _owners(rng, extra) if rng.random() < 0.2 else None
    steps, n = [], 0
    if extra is not None and agreement == "partly agreed" and extra.random() < 0.7:
        steps.append(_context(extra.choice(_PARTLY)))  # the response explaining it
    for i in range(count):
        if rng.random() < 0.15 and (i == 0 or rng.random() < 0.5):
            pool = _NARRATIVE + _WHERE_NOW if extra is not None else _NARRATIVE
            steps.append(_context(rng.choice(pool)))
            continue
        n += 1
        scheme = labels if labels != "any" else extra.choice(("dotted", "paren", "letter",
                                                              "none"))
        label = {"dotted": f"{number}.{n}", "paren": str(n), "letter": "abcdefghij"[n - 1],
                 "none": None}.get(scheme)
        if scheme == "mixed":
            label = rng.choice((f"{number}.{n}", None))
        if scheme == "letter":
            label += ")"
        if same_owner is not None:
            owners = list(same_owner)
        elif steps and steps[-1]["owners"] and rng.random() < 0.25:
            owners = list(steps[-1]["owners"])  # the same owner as the step before
        else:
            owners = _owners(rng, extra)
        step = {"kind": "measure" if rng.random() < 0.15 else "action", "step": label,
                "text": _action_text(rng), "owners": owners, "target": _target(rng)}
        if extra is not None and extra.random() < 0.3:
            step["target"] = _family_target(extra)
        while extra is not None and seen is not None and step["text"] in seen:
            step["text"] = _action_text(extra)
        if seen is not None:
            seen.add(step["text"])
        steps.append(step)
    if extra is not None and extra.random() < 0.12:
        _share_cells(extra, steps)
    return steps


def _share_cells(rng: random.Random, steps: list[dict]) -> None:
    """The last steps (two or more, no narrative among them) share one owner cell and one
    date cell of several entries that do not pair with them (the ``shared`` case of
    ``bench.make_documents``): each step carries every owner and every date."""
    tail = 0
    while tail < len(steps) and steps[-1 - tail]["kind"] != "context":
        tail += 1
    if tail < 2:
        return
    run = steps[-rng.randint(2, tail):]
    sizes = [k for k in range(1, 5) if k != len(run)]
    owners: list[str] = []
    for _ in range(rng.choice(sizes)):
        owner = rng.choice(rng.choice(OWNER_POOLS + FAMILY_POOLS))
        if owner not in owners:
            owners.append(owner)
    if len(owners) == len(run):
        owners.pop()
    dates: list[str] = []
    size = rng.choice([k for k in range(2, 6) if k != len(run)])
    while len(dates) < size:
        date = _target(rng)
        if date and date not in dates and ";" not in date:
            dates.append(date)
    for step in run:
        step["owners"], step["target"] = list(owners), "; ".join(dates)


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w%&/()'-]+", " ", text.lower()).split())


def compare(gold: list[dict], got: list[dict]) -> list[str]:
    """What the read records get wrong, one line each (empty: read exactly)."""
    faults = []
    by_text: dict[str, list[dict]] = defaultdict(list)
    for record in got:
        by_text[_norm(record["text"])].append(record)
    for g in gold:
        found = by_text.get(_norm(g["text"]))
        if not found:
            faults.append(f"text not read: {g['text']!r}")
            continue
        r = found.pop(0)
        for field in ("rec_number", "owners", "target", "agreement"):
            if (r[field] or None) != (g[field] or None):
                faults.append(f"{field}: {r[field]!r} for {g[field]!r} ({g['text'][:50]!r})")
    faults.extend(f"extra record: {r['text']!r}" for rs in by_text.values() for r in rs)
    return faults


def read_records(path: Path) -> list[dict]:
    from nlp.plan import parse_plan
    from nlp.records import PlanError

    try:
        return [r.to_dict() for r in parse_plan(path).records]
    except PlanError as exc:
        return [{"text": f"ERROR {exc}", "rec_number": None, "owners": [], "target": None,
                 "agreement": None}]


def roundtrip(seed: int, folder: Path, layouts: tuple[str, ...] = LAYOUTS,
              pdf: bool = False, family: bool = True) -> dict[tuple[str, str], list[str]]:
    """Render plan ``seed`` in ``layouts`` (and as tagged and untagged PDF) and read it back:
    the faults per (layout, format)."""
    gold = random_plan(seed, family)
    paths = []
    for layout in layouts:
        path = folder / f"plan{seed}.{layout}.docx"
        render_docx(gold, layout, path)
        paths.append(path)
    if pdf:
        to_pdf(paths, folder)
    out = {}
    for path in paths:
        layout = path.name.split(".")[1]
        out[(layout, "docx")] = compare(gold, read_records(path))
        if pdf:
            out[(layout, "pdf")] = compare(gold, read_records(path.with_suffix(".pdf")))
            out[(layout, "pdf tagged")] = compare(
                gold, read_records(path.with_name(f"{path.stem}.tagged.pdf")))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--first", type=int, default=0, help="the first seed")
    parser.add_argument("--pdf", action="store_true", help="also tagged and untagged PDF "
                        "(LibreOffice)")
    parser.add_argument("--show", type=int, default=3, help="failures to print per group")
    parser.add_argument("--no-family", dest="family", action="store_false",
                        help="the plans drawn before the family's further features were added")
    args = parser.parse_args(argv)
    passed: dict[tuple[str, str], int] = defaultdict(int)
    shown: dict[tuple[str, str], int] = defaultdict(int)
    kinds: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(args.first, args.first + args.seeds):
            for key, faults in roundtrip(seed, Path(tmp), pdf=args.pdf, family=args.family).items():
                passed[key] += not faults
                for fault in faults:
                    kinds[key][fault.split(":")[0]] += 1
                if faults and shown[key] < args.show:
                    shown[key] += 1
                    print(f"seed {seed} {key}: " + "\n    ".join(faults[:6]))
    print("| layout | format | plans read exactly | faults by field |")
    print("|---|---|---|---|")
    for key in sorted(passed):
        faults = ", ".join(f"{k} {v}" for k, v in sorted(kinds[key].items()))
        print(f"| {key[0]} | {key[1]} | {passed[key]}/{args.seeds} | {faults} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
