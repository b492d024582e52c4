"""What a person needs to review a plan read by ``nlp``: a one-line warning when words were
not placed (``extract``, ``index``), and the rebuilt table beside the accounting (``check``)."""

from __future__ import annotations

from nlp.records import Plan


def counts(plan: Plan) -> tuple[int, int]:
    """(recommendations, records other than unplaced text)."""
    return len(plan.recommendations), sum(1 for r in plan.records if r.kind != "unplaced")


def warning_lines(plan: Plan) -> list[str]:
    """One line if words were not placed (none for a clean plan), plus the plan's warnings."""
    out = []
    if not plan.accounting.clean:
        recs, actions = counts(plan)
        out.append(f"{plan.source}: {recs} recommendations, {actions} actions; "
                   f"{plan.accounting.unplaced} words not placed, kept for review")
    return out + list(plan.warnings)


def accounting_text(plan: Plan) -> str:
    acc = plan.accounting
    return (f"{acc.words} words in the table: {acc.placed} placed in records, {acc.furniture} "
            f"furniture (repeated headers, page marks, summary tables, headings), "
            f"{acc.unplaced} not placed" + (" (kept as 'unplaced' records, marked !!)"
                                            if acc.unplaced else ""))


def check_table(plan: Plan, width: int = 150) -> str:
    """The rebuilt table: one line per record, then the accounting."""
    recs, actions = counts(plan)
    lines = [f"{plan.source}: {plan.provider or '?'} ({plan.provider_short or '?'}); "
             f"submitted {plan.submitted or '?'}, published {plan.published or '?'}",
             f"{recs} recommendations, {actions} actions", ""]
    last_rec = object()
    for r in plan.records:
        if r.rec_number != last_rec:
            last_rec = r.rec_number
            head = f"Rec {r.rec_number or '?'} [{r.agreement or 'agreement ?'}]"
            if r.addressee:
                head += f" {r.addressee} should:"
            lines.append(_cut(f"{head} {' '.join(r.rec_text.split())}", width))
        mark = "!!" if r.kind == "unplaced" else "  "
        kind = "UNPLACED" if r.kind == "unplaced" else r.kind
        owners = "; ".join(r.owners) or "-"
        line = f"{mark} {r.step or '-':>5} {kind:<8} {_cut(owners, 32):<32} " \
               f"{_cut(r.target or '-', 18):<18} {r.text}"
        lines.append(_cut(line, width))
    lines.insert(3, f"{'':2} {'step':>5} {'kind':<8} {'owners':<32} {'target':<18} text")
    lines += ["", accounting_text(plan)]
    lines += [f"warning: {w}" for w in plan.warnings]
    return "\n".join(lines)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."
