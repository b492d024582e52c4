"""Template filters: dates and months as people read them, scores as percentages."""

from __future__ import annotations

import calendar
import re

from flask import Flask

from webapp.safe_html import safe_highlight

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def human_date(value: str | None) -> str:
    """``2020-02-28`` -> ``28 February 2020``; ``2020-02`` -> ``February 2020``; else as given."""
    if not value:
        return ""
    match = _ISO_DATE.match(str(value))
    if not match:
        return str(value)
    year, month, day = match.groups()
    if not 1 <= int(month) <= 12:
        return str(value)
    name = calendar.month_name[int(month)]
    return f"{int(day)} {name} {year}" if day else f"{name} {year}"


def percent(value: float | None) -> str:
    """``0.873`` -> ``87%``."""
    if value is None:
        return ""
    return f"{round(float(value) * 100)}%"


def shade(count: int, most: int) -> str:
    """A CSS class from 0 (none) to 5 (the most) for a shaded table cell."""
    if count <= 0 or most <= 0:
        return "app-shade-0"
    return f"app-shade-{max(1, min(5, round(5 * count / most)))}"


def register(app: Flask) -> None:
    app.add_template_filter(human_date, "human_date")
    app.add_template_filter(percent, "percent")
    app.add_template_filter(safe_highlight, "safe_highlight")
    app.add_template_global(shade, "shade")
