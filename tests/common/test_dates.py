from __future__ import annotations

import calendar
from datetime import date

import pytest

from collabcheck.common.dates import month_days, shift


@pytest.mark.parametrize("year", [1, 1900, 2000, 2023, 2024, 2100, 2400, 9999])
def test_month_days_agree_with_the_calendar(year: int) -> None:
    for month in range(1, 13):
        assert month_days(year, month) == calendar.monthrange(year, month)[1], (year, month)


@pytest.mark.parametrize(
    ("day", "change", "expected"),
    [
        (date(2024, 2, 29), {"years": 1}, date(2025, 2, 28)),
        (date(2024, 2, 29), {"years": 4}, date(2028, 2, 29)),
        (date(2026, 1, 31), {"months": 1}, date(2026, 2, 28)),
        (date(2026, 3, 31), {"months": -1}, date(2026, 2, 28)),
        (date(2026, 12, 15), {"months": 1, "days": 20}, date(2027, 2, 4)),
        (date(2026, 6, 1), {"years": -1, "days": -1}, date(2025, 5, 31)),
    ],
)
def test_shift_moves_to_the_last_day_of_a_shorter_month(
    day: date, change: dict[str, int], expected: date
) -> None:
    assert shift(day, **change) == expected


@pytest.mark.parametrize("change", [{"years": 1}, {"days": 1}])
def test_shift_past_the_calendars_end_raises(change: dict[str, int]) -> None:
    with pytest.raises((ValueError, OverflowError)):
        shift(date(9999, 12, 31), **change)
