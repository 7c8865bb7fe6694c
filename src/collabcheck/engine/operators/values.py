"""Operators on one value: present, meaningful, equals, one_of, compare, length, matches."""

from __future__ import annotations

import typing
from collections.abc import Iterator
from typing import Any

from collabcheck.common.yamlpath import YamlPath, format_path
from collabcheck.engine.compile import (
    COMPARISONS,
    KIND_NAMES,
    MAX_PATTERN_PROGRAM,
    VALUE_KINDS,
    Checked,
    Compiled,
    Context,
    Item,
    RuleError,
    Verdict,
    all_of,
    check_values,
    comparison,
    compiled,
    compiles,
    decided,
    equal_to,
    field_of,
    leaf,
    one_of,
    same,
    show,
)
from collabcheck.proposal.checks import is_placeholder

# Where length keeps what the proposal format says about its field (see _length).
_UNIT = "unit"


def _empty(value: Any) -> bool:
    return value is None or value in ([], {}) or (isinstance(value, str) and not value.strip())


@compiles("present")
def _present(args: str, scope: Checked, where: YamlPath) -> Compiled:
    path, _ = field_of(scope, args, (*where, "present"))

    def run(ctx: Context, item: Item) -> Verdict:
        value, at = path.find(ctx.data, item)
        empty = _empty(value)
        state = "is missing" if value is None else "is empty" if empty else "is given"
        return Verdict(not empty, at, lambda: f"{format_path(at)} {state}")

    def fast(ctx: Context, item: Item) -> YamlPath | None:
        value, at = path.find(ctx.data, item)
        return None if _empty(value) else at

    get = path.get

    def test(ctx: Context, item: Item) -> bool:
        return not _empty(get(ctx.data, item))

    def decide(ctx: Context, item: Item) -> tuple[bool, YamlPath]:
        value, at = path.find(ctx.data, item)
        return not _empty(value), at

    return compiled(run, fast, test, decide)


def _gap(value: Any) -> str | None:
    """Why a value itself is not meaningful (missing, empty or a placeholder), if it is not."""
    if value is None:
        return "is missing"
    if _empty(value):
        return "is empty"
    if isinstance(value, str) and is_placeholder(value):
        return "is a placeholder (such as TBC, N/A or lorem ipsum)"
    return None


def _parts(value: Any) -> list[tuple[str | int, Any]]:
    """What must be meaningful in turn: a list's entries, a statement and who made it."""
    if isinstance(value, list):
        return list(enumerate(value))
    if isinstance(value, dict):
        return [(key, value.get(key)) for key in ("statement", "by") if key in value]
    return []


def _gaps(value: Any, at: YamlPath) -> Iterator[tuple[str, YamlPath]]:
    """Why a value is not meaningful and where, for each such place in it."""
    why = _gap(value)
    if why is not None:
        yield why, at
        return
    for key, part in _parts(value):
        yield from _gaps(part, (*at, key))


def _meant(value: Any) -> bool:
    """Whether _gaps finds nothing in the value, without the places."""
    if value is None or value == [] or value == {}:
        return False
    if isinstance(value, str):
        return bool(value.strip()) and not is_placeholder(value)
    if isinstance(value, list):
        return all(_meant(entry) for entry in value)
    if isinstance(value, dict):
        return all(_meant(value.get(key)) for key in ("statement", "by") if key in value)
    return True


def _quoted(value: Any) -> str:
    """What a meaningful value says, for a person to confirm: a text, the first entry of a list,
    or an attributed statement with who made it."""
    if isinstance(value, list) and value:
        more = f" (and {len(value) - 1} more)" if len(value) > 1 else ""
        return _quoted(value[0]) + more
    if isinstance(value, dict) and "statement" in value:
        return f"{show(value.get('statement'))} (by {show(value.get('by'))})"
    return show(value)


@compiles("meaningful")
def _meaningful(args: str, scope: Checked, where: YamlPath) -> Compiled:
    path, _ = field_of(scope, args, (*where, "meaningful"))

    def run(ctx: Context, item: Item) -> Verdict:
        value, at = path.find(ctx.data, item)
        gaps = list(_gaps(value, at))
        if not gaps:
            said = f"{format_path(at)} says {_quoted(value)}"
            return Verdict(True, at, lambda: f"{format_path(at)} is given", said=said)
        state, gap_at = gaps[0]
        places = all_of([("at", p) for _, p in gaps]) if len(gaps) > 1 else None
        return Verdict(False, gap_at, lambda: f"{format_path(gap_at)} {state}", places)

    def fast(ctx: Context, item: Item) -> YamlPath | None:
        value, at = path.find(ctx.data, item)
        return at if _meant(value) else None

    get = path.get

    def test(ctx: Context, item: Item) -> bool:
        return _meant(get(ctx.data, item))

    return compiled(run, fast, test)


@compiles("equals")
def _equals(args: dict[str, Any], scope: Checked, where: YamlPath) -> Compiled:
    path, tp = field_of(scope, args["path"], (*where, "equals", "path"))
    value_from = args.get("value_from")
    if value_from is None:
        expected = args["value"]
        if scope is not None:
            check_values(tp, [expected], (*where, "equals", "value"), args["path"])

        def run(ctx: Context, item: Item) -> Verdict:
            value, at = path.find(ctx.data, item)
            return Verdict(same(value, expected), at, lambda: f"{format_path(at)} is {show(value)}")

        def fast(ctx: Context, item: Item) -> YamlPath | None:
            value, at = path.find(ctx.data, item)
            return at if same(value, expected) else None

        def decide(ctx: Context, item: Item) -> tuple[bool, YamlPath]:
            value, at = path.find(ctx.data, item)
            return same(value, expected), at

        return compiled(run, fast, equal_to(path.get, expected), decide)
    other, other_tp = field_of(scope, value_from, (*where, "equals", "value_from"))
    kinds = {VALUE_KINDS.get(leaf(t), KIND_NAMES.get(leaf(t))) for t in (tp, other_tp)}
    if scope is not None and (len(kinds) != 1 or None in kinds or typing.get_origin(tp) is list):
        raise RuleError(
            f"{args['path']!r} and {value_from!r} hold different kinds of value, so they "
            "never match",
            (*where, "equals", "value_from"),
        )

    def run_fields(ctx: Context, item: Item) -> Verdict:
        value, at = path.find(ctx.data, item)
        compared, compared_at = other.find(ctx.data, item)
        ok = value is not None and same(value, compared)
        relation = "the same as" if ok else "not the same as"
        return Verdict(
            ok,
            at,
            lambda: (
                f"{format_path(at)} is {show(value)}, {relation} {format_path(compared_at)} "
                f"({show(compared)})"
            ),
        )

    def fast_fields(ctx: Context, item: Item) -> YamlPath | None:
        value, at = path.find(ctx.data, item)
        compared, _ = other.find(ctx.data, item)
        return at if value is not None and same(value, compared) else None

    get, get_other = path.get, other.get

    def test_fields(ctx: Context, item: Item) -> bool:
        value = get(ctx.data, item)
        return value is not None and same(value, get_other(ctx.data, item))

    return compiled(run_fields, fast_fields, test_fields)


@compiles("one_of")
def _one_of(args: dict[str, Any], scope: Checked, where: YamlPath) -> Compiled:
    path, tp = field_of(scope, args["path"], (*where, "one_of", "path"))
    values = list(args["values"])
    if scope is not None:
        check_values(tp, values, (*where, "one_of", "values"), args["path"])

    def run(ctx: Context, item: Item) -> Verdict:
        value, at = path.find(ctx.data, item)
        ok = any(same(value, v) for v in values)
        return Verdict(ok, at, lambda: f"{format_path(at)} is {show(value)}")

    def fast(ctx: Context, item: Item) -> YamlPath | None:
        value, at = path.find(ctx.data, item)
        return at if any(same(value, v) for v in values) else None

    def decide(ctx: Context, item: Item) -> tuple[bool, YamlPath]:
        value, at = path.find(ctx.data, item)
        return any(same(value, v) for v in values), at

    return compiled(run, fast, one_of(path.get, values), decide)


@compiles("compare")
def _compare_op(args: dict[str, Any], scope: Checked, where: YamlPath) -> Compiled:
    path, tp = field_of(scope, args["path"], (*where, "compare", "path"))
    if scope is not None and tp not in (int, float):
        raise RuleError(f"{args['path']!r} is not a number field", (*where, "compare", "path"))
    op, bound = comparison(args)

    holds = COMPARISONS[op]

    def run(ctx: Context, item: Item) -> Verdict:
        value, at = path.find(ctx.data, item)
        ok = value is not None and holds(value, bound)
        return Verdict(ok, at, lambda: f"{format_path(at)} is {show(value)}")

    def decide(ctx: Context, item: Item) -> tuple[bool, YamlPath]:
        value, at = path.find(ctx.data, item)
        return value is not None and holds(value, bound), at

    return decided(run, decide)


@compiles("length")
def _length(args: dict[str, Any], scope: Checked, where: YamlPath) -> Compiled:
    path, tp = field_of(scope, args["path"], (*where, "length", "path"))
    if scope is not None and tp is not str and typing.get_origin(tp) is not list:
        raise RuleError(f"{args['path']!r} is neither text nor a list", (*where, "length", "path"))
    op, bound = comparison(args)
    # The proposal format makes the field text or a list; the value says which, but a missing
    # one does not: the format is asked once, and the answer kept with the rule for the cache.
    if scope is not None:
        args[_UNIT] = "characters" if tp is str else "items"
    unit = args[_UNIT]
    if unit not in ("characters", "items"):
        raise ValueError(f"{unit!r} is not a unit")

    holds = COMPARISONS[op]

    def run(ctx: Context, item: Item) -> Verdict:
        value, at = path.find(ctx.data, item)
        size = len(value) if value is not None else 0
        return Verdict(holds(size, bound), at, lambda: f"{format_path(at)} has {size} {unit}")

    def decide(ctx: Context, item: Item) -> tuple[bool, YamlPath]:
        value, at = path.find(ctx.data, item)
        return holds(len(value) if value is not None else 0, bound), at

    return decided(run, decide)


@compiles("matches")
def _matches(args: dict[str, Any], scope: Checked, where: YamlPath) -> Compiled:
    import re2  # imported only by packs that use patterns

    path, tp = field_of(scope, args["path"], (*where, "matches", "path"))
    if scope is not None and tp is not str:
        raise RuleError(f"{args['path']!r} is not a text field", (*where, "matches", "path"))
    if not isinstance(args["pattern"], str):
        raise TypeError("the pattern is not text")
    options = re2.Options()
    options.log_errors = False
    options.max_mem = 8 << 20
    try:
        pattern = re2.compile(args["pattern"], options)
    except re2.error as exc:
        message = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else exc
        raise RuleError(f"invalid pattern: {message}", (*where, "matches", "pattern")) from None
    if pattern.programsize > MAX_PATTERN_PROGRAM:
        raise RuleError(
            f"the pattern is too complex ({pattern.programsize:,} steps once compiled; the "
            f"limit is {MAX_PATTERN_PROGRAM:,}): simplify it or split it into several rules",
            (*where, "matches", "pattern"),
        )

    def run(ctx: Context, item: Item) -> Verdict:
        value, at = path.find(ctx.data, item)
        ok = isinstance(value, str) and pattern.search(value) is not None
        return Verdict(ok, at, lambda: f"{format_path(at)} is {show(value)}")

    def decide(ctx: Context, item: Item) -> tuple[bool, YamlPath]:
        value, at = path.find(ctx.data, item)
        return isinstance(value, str) and pattern.search(value) is not None, at

    return decided(run, decide)
