"""Two small plans, each record showing one ranking fault of the old scorer (issue 12)."""

from __future__ import annotations

from nlp.records import Plan, Recommendation
from tests.index.sample_records import record

CURFEW_REC = "Strengthen curfew monitoring, curfew checks and the response to curfew breaches"
MIS_REC = "Use MIS data to drive service planning"


def north() -> Plan:
    source, provider = "north.txt", "North Shire CRC"

    def rec(position: int, text: str, rec_number: str, rec_text: str, **fields):  # noqa: ANN202
        return record(source, provider, position, text, rec_number=rec_number,
                      rec_text=rec_text, **fields)

    return Plan(
        source, provider, "NS", "2019-06-01", None,
        [Recommendation("1", CURFEW_REC, "CRC", "agreed"),
         Recommendation("2", "Improve staff supervision", "CRC", "agreed"),
         Recommendation("3", MIS_REC, "CRC", "agreed"),
         Recommendation("4", "Support line managers", "CRC", "agreed")],
        [
            # Under a recommendation that says "curfew" three times, about something else.
            rec(0, "Appoint a lead for approved premises.", "1", CURFEW_REC),
            rec(1, "Train staff in the new recording system.", "1", CURFEW_REC),
            # The one action about curfews.
            rec(2, "Add curfew checks to every home visit.", "2", "Improve staff supervision"),
            # Narrative context that says the word more often than any action.
            rec(3, "Curfew work: curfew cases and curfew breaches are our priority.", "2",
                "Improve staff supervision", kind="context"),
            # An acronym in the recommendation only: these actions are not about management.
            rec(4, "Recruit two analysts.", "3", MIS_REC),
            rec(5, "Publish quarterly dashboards.", "3", MIS_REC),
            rec(6, "Give line management training to new managers.", "4",
                "Support line managers"),
            # This plan's own meaning of CSC.
            rec(7, "Complete child safeguarding checks on every new case.", "4",
                "Support line managers"),
            rec(8, "Staff the customer service centre rota.", "4", "Support line managers"),
        ],
        acronyms={"CSC": "Child Safeguarding Checks", "MIS": "Management Information System"},
    )


def south() -> Plan:
    source, provider = "south.txt", "South Vale CRC"

    def rec(position: int, text: str, **fields):  # noqa: ANN202
        return record(source, provider, position, text, **fields)

    return Plan(
        source, provider, "SV", "2019-06-01", None,
        [Recommendation("1", "Improve the quality of assessment and planning", "CRC", "agreed")],
        [
            rec(0, "Move the customer service centre to local offices."),
            # Question words, and such, but nothing about premises.
            rec(1, "What we are doing about the office move: what is done and what such "
                   "doing means."),
            rec(2, "Repair the premises roof."),
            # All the words of "domestic abuse enquiries" against one word said four times.
            rec(3, "Domestic abuse enquiries to the police on every case."),
            rec(4, "Enquiries, enquiries, enquiries: a new enquiries desk."),
            rec(5, "Domestic abuse awareness for all staff."),
            rec(6, "Domestic abuse leads in every team, such as the police."),
            rec(7, "Review domestic abuse cases monthly."),
            # Text the parser could not place: kept, found, ranked like context.
            rec(8, "premises premises roof", kind="unplaced"),
            # An owner's role said as a phrase against its words scattered in a text.
            rec(9, "Operational teams review operating procedures in an operations report.",
                owners=["Head of Finance"]),
            rec(10, "Publish the workforce plan.", owners=["Director of Operations"]),
            # A typo in a longer query: the other word finds enough for no "did you mean".
            rec(11, "Monitor caseloads on the weekly dashboard of the teams."),
            rec(12, "Monitoring of enforcement."),
            rec(13, "Monitor sickness."),
            # An acronym beside its expansion: one concept, said once.
            rec(14, "Unpaid Work (UPW) placements review."),
            # Both words, as often, in texts as long: far apart, then close together.
            rec(15, "Audit every team file each quarter and publish the staff rota."),
            rec(16, "Publish the rota and the audit each quarter for every team file today."),
        ],
    )


def plans() -> list[Plan]:
    return [north(), south()]
