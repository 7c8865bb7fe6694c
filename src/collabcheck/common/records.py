"""Typed records: `class Location(Record)` with annotated fields is a named tuple.

mypy reads `Record` as `typing.NamedTuple`. At run time a record is built as the same kind of
class collections.namedtuple makes (a tuple subclass with `_fields`, `_field_defaults`,
`_make`, `_replace`, `_asdict`, a field-by-field repr, `__match_args__` and one accessor per
field), but without the `eval` that collections.namedtuple runs to write each class's
`__new__`. That compile is nearly all of the cost of defining a named tuple, and a
one-proposal run defines about 35 of them at start-up: about 6% of its time
(benchmarks/README.md, "Where the time goes").

The one difference a program can see: `__new__` takes `*args, **kwargs` and binds them
itself, so its signature is not the fields'. Its errors are the ones Python gives for a
missing, repeated or unexpected argument. Everything is checked against typing.NamedTuple in
tests/common/test_records.py.
"""

import typing
from operator import itemgetter
from typing import Any, Generic

__all__ = ["Record"]

try:  # the accessor collections.namedtuple uses; a property where the C helper is missing
    from _collections import _tuplegetter  # type: ignore[import-not-found, unused-ignore]
except ImportError:  # pragma: no cover (CPython has it)

    def _tuplegetter(index: int, doc: str) -> Any:
        return property(itemgetter(index), doc=doc)


# Names a record's class body may not set, as for typing.NamedTuple.
# Typed loosely: some mypy versions read comparing a class with a special form as a mistake.
_GENERIC: Any = Generic

# What typing.NamedTuple gives a generic named tuple as its `__class_getitem__` (tuple's own
# would make `Choice[bool]` a types.GenericAlias): from Python 3.12 a function of typing's, as
# Generic is written in C; before, Generic's own method.
_GENERIC_GETITEM: Any = getattr(typing, "_generic_class_getitem", None)

_PROHIBITED = frozenset(
    {
        "__new__",
        "__init__",
        "__slots__",
        "__getnewargs__",
        "_fields",
        "_field_defaults",
        "_make",
        "_replace",
        "_asdict",
        "_source",
    }
)


def _constructor(name: str, fields: tuple[str, ...], defaults: dict[str, Any]) -> Any:
    """`__new__`: all fields given in order, the common case, go straight to the tuple."""
    count = len(fields)
    tuple_new = tuple.__new__

    def __new__(cls: type, *args: Any, **kwargs: Any) -> Any:
        if kwargs or len(args) != count:
            args = _bind(name, fields, defaults, args, kwargs)
        return tuple_new(cls, args)

    __new__.__qualname__ = f"{name}.__new__"
    __new__.__doc__ = f"Create new instance of {name}({', '.join(fields)})"
    return __new__


def _bind(
    name: str,
    fields: tuple[str, ...],
    defaults: dict[str, Any],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> tuple[Any, ...]:
    """The fields' values from positional and keyword arguments and the defaults, or the
    TypeError, word for word, that a named tuple's `__new__` gives for such a call."""
    where = f"{name}.__new__()"
    if len(args) > len(fields):
        most = len(fields) + 1
        takes = f"from {most - len(defaults)} to {most}" if defaults else str(most)
        raise TypeError(
            f"{where} takes {takes} positional arguments but {len(args) + 1} were given"
        )
    values = dict(zip(fields, args, strict=False))
    for key, value in kwargs.items():
        if key not in fields:
            raise TypeError(f"{where} got an unexpected keyword argument {key!r}")
        if key in values:
            raise TypeError(f"{where} got multiple values for argument {key!r}")
        values[key] = value
    missing = [repr(f) for f in fields if f not in values and f not in defaults]
    if missing:
        if len(missing) == 1:
            names, plural = missing[0], ""
        elif len(missing) == 2:
            names, plural = " and ".join(missing), "s"
        else:
            names, plural = ", ".join(missing[:-1]) + ", and " + missing[-1], "s"
        raise TypeError(
            f"{where} missing {len(missing)} required positional argument{plural}: {names}"
        )
    return tuple(values[f] if f in values else defaults[f] for f in fields)


def _record(typename: str, bases: tuple[type, ...], ns: dict[str, Any]) -> type:
    """The named tuple class the class statement `typename` describes."""
    for base in bases:
        if base is not Record and base is not _GENERIC:
            raise TypeError("a record can only inherit from Record and Generic")
    fields = _field_names(ns)
    defaults: dict[str, Any] = {}
    for field in fields:
        if field in ns:
            defaults[field] = ns[field]
        elif defaults:
            raise TypeError(
                f"Non-default namedtuple field {field} cannot follow default field"
                f"{'s' if len(defaults) > 1 else ''} {', '.join(defaults)}"
            )
    for key in ns:
        if key in _PROHIBITED:
            raise AttributeError("Cannot overwrite NamedTuple attribute " + key)
    shown = "(" + ", ".join(f"{field}=%r" for field in fields) + ")"
    body: dict[str, Any] = {
        "__slots__": (),
        "_fields": fields,
        "_field_defaults": defaults,
        "__new__": _constructor(typename, fields, defaults),
        "_make": classmethod(_make),
        "_replace": _replace,
        "__replace__": _replace,  # copy.replace, as named tuples have it from Python 3.13
        "__repr__": lambda self: self.__class__.__name__ + shown % self,
        "_asdict": _asdict,
        "__getnewargs__": _getnewargs,
        "__match_args__": fields,
    }
    for index, field in enumerate(fields):
        body[field] = _tuplegetter(index, f"Alias for field number {index}")
    body.update((key, value) for key, value in ns.items() if key not in fields)
    if ns.get("__doc__") is None:
        body["__doc__"] = f"{typename}({', '.join(fields)})"
    if _GENERIC in bases:
        getitem = _GENERIC_GETITEM or Generic.__class_getitem__.__func__  # type: ignore[attr-defined]
        body["__class_getitem__"] = classmethod(getitem)
    kept = tuple(tuple if base is Record else base for base in bases)
    return type(typename, kept, body)


def _field_names(ns: dict[str, Any]) -> tuple[str, ...]:
    """The annotated names of a class body, in order. From Python 3.14 a body without
    `from __future__ import annotations` holds a function that makes its annotations, which
    typing.NamedTuple reads as this does."""
    if "__annotations__" in ns:
        return tuple(ns["__annotations__"])
    try:
        import annotationlib  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return ()
    annotate = annotationlib.get_annotate_from_class_namespace(ns)
    if annotate is None:
        return ()
    made = annotationlib.call_annotate_function(annotate, annotationlib.Format.FORWARDREF)
    return tuple(made)


def _make(cls: Any, iterable: Any) -> Any:
    result = tuple.__new__(cls, iterable)
    if len(result) != len(cls._fields):
        raise TypeError(f"Expected {len(cls._fields)} arguments, got {len(result)}")
    return result


def _replace(self: Any, /, **changes: Any) -> Any:
    result = self._make(map(changes.pop, self._fields, self))
    if changes:
        raise ValueError(f"Got unexpected field names: {list(changes)!r}")
    return result


def _asdict(self: Any) -> dict[str, Any]:
    return dict(zip(self._fields, self, strict=True))


def _getnewargs(self: Any) -> tuple[Any, ...]:
    return tuple(self)


class _RecordType(type):
    def __new__(mcls, typename: str, bases: tuple[type, ...], ns: dict[str, Any]) -> Any:
        if not bases:  # Record itself
            return super().__new__(mcls, typename, bases, ns)
        return _record(typename, bases, ns)


# Not `typing.TYPE_CHECKING`: mypy reads this name as it reads typing's.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple as Record
else:

    class Record(metaclass=_RecordType):
        """The base of a record's class statement; no record is an instance of it (as with
        typing.NamedTuple)."""
