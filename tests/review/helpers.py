"""Small plans for the review tests."""

from __future__ import annotations

from nlp.records import ActionRecord, Plan, Recommendation


def record(n: int, text: str, **fields) -> ActionRecord:
    values = dict(id=f"p-r1-{n:02d}", source="p.txt", provider="Somewhere CRC",
                  provider_short="Somewhere", submitted=None, published=None, rec_number="1",
                  rec_text="Improve assessment", addressee="CRC", agreement="agreed",
                  repeated=False, kind="action", text=text, position=n)
    values.update(fields)
    return ActionRecord(**values)


def plan(*records: ActionRecord) -> Plan:
    return Plan("p.txt", "Somewhere CRC", "Somewhere", None, None,
                [Recommendation("1", "Improve assessment", "CRC", "agreed"),
                 Recommendation("2", "Train staff in safeguarding", "NPS", "partly agreed")],
                list(records))
