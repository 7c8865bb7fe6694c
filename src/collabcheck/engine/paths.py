"""Field paths in rules: parsing, checking against the proposal format, and resolving."""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from collabcheck.common.yamlpath import YamlPath

_NAME = re.compile(r"[a-z_][a-z0-9_]*")


class PathError(ValueError):
    pass


@dataclass(frozen=True)
class FieldPath:
    text: str
    relative: bool
    parts: tuple[str, ...]
    binding: str | None = None  # `$payment.date`: the item a for_each or count named `payment`
    # the finder made for this path once, as it runs for every rule on every proposal
    find: Callable[[Any, Frame | None], tuple[Any, YamlPath]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "find", _finder(self))


class Frame(NamedTuple):
    """The list item a for_each or count is looking at, and the items around it. A tuple: one is
    made for every list entry every rule looks at, and a tuple is the cheapest to make."""

    value: Any
    path: YamlPath
    name: str | None
    outer: Frame | None


def parse_path(text: str) -> FieldPath:
    binding = None
    if text.startswith("$"):
        binding, _, rest = text[1:].partition(".")
        if not _NAME.fullmatch(binding):
            raise PathError(f"{text!r} is not a field path: write $name.field")
        return FieldPath(text, True, _parts(text, rest), binding)
    relative = text == "@" or text.startswith("@.")
    body = text[2:] if text.startswith("@.") else "" if text == "@" else text
    if not relative and not body:
        raise PathError(f"{text!r} is not a field path")
    return FieldPath(text, relative, _parts(text, body))


def _parts(text: str, body: str) -> tuple[str, ...]:
    parts = tuple(body.split(".")) if body else ()
    for part in parts:
        if not _NAME.fullmatch(part):
            raise PathError(
                f"{text!r} is not a field path: write dotted field names such as "
                "governance.summary.published_date, or @.name inside for_each"
            )
    return parts


def field_type(
    scope: Any, path: FieldPath, root: Any, bindings: dict[str, Any] | None = None
) -> Any:
    """The declared type at `path` in the proposal format's model `root`, or PathError naming
    the first part that does not exist. Only compiling a rule with its checks asks."""
    from collabcheck.common.suggest import suggest

    if path.binding is not None:
        if path.binding not in (bindings or {}):
            known = ", ".join(f"${b}" for b in bindings or {}) or "none here"
            raise PathError(
                f"{path.text!r}: no list item is named {path.binding!r} (named items: {known}); "
                "name one with `as:` on an enclosing for_each or count"
            )
        base = (bindings or {})[path.binding]
    else:
        base = scope if path.relative else root
    if path.relative and path.binding is None and scope is None:
        raise PathError(f"{path.text!r} uses '@', which only works inside for_each, where or count")
    for i in range(len(path.parts)):
        tp = type_at_scope(base, path.parts[: i + 1])
        if tp is None:
            parent = type_at_scope(base, path.parts[:i])
            if typing.get_origin(parent) is list:
                raise PathError(
                    f"{path.text!r} goes through the list {'.'.join(path.parts[:i])!r}: "
                    "use for_each or count to look inside a list"
                )
            names = parent.model_fields if is_model(parent) else {}
            raise PathError(
                f"{path.text!r}: the proposal format has no field {path.parts[i]!r} "
                f"here{suggest(path.parts[i], names)}"
            )
    return type_at_scope(base, path.parts)


def type_at_scope(base: Any, parts: tuple[str, ...]) -> Any:
    if not parts:
        return base
    if is_model(base):
        return _model_type_at(base, parts)
    return None


@functools.lru_cache(maxsize=4096)
def _model_type_at(base: Any, parts: tuple[str, ...]) -> Any:
    """type_at, remembered: compiling a pack asks for the same few hundred paths many times."""
    from collabcheck.loading.schema_errors import type_at

    return type_at(base, parts)


@functools.cache
def _base_model() -> type[Any]:
    from pydantic import BaseModel  # only compiling with checks asks: pydantic is loaded then

    return BaseModel


def is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, _base_model())


def _start(item: Frame | None, path: FieldPath) -> Frame | None:
    """The list item `path` starts from, or None when it starts from the document root."""
    if path.binding is not None:
        while item is not None and item.name != path.binding:
            item = item.outer
        if item is None:  # compiling with checks refuses it; a tampered cache entry may not
            raise ValueError(f"{path.text!r}: no list item around is named {path.binding!r}")
        return item
    return item if path.relative else None


def walk(value: Any, parts: tuple[str, ...]) -> Any:
    """The value down `parts` from `value`, None when absent."""
    for part in parts:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def value_at(root: Any, item: Frame | None, path: FieldPath) -> Any:
    """The value at `path`, None when absent: resolve without the position."""
    start = _start(item, path)
    return walk(root if start is None else start.value, path.parts)


def _finder(path: FieldPath) -> Callable[[Any, Frame | None], tuple[Any, YamlPath]]:
    """FieldPath.find for one path: the document's own fields and `@` paths (nearly all of them)
    without the general case's steps (walk is written out in them: they run for every rule on
    every proposal)."""
    parts = path.parts
    if path.binding is None and not path.relative:

        def absolute(root: Any, item: Frame | None) -> tuple[Any, YamlPath]:
            value = root
            for part in parts:
                value = value.get(part) if isinstance(value, dict) else None
            return value, parts

        return absolute
    if path.binding is None and not parts:
        return lambda root, item: (root, ()) if item is None else (item.value, item.path)
    if path.binding is None:

        def relative(root: Any, item: Frame | None) -> tuple[Any, YamlPath]:
            value = root if item is None else item.value
            for part in parts:
                value = value.get(part) if isinstance(value, dict) else None
            return value, parts if item is None else item.path + parts

        return relative
    return lambda root, item: _resolve(root, item, path)


def _resolve(root: Any, item: Frame | None, path: FieldPath) -> tuple[Any, YamlPath]:
    start = _start(item, path)
    value = walk(root if start is None else start.value, path.parts)
    return value, path.parts if start is None else start.path + path.parts
