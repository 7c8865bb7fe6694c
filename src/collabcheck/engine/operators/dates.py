"""Operators on dates: date (before, after, on or before, on or after) and in_year."""

from __future__ import annotations

import operator
from collections.abc import Callable
from datetime import date

from collabcheck.common.dates import shift
from collabcheck.common.yamlpath import YamlPath, format_path
from collabcheck.engine import conditions as c
from collabcheck.engine.compile import (
    Compiled,
    Context,
    Item,
    RuleError,
    Scope,
    Verdict,
    compiles,
    field_of,
    show,
    slow,
)
from collabcheck.engine.describe import describe_date_ref


def add_offset(day: date, offset: c.Offset | None) -> date:
    if offset is None:
        return day
    return shift(day, years=offset.years, months=offset.months, days=offset.days)


_DATE_TESTS: dict[str, Callable[[date, date], bool]] = {
    "before": operator.lt,
    "on_or_before": operator.le,
    "after": operator.gt,
    "on_or_after": operator.ge,
}


@compiles(c.DateCompare)
def _date(cond: c.DateCompare, scope: Scope, where: YamlPath) -> Compiled:
    args = cond.date
    path = None
    if args.path is not None:
        path, tp = field_of(scope, args.path, (*where, "date", "path"))
        if tp is not date:
            raise RuleError(f"{args.path!r} is not a date field", (*where, "date", "path"))
    op, ref = args.comparison
    ref_path = None
    if ref.path is not None:
        ref_path, ref_tp = field_of(scope, ref.path, (*where, "date", op, "path"))
        if ref_tp is not date:
            raise RuleError(f"{ref.path!r} is not a date field", (*where, "date", op, "path"))
    test = _DATE_TESTS[op]
    ref_name = describe_date_ref(ref)

    def run(ctx: Context, item: Item) -> Verdict:
        other, ref_at = ref_path.find(ctx.data, item) if ref_path else (ref.day, ())
        if ref_path is None and ref.day is None:
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
                False, at, lambda: f"{ref_name} cannot be worked out: {ref.path} is missing"
            )
        if ref.to_year_end:
            other = date(other.year, 12, 31)
        target = add_offset(other, ref.plus)
        ok = test(value, target)
        relation = op.replace("_", " ") if ok else f"not {op.replace('_', ' ')}"
        return Verdict(
            ok,
            at,
            lambda: f"{name or format_path(at)} is {value}, {relation} {ref_name} ({target})",
        )

    return slow(run)


@compiles(c.InYear)
def _in_year(cond: c.InYear, scope: Scope, where: YamlPath) -> Compiled:
    args = cond.in_year
    day_path, day_tp = field_of(scope, args.date, (*where, "in_year", "date"))
    year_path, year_tp = field_of(scope, args.year, (*where, "in_year", "year"))
    if day_tp is not date:
        raise RuleError(f"{args.date!r} is not a date field", (*where, "in_year", "date"))
    if year_tp is not int:
        raise RuleError(f"{args.year!r} is not a whole-number field", (*where, "in_year", "year"))

    def run(ctx: Context, item: Item) -> Verdict:
        day, at = day_path.find(ctx.data, item)
        year, year_at = year_path.find(ctx.data, item)
        ok = day is not None and year is not None and day.year == year
        relation = "falls in" if ok else "does not fall in"
        return Verdict(ok, year_at, lambda: f"{format_path(at)} ({show(day)}) {relation} {year}")

    return slow(run)
