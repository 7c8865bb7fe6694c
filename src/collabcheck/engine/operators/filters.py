"""`where` filters: a condition as a plain yes or no, and as a test of one list entry's value."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from collabcheck.common.yamlpath import YamlPath
from collabcheck.engine import conditions as c
from collabcheck.engine.compile import Context, EntryTest, Item, Scope, Test, same
from collabcheck.engine.operators import compile_pair
from collabcheck.engine.paths import (
    FieldPath,
    parse_path,
    value_at,
    walk,
)


def compile_test(cond: c.Condition, scope: Scope, where: YamlPath) -> Test:
    """The condition as a plain yes or no, for `where` filters, whose words nobody reads: the
    same answer as the compiled check's `ok`, in the same order, without making verdicts. The
    check is compiled first, so a mistake in the rule is reported exactly as it is there."""
    fast = compile_pair(cond, scope, where).fast
    if isinstance(cond, c.Equals) and cond.equals.value_from is None:
        get, expected = _getter(parse_path(cond.equals.path)), cond.equals.value
        return lambda ctx, item: same(get(ctx.data, item), expected)
    if isinstance(cond, c.OneOf):
        get, values = _getter(parse_path(cond.one_of.path)), cond.one_of.values

        def one_of(ctx: Context, item: Item) -> bool:
            value = get(ctx.data, item)
            return any(same(value, v) for v in values)

        return one_of
    if isinstance(cond, c.AllOf | c.AnyOf):
        key, parts = ("all", cond.all) if isinstance(cond, c.AllOf) else ("any", cond.any)
        tests = [compile_test(x, scope, (*where, key, i)) for i, x in enumerate(parts)]
        return all_or_any(tests, stop=key == "any")
    if isinstance(cond, c.Not):
        test = compile_test(cond.not_, scope, (*where, "not"))
        return lambda ctx, item: not test(ctx, item)
    return lambda ctx, item: fast(ctx, item) is not None


def all_or_any(tests: list[Callable[..., bool]], stop: bool) -> Callable[..., bool]:
    """all (stop=False) or any (stop=True) of `tests`, asked in order until one answers `stop`."""

    def combined(*args: Any) -> bool:
        for test in tests:
            if test(*args) is stop:
                return stop
        return not stop

    return combined


def _getter(path: FieldPath) -> Callable[[Any, Item], Any]:
    """value_at for one path, with the commonest case, `@` itself, made direct."""
    if path.relative and path.binding is None and not path.parts:
        return lambda data, item: data if item is None else item.value
    return lambda data, item: value_at(data, item, path)


def entry_test(cond: c.Condition, name: str | None) -> EntryTest | None:
    """A where filter over the entries of a list (named `name`) as a test of each entry's value,
    when it only compares values (equals, one_of, and all, any and not of them): then entries
    need no frame and no position. None for any other filter. The answers are compile_test's."""
    if isinstance(cond, c.Equals):
        get = _entry_getter(parse_path(cond.equals.path), name)
        expected = cond.equals.value
        if cond.equals.value_from is not None:
            other = _entry_getter(parse_path(cond.equals.value_from), name)

            def same_fields(ctx: Context, value: Any, outer: Item) -> bool:
                found = get(ctx, value, outer)
                return found is not None and same(found, other(ctx, value, outer))

            return same_fields
        if isinstance(expected, str):  # same, made direct: text equals only text
            return lambda ctx, value, outer: bool(get(ctx, value, outer) == expected)
        return lambda ctx, value, outer: same(get(ctx, value, outer), expected)
    if isinstance(cond, c.OneOf):
        get, values = _entry_getter(parse_path(cond.one_of.path), name), tuple(cond.one_of.values)
        if all(isinstance(v, str) for v in values):
            return lambda ctx, value, outer: get(ctx, value, outer) in values
        return lambda ctx, value, outer: any(same(get(ctx, value, outer), v) for v in values)
    if isinstance(cond, c.AllOf | c.AnyOf):
        tests = [entry_test(x, name) for x in (cond.all if isinstance(cond, c.AllOf) else cond.any)]
        if any(t is None for t in tests):
            return None
        known = [t for t in tests if t is not None]
        return all_or_any(known, stop=not isinstance(cond, c.AllOf))
    if isinstance(cond, c.Not):
        test = entry_test(cond.not_, name)
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
