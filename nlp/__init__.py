"""Reading action plans: file -> text -> table -> :class:`~nlp.records.Plan` with records."""

from nlp.plan import parse_plan, parse_plan_text
from nlp.records import ActionRecord, Plan, PlanError, Recommendation

__all__ = ["ActionRecord", "Plan", "PlanError", "Recommendation", "parse_plan", "parse_plan_text"]
