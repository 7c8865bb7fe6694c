"""Date arithmetic shared by the rules and the reports."""

from __future__ import annotations

import calendar
from datetime import date


def shift(day: date, *, years: int = 0, months: int = 0, days: int = 0) -> date:
    """`day` moved by whole years and months (to the last day of a shorter month), then days.
    Raises ValueError or OverflowError past the calendar's ends."""
    total = day.month - 1 + months + 12 * years
    year, month = day.year + total // 12, total % 12 + 1
    moved = day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )
    return date.fromordinal(moved.toordinal() + days)
