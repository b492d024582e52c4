"""Two small hand-made plans for the index tests: each record exercises one query feature."""

from __future__ import annotations

from nlp.records import ActionRecord, Plan, Recommendation


def record(source: str, provider: str, position: int, text: str, **fields) -> ActionRecord:
    values = {
        "id": f"{source.split('.')[0]}-{position}",
        "source": source,
        "provider": provider,
        "provider_short": provider.split()[0],
        "submitted": "2019-06-01",
        "published": None,
        "rec_number": "1",
        "rec_text": "Improve the quality of assessment and planning",
        "addressee": "CRC",
        "agreement": "agreed",
        "repeated": False,
        "kind": "action",
        "text": text,
        "position": position,
    }
    values.update(fields)
    return ActionRecord(**values)


def west_yorkshire() -> Plan:
    source, provider = "wy.txt", "West Yorkshire CRC"
    return Plan(
        source, provider, "WY", "2019-06-01", "2019-07-01",
        [Recommendation("1", "Improve the quality of assessment and planning", "CRC", "agreed"),
         Recommendation("2", "Review premises", "CRC", "partly agreed")],
        [
            record(source, provider, 0,
                   "Deliver UPW placements for women and strengthen safeguarding checks.",
                   owners=["Head of Performance"], target="April 2019", target_month="2019-04",
                   themes=["ETE", "safeguarding"], theme_scores={"ETE": 0.8}),
            record(source, provider, 1,
                   "Review business premises security & <script>alert(1)</script> access.",
                   status="completed", agreement="partly agreed", rec_number="2",
                   owners=["Estates Manager"]),
            record(source, provider, 2,
                   "All staff to safeguard children through MASH referrals.",
                   target="February 2020", target_month="2020-02", themes=["safeguarding"],
                   owners=["Head of Operations"]),
            record(source, provider, 3,
                   "Single Points of Contact (SPOC) will chase police domestic abuse checks.",
                   target="December 2019", target_month="2019-12", status="ongoing",
                   owners=["Head of Performance"]),
        ],
        acronyms={"SPOC": "Single Points of Contact"},
    )


def durham() -> Plan:
    source, provider = "dtv.txt", "Durham Tees Valley CRC"
    return Plan(
        source, provider, "DTV", "2018-01-10", None,
        [Recommendation("1", "Improve ETE", "CRC", "agreed")],
        [
            record(source, provider, 0,
                   "Increase unpaid work hours allocated to education, training and employment.",
                   target="November 2019", target_month="2019-11", themes=["ETE"],
                   submitted="2018-01-10", rec_text="Improve ETE"),
            record(source, provider, 1,
                   "Every SPOC to review DA cases weekly.",
                   target="March 2018", target_month="2018-03", submitted="2018-01-10",
                   owners=["Senior Probation Officer"]),
        ],
    )


def plans() -> list[Plan]:
    return [west_yorkshire(), durham()]
