"""Three small hand-made plans for the similar-actions and repeats tests.

Each provider makes a few of the same commitments in its own words (domestic abuse checks with
the police, premises, recruitment), plus one repeated within its own plan.
"""

from __future__ import annotations

from nlp.records import Plan, Recommendation
from tests.index.sample_records import record


def _plan(source: str, provider: str, texts: list[str], *, rec_text: str = "Improve practice",
          repeated: bool = False, acronyms: dict[str, str] | None = None) -> Plan:
    records = [record(source, provider, i, text, rec_number=str(i // 2 + 1), rec_text=rec_text,
                      repeated=repeated and i >= 2, target=f"March 20{20 + i}")
               for i, text in enumerate(texts)]
    recs = [Recommendation(str(n + 1), rec_text, "CRC", "agreed", repeated and n >= 1)
            for n in range(len(texts) // 2 + 1)]
    return Plan(source, provider, provider.split()[0], "2019-06-01", None, recs, records,
                acronyms=acronyms or {})


BOILERPLATE = "Kirklees will ensure actions are completed and measure the impact by:"


def kirklees() -> Plan:
    return _plan("kirk.txt", "Kirklees CRC", [
        "Ensure DA enquiries to the police are completed on all service users at allocation.",
        "Move the Huddersfield office to safer premises with better disabled access.",
        "Recruit twenty new probation officers and reduce vacancy rates in every team.",
        f"{BOILERPLATE} Monthly audits of supervision records by senior managers, with the "
        "findings reported to the operations board and discussed with each team manager.",
        "Deliver professional curiosity training to all staff who manage risk of harm cases.",
        f"{BOILERPLATE} Quarterly surveys of staff wellbeing, sickness absence levels and "
        "occupational health referrals, compared with the previous year's figures.",
        "Staff will receive professional curiosity training to all staff who manage risk of "
        "harm cases, and learning will be embedded through reflective supervision sessions "
        "held with every practitioner each month.",
    ], repeated=True)


def calder() -> Plan:
    return _plan("calder.txt", "Calderdale NPS", [
        "Police domestic abuse call-out checks will be requested at allocation for every case.",
        "The estates team will repair the Halifax premises and improve disabled access.",
        "Launch a recruitment campaign for probation officers to fill vacancies.",
        "Sentencers will receive a quarterly newsletter about community sentences.",
        "Use the Unpaid Work (UPW) placements to offer education and employment support.",
    ], acronyms={"UPW": "Unpaid Work"})


def bradford() -> Plan:
    return _plan("brad.txt", "Bradford CRC", [
        "Checks with children's social care will be made for every service user with children.",
        "Deliver professional curiosity training to all staff who manage risk of harm cases.",
        "Court staff will brief magistrates on the interventions available.",
    ])


def plans() -> list[Plan]:
    return [kirklees(), calder(), bradford()]
