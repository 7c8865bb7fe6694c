"""Operators on dates: date (before, after, on or before, on or after) and in_year."""

from __future__ import annotations

import operator
from collections.abc import Callable
from datetime import date
from typing import Any

from collabcheck.common.dates import shift
from collabcheck.common.yamlpath import YamlPath, format_path
from collabcheck.engine.compile import (
    Checked,
    Compiled,
    Context,
    Item,
    RuleError,
    Verdict,
    compiles,
    decided,
    field_of,
    show,
)

_OFFSET_KEYS = ("years", "months", "days")


def add_offset(day: date, offset: dict[str, int] | None) -> date:
    if offset is None:
        return day
    years, months, days = (offset.get(k, 0) for k in _OFFSET_KEYS)
    return shift(day, years=years, months=months, days=days)


def _date_op(args: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The one comparison a date condition makes, and the date it compares with."""
    (op,) = (k for k in _DATE_TESTS if args.get(k) is not None)
    return op, args[op]


def _offset(ref: dict[str, Any]) -> dict[str, int] | None:
    plus = ref.get("plus")
    if plus is not None and not all(type(plus.get(k, 0)) is int for k in _OFFSET_KEYS):
        raise TypeError("an offset is not whole numbers")
    return plus


_DATE_TESTS: dict[str, Callable[[date, date], bool]] = {
    "before": operator.lt,
    "on_or_before": operator.le,
    "after": operator.gt,
    "on_or_after": operator.ge,
}


@compiles("date")
def _date(args: dict[str, Any], scope: Checked, where: YamlPath) -> Compiled:
    path = None
    if args.get("path") is not None:
        path, tp = field_of(scope, args["path"], (*where, "date", "path"))
        if scope is not None and tp is not date:
            raise RuleError(f"{args['path']!r} is not a date field", (*where, "date", "path"))
    op, ref = _date_op(args)
    ref_path = None
    ref_field = ref.get("path")
    if ref_field is not None:
        ref_path, ref_tp = field_of(scope, ref_field, (*where, "date", op, "path"))
        if scope is not None and ref_tp is not date:
            raise RuleError(f"{ref_field!r} is not a date field", (*where, "date", op, "path"))
    day = date.fromisoformat(ref["day"]) if ref.get("day") is not None else None
    to_year_end, plus = ref.get("to_year_end", False) is True, _offset(ref)
    test = _DATE_TESTS[op]

    def ref_name() -> str:  # the words, worked out only when a verdict's words are read
        from collabcheck.engine.describe import describe_date_ref

        return describe_date_ref(ref)

    def run(ctx: Context, item: Item) -> Verdict:
        other, ref_at = ref_path.find(ctx.data, item) if ref_path else (day, ())
        if ref_path is None and day is None:
            other = ctx.as_of
        if path is None:  # the --as-of date is compared; the reference field is what matters
            value, at, name = ctx.as_of, ref_at, "the --as-of date"
        else:
            value, at = path.find(ctx.data, item)
            name = ""  # the field's path, written out only if the words are read
        if value is None:
            return Verdict(False, at, lambda: f"{name or format_path(at)} is missing")
        if other is None:
            return Verdict(
                False, at, lambda: f"{ref_name()} cannot be worked out: {ref_field} is missing"
            )
        if to_year_end:
            other = date(other.year, 12, 31)
        target = add_offset(other, plus)
        ok = test(value, target)
        relation = op.replace("_", " ") if ok else f"not {op.replace('_', ' ')}"
        return Verdict(
            ok,
            at,
            lambda: f"{name or format_path(at)} is {value}, {relation} {ref_name()} ({target})",
        )

    def decide(ctx: Context, item: Item) -> tuple[bool, YamlPath]:
        other, ref_at = ref_path.find(ctx.data, item) if ref_path else (day, ())
        if ref_path is None and day is None:
            other = ctx.as_of
        if path is None:
            value, at = ctx.as_of, ref_at
        else:
            value, at = path.find(ctx.data, item)
        if value is None or other is None:
            return False, at
        if to_year_end:
            other = date(other.year, 12, 31)
        return test(value, add_offset(other, plus)), at

    return decided(run, decide)


@compiles("in_year")
def _in_year(args: dict[str, Any], scope: Checked, where: YamlPath) -> Compiled:
    day_path, day_tp = field_of(scope, args["date"], (*where, "in_year", "date"))
    year_path, year_tp = field_of(scope, args["year"], (*where, "in_year", "year"))
    if scope is not None and day_tp is not date:
        raise RuleError(f"{args['date']!r} is not a date field", (*where, "in_year", "date"))
    if scope is not None and year_tp is not int:
        raise RuleError(
            f"{args['year']!r} is not a whole-number field", (*where, "in_year", "year")
        )

    def run(ctx: Context, item: Item) -> Verdict:
        day, at = day_path.find(ctx.data, item)
        year, year_at = year_path.find(ctx.data, item)
        ok = day is not None and year is not None and day.year == year
        relation = "falls in" if ok else "does not fall in"
        return Verdict(ok, year_at, lambda: f"{format_path(at)} ({show(day)}) {relation} {year}")

    def decide(ctx: Context, item: Item) -> tuple[bool, YamlPath]:
        day = day_path.get(ctx.data, item)
        year, year_at = year_path.find(ctx.data, item)
        return day is not None and year is not None and day.year == year, year_at

    return decided(run, decide)
