"""Making text from a proposal inert before it reaches a terminal, log or report.

- `inert` shows unsafe characters as visible escapes (\\x1b, \\u202e) for people to read.
- `json_inert` writes the same characters as JSON escapes (\\u009b) in JSON text, which JSON
  readers read back as the characters themselves.
- `CommandFree` keeps any output, of any format, from carrying a GitHub Actions workflow command
  that collabcheck did not write itself (see "Workflow commands" below).
"""

import re
from collections.abc import Callable
from typing import Any, TextIO, cast

from collabcheck.common.records import Record

# Control, format (zero-width, bidirectional overrides, tags), line and paragraph separators,
# surrogates, private-use and unassigned characters: none of them should reach a reader as-is.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


def _shown(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def inert(text: str) -> str:
    """Show unsafe characters as visible escapes such as \\x1b, \\u202e or \\U000e0041, and
    break every `##[` (a workflow command anywhere in a log line) as `##\\[`."""
    if not (text.isascii() and text.isprintable()):
        import unicodedata  # here, not at import: most text is printable ASCII

        text = "".join(
            _shown(ch) if unicodedata.category(ch) in _UNSAFE_CATEGORIES else ch for ch in text
        )
    return text.replace("##[", "##\\[") if "##[" in text else text


# --- JSON ----------------------------------------------------------------------------------

_NOT_PLAIN_ASCII = "[^\x00-\x7e]"  # compiled when first needed (re keeps it)
_JSON_ESCAPED: dict[str, str] = {}


def _json_escape(match: re.Match[str]) -> str:
    ch = match.group()
    escaped = _JSON_ESCAPED.get(ch)
    if escaped is None:
        import unicodedata

        code = ord(ch)
        if unicodedata.category(ch) not in _UNSAFE_CATEGORIES:
            escaped = ch
        elif code < 0x10000:
            escaped = f"\\u{code:04x}"
        else:  # a UTF-16 surrogate pair, as JSON writes a character beyond the BMP
            code -= 0x10000
            escaped = f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
        if len(_JSON_ESCAPED) < 4096:
            _JSON_ESCAPED[ch] = escaped
    return escaped


def json_inert(text: str) -> str:
    """JSON text with the characters `inert` makes visible written as JSON escapes instead
    (\\u009b, \\u202e, \\udb40\\udc41): a reader gets the same strings back, and a terminal or
    log showing the file never receives the raw character. Only JSON text may be given: those
    characters can only be inside its strings, where an escape means the same. ASCII controls
    other than DEL are already escaped by every JSON encoder, or are the layout's own
    whitespace, and stay as they are."""
    if text.isascii():
        return text.replace("\x7f", "\\u007f") if "\x7f" in text else text
    return re.sub(_NOT_PLAIN_ASCII, _json_escape, text)


# --- Workflow commands ---------------------------------------------------------------------
#
# The GitHub Actions runner reads every line a step prints, to standard output or standard
# error, split at LF, CR or CRLF, and acts on two forms:
#
# - a line that starts, after leading white space, with `::` and has a second `::`
#   (`::error file=a.yaml::message`, `::stop-commands::token`);
# - `##[` anywhere in the line, up to the next `]` (`##[error]message`, `##[group]`).
#
# Any name counts: `stop-commands` makes its token a command name, and the log viewer reads
# `##[group]`, `##[error]` and the like whatever the runner makes of them. So no output may
# carry `##[` at all, and no line may start with `:` unless the format writes the command
# itself (the github format). Each format says how it writes those two characters so that its
# own readers still read the same text.


class LogEscapes(Record):
    """How a format writes the `[` of `##[` and the `:` that starts a line: forms its readers
    read as the same character. `colon` is None for a format whose lines start with its own
    commands (and whose data cannot start a line); `characters`, where given, is applied to
    all of the format's text first."""

    bracket: str
    colon: str | None
    characters: Callable[[str], str] | None = None


TEXT = LogEscapes("\\[", "\\:")  # text and markdown: a backslash, as in `inert`'s escapes
JSON = LogEscapes("\\u005b", "\\u003a", json_inert)  # JSON and SARIF: only ever in a string
XML = LogEscapes("&#91;", "&#58;")  # JUnit: character references, in text or attribute values
GITHUB = LogEscapes("\\[", None)  # its own lines are commands; data never starts a line

_SPACE = r"[^\S\r\n]*"  # white space other than line breaks: the runner trims it
# A line break, the white space after it, then the colon. The pattern starts with the line break,
# not a look-behind, which would be tried at every character: a report passes through whole.
_COLON_INSIDE = re.compile(rf"([\r\n]{_SPACE}):")
_COLON_FIRST = re.compile(rf"{_SPACE}:")  # at the start of the text, when a line starts there


def command_free(text: str, escapes: LogEscapes) -> str:
    """The whole of a format's output with no workflow command that data could have made."""
    stream = _Collect()
    CommandFree(cast(TextIO, stream), escapes).write(text)
    return "".join(stream.parts)


class _Collect:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)


class CommandFree:
    """A text stream writing through to another, escaping as `command_free` does. Text can be
    written in pieces of any size: the output is the same as for the whole text at once."""

    def __init__(self, stream: TextIO, escapes: LogEscapes) -> None:
        self._stream = stream
        self._escapes = escapes
        self._before = ""  # the last two characters written: a `##` the next `[` follows
        self._line_start = True  # nothing but white space since the last line break

    def write(self, text: str) -> int:
        written = len(text)
        escapes = self._escapes
        if escapes.characters is not None:
            text = escapes.characters(text)
        joined = self._before + text
        if "##[" in joined:
            text = joined.replace("##[", "##" + escapes.bracket)[len(self._before) :]
        self._before = joined[-2:]
        if escapes.colon is not None:
            colon = escapes.colon
            last_break = max(text.rfind("\n"), text.rfind("\r"))
            if ":" in text:
                first = _COLON_FIRST.match(text) if self._line_start else None
                if first is not None:
                    text = text[: first.end() - 1] + colon + text[first.end() :]
                if last_break >= 0:  # the search walks every character: JSON has no breaks
                    text = _COLON_INSIDE.sub(lambda m: m.group(1) + colon, text)
                    last_break = max(text.rfind("\n"), text.rfind("\r"))
            tail = text[last_break + 1 :]
            self._line_start = (last_break >= 0 or self._line_start) and (
                not tail or tail.isspace()
            )
        self._stream.write(text)
        return written

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding, ...
        return getattr(self._stream, name)
