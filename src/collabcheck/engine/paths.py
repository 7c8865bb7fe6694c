"""Field paths in rules: parsing, checking against the proposal format, and resolving."""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Callable, Mapping
from typing import Any

from collabcheck.common.records import Record
from collabcheck.common.yamlpath import YamlPath

_NAME = re.compile(r"[a-z_][a-z0-9_]*")


class PathError(ValueError):
    pass


class FieldPath:
    """A parsed path. Immutable, compared and hashed by its fields; a plain class with slots
    rather than a dataclass, which is slower to define at import."""

    __slots__ = ("binding", "find", "get", "parts", "relative", "text")

    text: str
    relative: bool
    parts: tuple[str, ...]
    binding: str | None  # `$payment.date`: the item a for_each or count named `payment`
    # The value and its position path, and the value alone: made once for this path, as they
    # run for every rule on every proposal.
    find: Callable[[Any, Frame | None], tuple[Any, YamlPath]]
    get: Callable[[Any, Frame | None], Any]

    def __init__(
        self, text: str, relative: bool, parts: tuple[str, ...], binding: str | None = None
    ) -> None:
        fields = (("text", text), ("relative", relative), ("parts", parts), ("binding", binding))
        for name, value in fields:
            object.__setattr__(self, name, value)
        object.__setattr__(self, "find", _finder(self))
        object.__setattr__(self, "get", _getter(self))

    def _key(self) -> tuple[str, bool, tuple[str, ...], str | None]:
        return self.text, self.relative, self.parts, self.binding

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, FieldPath)
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        text, relative, parts, binding = self._key()
        return f"FieldPath({text=!r}, {relative=!r}, {parts=!r}, {binding=!r})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")


class Frame(Record):
    """The list item a for_each or count is looking at, and the items around it. A tuple: one is
    made for every list entry every rule looks at, and a tuple is the cheapest to make."""

    value: Any
    path: YamlPath
    name: str | None
    outer: Frame | None


@functools.lru_cache(maxsize=1024)
def parse_path(text: str) -> FieldPath:
    """The path written `text`; a pack writes the same few hundred paths many times, and a
    FieldPath is immutable, so each is parsed once."""
    return _parse_path(text)


def _parse_path(text: str) -> FieldPath:
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
    scope: Any, path: FieldPath, root: Any, bindings: Mapping[str, Any] | None = None
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


def _getter(path: FieldPath) -> Callable[[Any, Frame | None], Any]:
    """FieldPath.get for one path: find's value without its position, for the quick forms of
    conditions, which need no position inside a list."""
    parts = path.parts
    if path.binding is None and not path.relative:
        if len(parts) == 1:
            (only,) = parts
            return lambda root, item: root.get(only) if isinstance(root, dict) else None

        def absolute(root: Any, item: Frame | None) -> Any:
            value = root
            for part in parts:
                value = value.get(part) if isinstance(value, dict) else None
            return value

        return absolute
    if path.binding is None and not parts:
        return lambda root, item: root if item is None else item.value
    if path.binding is None and len(parts) == 1:
        (only,) = parts

        def relative_field(root: Any, item: Frame | None) -> Any:
            value = root if item is None else item.value
            return value.get(only) if isinstance(value, dict) else None

        return relative_field
    if path.binding is None:

        def relative(root: Any, item: Frame | None) -> Any:
            value = root if item is None else item.value
            for part in parts:
                value = value.get(part) if isinstance(value, dict) else None
            return value

        return relative
    return lambda root, item: value_at(root, item, path)


def _resolve(root: Any, item: Frame | None, path: FieldPath) -> tuple[Any, YamlPath]:
    start = _start(item, path)
    value = walk(root if start is None else start.value, path.parts)
    return value, path.parts if start is None else start.path + path.parts
