"""Pydantic validation errors -> plain-English problems at a file position.

Shared by proposals and rule files. A `did you mean` suggestion accompanies unknown keys and
values outside a closed list, because a typo in a compliance document must never pass silently.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pydantic_core import ValidationError

from collabcheck.common.records import Record
from collabcheck.common.suggest import suggest
from collabcheck.common.yamlpath import YamlPath, format_path
from collabcheck.loading.yamlload import Document, Mark

if TYPE_CHECKING:
    from pydantic import BaseModel

_YAML11_BOOLEANS = {"yes", "no", "on", "off", "y", "n", "Yes", "No", "YES", "NO", "On", "Off"}


class SchemaProblem(Record):
    message: str
    path: YamlPath
    mark: Mark


def _unwrap(tp: Any) -> Any:
    """Strip Optional and Annotated until a model, a list or a leaf type remains."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def type_at(root: type[BaseModel], path: YamlPath) -> Any:
    """The declared type of the field at `path`, or None when the path leaves the format."""
    tp: Any = root
    for part in path:
        tp = _unwrap(tp)
        if isinstance(part, int):
            if typing.get_origin(tp) is not list:
                return None
            tp = typing.get_args(tp)[0]
        elif _is_model(tp) and part in tp.model_fields:
            tp = tp.model_fields[part].annotation
        elif typing.get_origin(tp) in (typing.Union, types.UnionType):
            members = [m for m in typing.get_args(tp) if _has_field(m, part)]
            if not members:
                return None
            tp = typing.cast(type[BaseModel], members[0]).model_fields[part].annotation
        else:
            return None
    return _unwrap(tp)


def _is_model(tp: Any) -> typing.TypeGuard[type[BaseModel]]:
    from pydantic import BaseModel  # imported only to word problems

    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _has_field(tp: Any, name: str) -> bool:
    return _is_model(tp) and name in tp.model_fields


def literal_values(tp: Any) -> tuple[str, ...]:
    tp = _unwrap(tp)
    if typing.get_origin(tp) is list:
        tp = _unwrap(typing.get_args(tp)[0])
    if typing.get_origin(tp) is typing.Literal:
        return tuple(str(v) for v in typing.get_args(tp))
    return ()


def describe_value(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value).lower()
    return text if len(text) <= 60 else text[:57] + "..."


def where(error: dict[str, Any]) -> str:
    return format_path(tuple(error["loc"]))


def _message(error: Any, root: type[BaseModel]) -> str:
    kind, loc, value = error["type"], tuple(error["loc"]), error.get("input")
    where = format_path(loc)
    if kind == "missing":
        parent = format_path(loc[:-1]) if len(loc) > 1 else "the top level"
        return f"{parent}: the required field {loc[-1]!r} is missing"
    if kind == "extra_forbidden":
        model = type_at(root, loc[:-1])
        names = model.model_fields if _is_model(model) else {}
        return f"{where}: unknown field {loc[-1]!r}{suggest(str(loc[-1]), names)}"
    if kind == "literal_error":
        allowed = literal_values(type_at(root, loc))
        hint = suggest(str(value), allowed) if isinstance(value, str) else ""
        return f"{where}: {describe_value(value)} is not one of: {', '.join(allowed)}{hint}"
    if kind == "bool_type":
        hint = (
            f" (YAML 1.1 would read {value} as a boolean; collabcheck reads it as text)"
            if isinstance(value, str) and value in _YAML11_BOOLEANS
            else ""
        )
        return f"{where}: expected true or false, got {describe_value(value)}{hint}"
    if kind == "string_type":
        return f"{where}: expected text, got {describe_value(value)}: put the value in quotes"
    if kind in ("int_type", "float_type"):
        return (
            f"{where}: expected a number without quotes or separators, got {describe_value(value)}"
        )
    if kind in ("model_type", "dict_type"):
        return f"{where}: expected a mapping of fields, got {describe_value(value)}"
    if kind == "list_type":
        return f"{where}: expected a list (items starting with '- '), got {describe_value(value)}"
    if kind == "too_short" and isinstance(value, list):
        need = error.get("ctx", {}).get("min_length")
        return f"{where}: needs at least {need} entries, but has {len(value)}"
    if kind == "value_error":
        return f"{where}: {error['ctx']['error']}"
    return f"{where}: {error['msg']}"


def data_path(data: Any, loc: Iterable[int | str]) -> YamlPath:
    """Pydantic's error location with union tags dropped: the path as written in the YAML."""
    parts = list(loc)
    path: list[str | int] = []
    for i, part in enumerate(parts):
        is_key = isinstance(data, dict) and isinstance(part, str) and part in data
        is_index = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if is_key or is_index:
            data = data[part]
        elif not (i == len(parts) - 1 and isinstance(data, dict) and isinstance(part, str)):
            continue  # a union tag or validator name, not a key in the file
        path.append(part)
    return tuple(path)


MAX_PROBLEMS = 100
_WHOLE_VALUE_ERRORS = frozenset(
    {"too_short", "too_long", "value_error", "assertion_error", "condition_shape"}
)
_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
}


def problems(
    exc: ValidationError,
    doc: Document,
    root: type[BaseModel],
    explain: typing.Callable[[dict[str, Any]], str | None] | None = None,
) -> list[SchemaProblem]:
    """The problems in position order. Only the first MAX_PROBLEMS are explained (a
    suggestion costs a fuzzy match); the rest are counted in one closing line."""
    located = []
    for error in exc.errors(include_url=False):
        loc = data_path(doc.data, error["loc"])
        details: dict[str, Any] = {**error, "loc": loc}
        kind, value = details["type"], details.get("input")
        if kind == "missing":
            mark = doc.mark_of(loc)
        elif kind == "condition_shape" and isinstance(value, dict):
            mark = doc.mark_of((*loc, str(next(iter(value), ""))), key=True)
        else:
            # An unknown key, or a rule about a whole list or section (too few entries, two
            # parties with one id, an end before the start), is shown at its key; a value of the
            # wrong type is shown where it is written.
            whole = kind == "extra_forbidden" or (
                isinstance(value, dict | list) and kind in _WHOLE_VALUE_ERRORS
            )
            mark = doc.mark_of(loc, key=whole)
        located.append((mark, loc, details))
    located.sort(key=lambda item: (item[0].line, item[0].column))
    type_kinds: dict[YamlPath, list[str]] = {}
    for _, loc, details in located:
        if details["type"] in _TYPE_NAMES:
            type_kinds.setdefault(loc, []).append(details["type"])
    found: list[SchemaProblem] = []
    for mark, loc, details in located[:MAX_PROBLEMS]:
        if found and found[-1].path == loc and details["type"] in _TYPE_NAMES:
            continue  # one value that fits none of a union's types: said once, below
        message = (explain(details) if explain else None) or _message(details, root)
        kinds = type_kinds.get(loc, [])
        if len(kinds) > 1:
            names = " or ".join(dict.fromkeys(_TYPE_NAMES[k] for k in kinds))
            message = (
                f"{format_path(loc)}: expected {names}, got {describe_value(details.get('input'))}"
            )
        found.append(SchemaProblem(message, loc, mark))
    if len(located) > MAX_PROBLEMS:
        more = len(located) - MAX_PROBLEMS
        last = located[MAX_PROBLEMS][0]
        found.append(SchemaProblem(f"... and {more:,} more problems: fix these first", (), last))
    return found
