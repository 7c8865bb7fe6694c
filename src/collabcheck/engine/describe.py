"""Conditions -> plain English, for 'not applicable' reasons and rule documentation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from collabcheck.engine import conditions as c


def _path(path: str) -> str:
    """`@.kind` reads as `its kind`, `@` as `it`, `$payment.date` as `the payment.date`."""
    if path == "@":
        return "it"
    if path.startswith("@."):
        return f"its {path[2:]}"
    return f"the {path[1:]}" if path.startswith("$") else path


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)


def _bound(args: c.Bound) -> str:
    op, number = args.comparison
    shown = int(number) if number == int(number) else number
    return f"{op.replace('_', ' ')} {shown}"


def describe_date_ref(ref: c.DateRef) -> str:
    """`project.end_date + 6 months`, or `the --as-of date - 1 year`."""
    text = _path(ref.path) if ref.path else ref.day.isoformat() if ref.day else "the --as-of date"
    if ref.to_year_end:
        text = f"the end of the year of {text}"
    if ref.plus:
        parts = [(ref.plus.years, "year"), (ref.plus.months, "month"), (ref.plus.days, "day")]
        for n, unit in parts:
            if n:
                text += f" {'+' if n > 0 else '-'} {abs(n)} {unit}{'s' if abs(n) != 1 else ''}"
    return text


def _date(args: c.DateArgs) -> str:
    op, ref = args.comparison
    subject = _path(args.path) if args.path else "the --as-of date"
    return f"{subject} is {op.replace('_', ' ')} {describe_date_ref(ref)}"


_DESCRIBE: dict[type[Any], Callable[[Any], str]] = {
    c.Present: lambda x: f"{_path(x.present)} is given",
    c.Meaningful: lambda x: f"{_path(x.meaningful)} is given and is not a placeholder",
    c.Equals: lambda x: (
        f"{_path(x.equals.path)} is "
        + (
            _value(x.equals.value)
            if x.equals.value_from is None
            else f"the same as {_path(x.equals.value_from)}"
        )
    ),
    c.OneOf: lambda x: (
        f"{_path(x.one_of.path)} is one of " + ", ".join(_value(v) for v in x.one_of.values)
    ),
    c.Compare: lambda x: f"{_path(x.compare.path)} is {_bound(x.compare)}",
    c.Length: lambda x: f"the length of {_path(x.length.path)} is {_bound(x.length)}",
    c.Count: lambda x: (
        f"the number of entries in {_path(x.count.path)}"
        + (f" where {describe(x.count.where)}" if x.count.where else "")
        + f" is {_bound(x.count)}"
    ),
    c.Matches: lambda x: f"{_path(x.matches.path)} matches the pattern {x.matches.pattern!r}",
    c.Mentions: lambda x: f"{_path(x.mentions.path)} mentions any of {_mentioned(x.mentions)}",
    c.DateCompare: lambda x: _date(x.date),
    c.AllOf: lambda x: " and ".join(_group(y) for y in x.all),
    c.AnyOf: lambda x: " or ".join(_group(y) for y in x.any),
    c.Not: lambda x: _negated(x.not_),
    c.ForEach: lambda x: (
        f"for each entry in {_path(x.for_each.path)}"
        + (f" where {describe(x.for_each.where)}" if x.for_each.where else "")
        + f", {describe(x.for_each.check)}"
    ),
    c.FoundIn: lambda x: (
        f"{_path(x.found_in.value)} is the {x.found_in.key} of an entry in "
        f"{_path(x.found_in.collection)}"
    ),
    c.InYear: lambda x: f"the year of {_path(x.in_year.date)} is {_path(x.in_year.year)}",
}


def _mentioned(args: c.MentionsArgs) -> str:
    named = []
    if args.words_from is not None:
        fields = " or ".join(args.words_from.fields)
        named.append(f"the {fields} of the entries in {_path(args.words_from.path)}")
    named.extend(_value(w) for w in args.words)
    return ", ".join(named)


_NEGATED: dict[type[Any], Callable[[Any], str]] = {
    c.Present: lambda x: f"{_path(x.present)} is not given",
    c.Meaningful: lambda x: f"{_path(x.meaningful)} is missing, empty or a placeholder",
    c.Equals: lambda x: (
        f"{_path(x.equals.path)} is not "
        + (
            _value(x.equals.value)
            if x.equals.value_from is None
            else f"the same as {_path(x.equals.value_from)}"
        )
    ),
    c.OneOf: lambda x: (
        f"{_path(x.one_of.path)} is none of " + ", ".join(_value(v) for v in x.one_of.values)
    ),
    c.InYear: lambda x: f"the year of {_path(x.in_year.date)} is not {_path(x.in_year.year)}",
    c.Mentions: lambda x: f"{_path(x.mentions.path)} mentions none of {_mentioned(x.mentions)}",
}


def _negated(cond: c.Condition) -> str:
    explain = _NEGATED.get(type(cond))
    return explain(cond) if explain else f"it is not the case that {_group(cond)}"


def _group(cond: c.Condition) -> str:
    text = describe(cond)
    return f"({text})" if isinstance(cond, c.AllOf | c.AnyOf) else text


def describe(cond: c.Condition) -> str:
    """Plain English; paths are phrased by _path, values and patterns are left as written."""
    return _DESCRIBE[type(cond)](cond)
