"""Conditions -> plain English, for 'not applicable' reasons and rule documentation. A condition
is read as plain data (engine/specs.py); a model is turned into that first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from collabcheck.engine.compile import comparison, operator_of
from collabcheck.engine.specs import plain


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


def _bound(args: dict[str, Any]) -> str:
    op, number = comparison(args)
    shown = int(number) if number == int(number) else number
    return f"{op.replace('_', ' ')} {shown}"


_PLUS = (("years", "year"), ("months", "month"), ("days", "day"))


def describe_date_ref(ref: dict[str, Any]) -> str:
    """`project.end_date + 6 months`, or `the --as-of date - 1 year`."""
    path, day = ref.get("path"), ref.get("day")
    text: str = _path(path) if path else str(day) if day else "the --as-of date"
    if ref.get("to_year_end"):
        text = f"the end of the year of {text}"
    plus = ref.get("plus")
    if plus:
        for key, unit in _PLUS:
            n = plus.get(key, 0)
            if n:
                text += f" {'+' if n > 0 else '-'} {abs(n)} {unit}{'s' if abs(n) != 1 else ''}"
    return text


_DATE_OPS = ("before", "on_or_before", "after", "on_or_after")


def _date(args: dict[str, Any]) -> str:
    (op,) = (k for k in _DATE_OPS if args.get(k) is not None)
    subject = _path(args["path"]) if args.get("path") else "the --as-of date"
    return f"{subject} is {op.replace('_', ' ')} {describe_date_ref(args[op])}"


def _equals(x: dict[str, Any], verb: str) -> str:
    same = x.get("value_from")
    told = _value(x.get("value")) if same is None else f"the same as {_path(same)}"
    return f"{_path(x['path'])} {verb} {told}"


def _where(x: dict[str, Any]) -> str:
    return f" where {describe(x['where'])}" if x.get("where") else ""


# Operators with words of their own for their negation (`no`); `not` around any other says
# "it is not the case that".
_EITHER: dict[str, Callable[[Any, bool], str]] = {
    "present": lambda x, no: f"{_path(x)} is {'not given' if no else 'given'}",
    "meaningful": lambda x, no: (
        f"{_path(x)} is missing, empty or a placeholder"
        if no
        else f"{_path(x)} is given and is not a placeholder"
    ),
    "equals": lambda x, no: _equals(x, "is not" if no else "is"),
    "one_of": lambda x, no: (
        f"{_path(x['path'])} is {'none' if no else 'one'} of " + ", ".join(map(_value, x["values"]))
    ),
    "in_year": lambda x, no: (
        f"the year of {_path(x['date'])} is {'not ' if no else ''}{_path(x['year'])}"
    ),
    "mentions": lambda x, no: (
        f"{_path(x['path'])} mentions {'none' if no else 'any'} of {_mentioned(x)}"
    ),
}


def _affirmed(said: Callable[[Any, bool], str]) -> Callable[[Any], str]:
    return lambda x: said(x, False)


_DESCRIBE: dict[str, Callable[[Any], str]] = {
    **{op: _affirmed(said) for op, said in _EITHER.items()},
    "compare": lambda x: f"{_path(x['path'])} is {_bound(x)}",
    "length": lambda x: f"the length of {_path(x['path'])} is {_bound(x)}",
    "count": lambda x: f"the number of entries in {_path(x['path'])}{_where(x)} is {_bound(x)}",
    "matches": lambda x: f"{_path(x['path'])} matches the pattern {x['pattern']!r}",
    "date": _date,
    "all": lambda x: " and ".join(_group(y) for y in x),
    "any": lambda x: " or ".join(_group(y) for y in x),
    "not": lambda x: _negated(x),
    "for_each": lambda x: (
        f"for each entry in {_path(x['path'])}{_where(x)}, {describe(x['check'])}"
    ),
    "found_in": lambda x: (
        f"{_path(x['value'])} is the {x['key']} of an entry in {_path(x['collection'])}"
    ),
}


def _mentioned(args: dict[str, Any]) -> str:
    named = []
    source = args.get("words_from")
    if source is not None:
        fields = " or ".join(source["fields"])
        named.append(f"the {fields} of the entries in {_path(source['path'])}")
    named.extend(_value(w) for w in args.get("words", []))
    return ", ".join(named)


def _negated(cond: dict[str, Any]) -> str:
    op, args = operator_of(cond)
    said = _EITHER.get(op)
    return said(args, True) if said else f"it is not the case that {_group(cond)}"


def _group(cond: dict[str, Any]) -> str:
    text = describe(cond)
    return f"({text})" if operator_of(cond)[0] in ("all", "any") else text


def describe(cond: Any) -> str:
    """Plain English; paths are phrased by _path, values and patterns are left as written."""
    op, args = operator_of(plain(cond))
    return _DESCRIBE[op](args)
