"""A year of reading as a calendar heatmap: weeks as columns, weekdays as rows."""

from __future__ import annotations

import datetime as dt

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from studyapp.core.progress import heatmap_weeks, level
from studyapp.i18n import _

SHADES = ("#3a3a3a", "#0e4429", "#006d32", "#26a641", "#39d353")
CELL = "■"


def render_heatmap(
    minutes_by_day: dict[dt.date, float], today: dt.date, goal: float, weeks: int
) -> Text:
    """The heatmap as text: a month row, then seven weekday rows of shaded cells."""
    grid = heatmap_weeks(minutes_by_day, today, weeks)
    first_monday = today - dt.timedelta(days=today.weekday(), weeks=weeks - 1)
    out = Text("    ", end="")
    out.append(_month_row(first_monday, weeks))
    labels = (_("Mon"), "", _("Wed"), "", _("Fri"), "", "")
    for weekday in range(7):
        out.append("\n" + labels[weekday][:3].ljust(4))
        for week in grid:
            minutes = week[weekday]
            if minutes is None:
                out.append(" ")
            else:
                out.append(CELL, Style(color=SHADES[level(minutes, goal)]))
    out.append("\n    " + _("less") + " ")
    for shade in SHADES:
        out.append(CELL, Style(color=shade))
    out.append(" " + _("more"))
    return out


def _month_row(first_monday: dt.date, weeks: int) -> str:
    cells = [" "] * weeks
    for week in range(weeks):
        day = first_monday + dt.timedelta(weeks=week)
        if day.day <= 7 and week + 2 < weeks:
            label = f"{day.month}"
            cells[week : week + len(label)] = list(label)
    return "".join(cells[:weeks])


class Heatmap(Static):
    """Shows :func:`render_heatmap` for as many weeks as fit."""

    def show(self, minutes_by_day: dict[dt.date, float], today: dt.date, goal: float) -> None:
        """Draw the last year (or what fits in the width)."""
        weeks = max(4, min(53, (self.size.width or 60) - 5))
        self.update(render_heatmap(minutes_by_day, today, goal, weeks))
