"""Placeholder: replaced by the table parser in the next commit."""

from pathlib import Path

from nlp.records import Plan


def parse_plan(path: Path) -> Plan:
    raise NotImplementedError


def parse_plan_text(text: str, source: str) -> Plan:
    raise NotImplementedError
