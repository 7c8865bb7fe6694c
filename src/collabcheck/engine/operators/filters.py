"""`where` filters: a condition as a plain yes or no, and as a test of one list entry's value."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from collabcheck.common.yamlpath import YamlPath
from collabcheck.engine.compile import Checked, Context, EntryTest, Item, Test, operator_of, same
from collabcheck.engine.operators import compile_pair
from collabcheck.engine.paths import (
    FieldPath,
    parse_path,
    value_at,
    walk,
)
from collabcheck.engine.specs import plain


def compile_test(cond: Any, scope: Checked, where: YamlPath) -> Test:
    """The condition as a plain yes or no, for `where` filters, whose words nobody reads: the
    compiled condition's `test`, the same answer as its check's `ok`."""
    return compile_pair(plain(cond), scope, where).test


def all_or_any(tests: list[Callable[..., bool]], stop: bool) -> Callable[..., bool]:
    """all (stop=False) or any (stop=True) of `tests`, asked in order until one answers `stop`."""

    def combined(*args: Any) -> bool:
        for test in tests:
            if test(*args) is stop:
                return stop
        return not stop

    return combined


def entry_test(cond: Any, name: str | None) -> EntryTest | None:
    """A where filter over the entries of a list (named `name`) as a test of each entry's value,
    when it only compares values (equals, one_of, and all, any and not of them): then entries
    need no frame and no position. None for any other filter. The answers are compile_test's."""
    op, args = operator_of(plain(cond))
    if op == "equals":
        get = _entry_getter(parse_path(args["path"]), name)
        expected = args.get("value")
        if args.get("value_from") is not None:
            other = _entry_getter(parse_path(args["value_from"]), name)

            def same_fields(ctx: Context, value: Any, outer: Item) -> bool:
                found = get(ctx, value, outer)
                return found is not None and same(found, other(ctx, value, outer))

            return same_fields
        if isinstance(expected, str):  # same, made direct: text equals only text
            return lambda ctx, value, outer: bool(get(ctx, value, outer) == expected)
        return lambda ctx, value, outer: same(get(ctx, value, outer), expected)
    if op == "one_of":
        get, values = _entry_getter(parse_path(args["path"]), name), tuple(args["values"])
        if all(isinstance(v, str) for v in values):
            return lambda ctx, value, outer: get(ctx, value, outer) in values
        return lambda ctx, value, outer: any(same(get(ctx, value, outer), v) for v in values)
    if op in ("all", "any"):
        tests = [entry_test(x, name) for x in args]
        if any(t is None for t in tests):
            return None
        known = [t for t in tests if t is not None]
        return all_or_any(known, stop=op == "any")
    if op == "not":
        test = entry_test(args, name)
        return None if test is None else lambda ctx, value, outer: not test(ctx, value, outer)
    return None


def _entry_getter(path: FieldPath, name: str | None) -> Callable[[Context, Any, Item], Any]:
    """value_at for a path in a filter over a list's entries named `name`: from the entry's value
    (`@`, `$name`), the document root, or an item around the list (another `$name`)."""
    if path.binding not in (None, name):
        return lambda ctx, value, outer: value_at(ctx.data, outer, path)
    parts = path.parts
    if not path.relative:
        return lambda ctx, value, outer: walk(ctx.data, parts)
    if not parts:
        return _itself
    return lambda ctx, value, outer: walk(value, parts)


def _itself(ctx: Context, value: Any, outer: Item) -> Any:
    return value
