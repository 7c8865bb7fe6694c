"""YAML text -> plain Python values, with the 1-based line and column of every key and value.

Values are built straight from the parser's event stream with an explicit stack, never through
PyYAML's composer or constructor. That keeps nesting depth bounded before anything recursive runs
(libyaml's composer crashes the process on deeply nested input), and it lets every YAML feature a
proposal does not need be refused at the exact place it appears. The policy is documented in
docs/proposal-format.md, "How the YAML is read".
"""

import re
from typing import Any

import yaml

from collabcheck.common.records import Record
from collabcheck.common.yamlpath import YamlPath

MAX_DEPTH = 50
MAX_NUMBER_DIGITS = 30

_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# libyaml from 0.2.6 (bundled with PyYAML 6.0.4) refuses nesting deeper than 1,000 levels itself,
# and its scanner reads up to 1,024 characters ahead, so `[[[[...` fails there before the
# builder sees the level beyond MAX_DEPTH. Such a document is read again by the pure-Python
# parser, which has no limit of its own, so the refusal is ours, with our wording and position.
_LIBYAML_DEPTH = "maximum nesting depth"

_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUES = {"true", "True", "TRUE"}
_FALSES = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_NUMBER_START = frozenset("+-.0123456789")
_WORDS = _NULLS | _TRUES | _FALSES
_STR_TAGS = {"tag:yaml.org,2002:str", "!"}
_CONTENT = (yaml.NodeEvent, yaml.CollectionEndEvent)
_MAP_TAGS = {None, "tag:yaml.org,2002:map", "!"}
_SEQ_TAGS = {None, "tag:yaml.org,2002:seq", "!"}


class YamlError(Exception):
    """A document that cannot be read as a proposal or rule file; line and column are 1-based."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class Mark(Record):
    """A 1-based position."""

    line: int
    column: int


class Document:
    """The values, and where each key and value starts. Positions are kept as the parser's own
    0-based mark objects and turned into Marks only when one is reported: a document has
    thousands of positions and reports use a handful."""

    __slots__ = ("data", "keys", "values")

    def __init__(
        self,
        data: dict[str, Any],
        values: dict[YamlPath, Any] | None = None,
        keys: dict[YamlPath, Any] | None = None,
    ) -> None:
        self.data = data
        self.values: dict[YamlPath, Any] = {} if values is None else values
        self.keys: dict[YamlPath, Any] = {} if keys is None else keys

    def mark_of(self, path: YamlPath, *, key: bool = False) -> Mark:
        """Where `path` is written. A path that is not in the file is located at the key that
        names the nearest mapping above it, so a missing field points at the section that
        should hold it; a missing top-level field points at the start of the file."""
        if key and path in self.keys:
            return _to_mark(self.keys[path])
        if path in self.values:
            return _to_mark(self.values[path])
        while path:
            path = path[:-1]
            if path in self.keys:
                return _to_mark(self.keys[path])
            if path in self.values and path:
                return _to_mark(self.values[path])
        return Mark(1, 1)


def _to_mark(raw: Any) -> Mark:
    return Mark(raw.line + 1, raw.column + 1)


def _mark(event: Any) -> Mark:
    return _to_mark(event.start_mark)


def _fail(message: str, event: Any) -> YamlError:
    mark = _mark(event)
    return YamlError(message, mark.line, mark.column)


def resolve_plain(text: str) -> Any:
    """The value of an unquoted scalar: a deliberately small subset of YAML 1.2's core schema.

    Only `true`/`false` are booleans and only plain decimals are numbers. Everything YAML 1.1
    would silently reinterpret (`yes`, `no`, `on`, `off`, `NO`, `0123`, `0x1F`, `1_000`, `1:30`,
    `2025-01-31`, `.inf`, `.nan`) stays text; fields that expect a date or number parse it there.
    """
    if text and text[0] not in _NUMBER_START and text not in _WORDS:
        return text
    if text in _NULLS:
        return None
    if text in _TRUES:
        return True
    if text in _FALSES:
        return False
    number = _INT.fullmatch(text) or _FLOAT.fullmatch(text)
    if number:
        if len(text) > MAX_NUMBER_DIGITS:
            raise ValueError(f"the number {text[:12]}... has more than {MAX_NUMBER_DIGITS} digits")
        return int(text) if _INT.fullmatch(text) else float(text)
    return text


def _scalar(event: Any) -> Any:
    tag = event.tag
    if tag is not None and tag not in _STR_TAGS:
        raise _fail(f"the YAML tag {tag!r} is not allowed: write the value without a tag", event)
    if tag is not None or event.style:  # the C parser reports plain style as "", Python as None
        return event.value
    try:
        return resolve_plain(event.value)
    except ValueError as exc:
        raise _fail(str(exc), event) from None


class _Builder:
    """Consumes events; a stack frame is [container, path, pending key or None]."""

    def __init__(self) -> None:
        self.doc = Document(data={})
        self.stack: list[list[Any]] = []
        self.root: Any = None
        self.root_written = False
        self.done = False

    def _place(self, value: Any, event: Any) -> YamlPath | None:
        """Put a finished value into the current container and return its path."""
        if not self.stack:
            self.root = value
            # `~` or `null` is a value; only an empty document has no content at all
            self.root_written = bool(getattr(event, "value", True))
            self.doc.values[()] = event.start_mark
            return ()
        frame = self.stack[-1]
        container, path = frame[0], frame[1]
        if isinstance(container, list):
            child = (*path, len(container))
            container.append(value)
        else:
            child = (*path, frame[2])
            container[frame[2]] = value
            frame[2] = None
        self.doc.values[child] = event.start_mark
        return child

    def _key(self, event: Any) -> bool:
        """Handle a mapping key if one is due; True when the event was a key."""
        if not self.stack:
            return False
        frame = self.stack[-1]
        if not isinstance(frame[0], dict) or frame[2] is not None:
            return False
        if not isinstance(event, yaml.ScalarEvent):
            raise _fail("a key must be a plain name, not a list or a mapping", event)
        if event.tag is not None and event.tag not in _STR_TAGS:
            raise _fail(f"the YAML tag {event.tag!r} is not allowed on a key", event)
        if not event.style and event.value == "<<":
            raise _fail("merge keys (<<) are not allowed: write each key out in full", event)
        name = event.value
        child = (*frame[1], name)
        if name in frame[0]:
            first = _to_mark(self.doc.keys[child])
            raise _fail(
                f"duplicate key {name!r}: it is already defined at line {first.line}, "
                f"column {first.column}; each key may appear only once",
                event,
            )
        self.doc.keys[child] = event.start_mark
        frame[2] = name
        return True

    def feed(self, event: Any) -> None:
        # Scalars are most of a document's events: they take a direct route with the same
        # checks, in the same order, as the general one below.
        if event.__class__ is yaml.ScalarEvent and event.anchor is None and self.stack:
            frame = self.stack[-1]
            parent = frame[0]
            if isinstance(parent, list):
                child = (*frame[1], len(parent))
                parent.append(_scalar(event))
            elif frame[2] is None:
                name = event.value
                if event.tag is None and (event.style or name != "<<") and name not in parent:
                    self.doc.keys[(*frame[1], name)] = event.start_mark
                    frame[2] = name
                else:
                    self._key(event)  # a tag, a merge key or a duplicate: the general route
                return
            else:
                child = (*frame[1], frame[2])
                parent[frame[2]] = _scalar(event)
                frame[2] = None
            self.doc.values[child] = event.start_mark
            return
        if isinstance(event, yaml.AliasEvent):
            raise _fail("YAML aliases (*name) are not allowed: write the value out in full", event)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _fail(
                f"YAML anchors (&{anchor}) are not allowed: write the value out in full", event
            )
        if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            self.stack.pop()
        elif self._key(event):
            return
        elif isinstance(event, yaml.ScalarEvent):
            self._place(_scalar(event), event)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            is_map = isinstance(event, yaml.MappingStartEvent)
            if event.tag not in (_MAP_TAGS if is_map else _SEQ_TAGS):
                raise _fail(f"the YAML tag {event.tag!r} is not allowed", event)
            if len(self.stack) >= MAX_DEPTH:
                raise _fail(f"the document is nested more than {MAX_DEPTH} levels deep", event)
            container: Any = {} if is_map else []
            path = self._place(container, event)
            self.stack.append([container, path, None])


def _reader_error(exc: yaml.reader.ReaderError, text: str) -> YamlError:
    """A character YAML forbids; the C parser counts bytes, the Python one characters."""
    if exc.encoding == "unicode":
        before = text[: exc.position]
    else:
        before = text.encode("utf-8")[: exc.position].decode("utf-8", "replace")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(exc.character)
    return YamlError(
        f"invalid YAML: the control character U+{code:04X} is not allowed", line, column
    )


def parse(text: str) -> Document:
    """Parse one YAML document whose top level is a mapping."""
    try:
        return _parse_with(_Parser, text)
    except _ParserDepthLimit:
        return _parse_with(yaml.SafeLoader, text)


class _ParserDepthLimit(Exception):
    """The parser's own nesting limit spoke before ours."""


def _parse_with(parser_class: Any, text: str) -> Document:
    builder = _Builder()
    documents = 0
    parser = None
    try:
        parser = parser_class(text)
        next_event, feed = parser.get_event, builder.feed
        while True:
            event = next_event()
            if isinstance(event, _CONTENT):
                feed(event)
            elif isinstance(event, yaml.StreamEndEvent):
                break
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _fail(
                        "the file holds more than one YAML document (a second '---' starts "
                        "here): put one proposal in each file",
                        event,
                    )
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text) from None
    except yaml.MarkedYAMLError as exc:
        if _LIBYAML_DEPTH in str(exc.problem) and parser_class is not yaml.SafeLoader:
            raise _ParserDepthLimit from None
        where = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        line, column = (where.line + 1, where.column + 1) if where else (1, 1)
        raise YamlError(f"invalid YAML: {problem}", line, column) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {str(exc).splitlines()[0]}") from None
    finally:
        if parser is not None:
            parser.dispose()
    root = builder.root
    if documents == 0 or (root is None and not builder.root_written):
        raise YamlError("the file holds no YAML content: it is empty or only comments")
    if not isinstance(root, dict):
        kind = "a list" if isinstance(root, list) else "a single value"
        mark = _to_mark(builder.doc.values[()])
        raise YamlError(
            f"the top level must be a mapping of keys to values, but it is {kind}",
            mark.line,
            mark.column,
        )
    builder.doc.data = root
    return builder.doc
