"""The record types every layer shares, defined once.

An action plan is read into a :class:`Plan` holding its :class:`Recommendation` rows and one
:class:`ActionRecord` per action. Later layers add themes (models), index the records (index)
and serve them (webapp); they all pass these dataclasses, never ad-hoc dicts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from nlp.errors import ActionPlansError

AGREEMENTS = ("agreed", "partly agreed", "not agreed")
KINDS = ("action", "measure", "context", "unplaced")
STATUSES = ("completed", "ongoing")


@dataclass
class ActionRecord:
    """One promised action (or completion measure, or narrative) from one plan."""

    id: str
    source: str
    provider: str
    provider_short: str
    submitted: str | None
    published: str | None
    rec_number: str | None
    rec_text: str
    addressee: str | None
    agreement: str | None
    repeated: bool
    kind: str
    text: str
    owners: list[str] = field(default_factory=list)
    target: str | None = None
    target_month: str | None = None
    status: str | None = None
    themes: list[str] = field(default_factory=list)
    theme_scores: dict[str, float] = field(default_factory=dict)
    step: str | None = None
    position: int = 0
    pages: list[int] = field(default_factory=list)  # of the original PDF/Word file, 1-based

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ActionRecord:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class Recommendation:
    """One row of the plan's table: the inspectorate's recommendation and the answer to it."""

    number: str | None
    text: str
    addressee: str | None
    agreement: str | None
    repeated: bool = False


@dataclass
class Accounting:
    """Where the words of a plan's action table went (words: runs of letters and digits that
    hold at least one letter). ``placed`` words are in a record or recommendation field,
    ``furniture`` words in something recognised and left out on purpose (repeated headers,
    page furniture, summary tables, headings, lines printed twice, stray fragments);
    ``unplaced`` words were kept as records of kind ``unplaced`` for a person to review."""

    words: int = 0
    placed: int = 0
    furniture: int = 0
    unplaced: int = 0

    @property
    def clean(self) -> bool:
        return self.unplaced == 0


@dataclass
class Plan:
    """A whole action plan: its header, its recommendations and its action records."""

    source: str
    provider: str
    provider_short: str
    submitted: str | None
    published: str | None
    recommendations: list[Recommendation] = field(default_factory=list)
    records: list[ActionRecord] = field(default_factory=list)
    acronyms: dict[str, str] = field(default_factory=dict)
    accounting: Accounting = field(default_factory=Accounting)
    warnings: list[str] = field(default_factory=list)  # e.g. a table cut off mid-row


class PlanError(ActionPlansError, ValueError):
    """A file that cannot be read as an action plan; the message names the file."""
