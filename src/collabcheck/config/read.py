"""Reading a configuration file: UTF-8 text, TOML, and the line on which each key is written.

Kept free of heavy imports: `tomllib` is imported only when a file is read.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

CONFIG_FILE = "collabcheck.toml"
PYPROJECT = "pyproject.toml"
TOOL_TABLE = ("tool", "collabcheck")


class ConfigError(Exception):
    """A configuration that cannot be used; `str()` is one line naming the file and line."""

    def __init__(self, message: str, file: str, line: int = 0, column: int = 0) -> None:
        place = file + (f":{line}" if line else "") + (f":{column}" if line and column else "")
        super().__init__(f"{place}: {message}")
        self.message = message
        self.file = file
        self.line = line


def read_text(path: Path) -> str:
    """The file's text; ConfigError when it cannot be read or is not UTF-8."""
    from collabcheck.loading.inputs import ReadError, read_bytes

    try:
        raw = read_bytes(str(path))  # a regular file of at most 1 MiB
    except ReadError as exc:
        raise ConfigError(exc.message, str(path)) from None
    try:
        return raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ConfigError("is not UTF-8 text, which TOML requires", str(path), line) from None


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    """The TOML document; ConfigError with the line and column where it is not valid."""
    import tomllib

    try:
        return tomllib.loads(text)
    except RecursionError:
        raise ConfigError(
            "arrays or inline tables are nested too deeply to read", str(path)
        ) from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
        line, column = (int(found[1]), int(found[2])) if found else (0, 0)
        if found:
            message = message[: found.start()]
        elif "at end of document" in message:
            line = text.count("\n") + 1
            message = message.replace(" (at end of document)", "")
        raise ConfigError(
            f"not valid TOML: {message} (see https://toml.io)", str(path), line, column
        ) from None


# Patterns, not compiled here: only a run that finds a configuration file needs them, and `re`
# compiles each once, on first use.
_KEY = r'(?:"(?:[^"\\]|\\.)*"|\'[^\']*\'|[A-Za-z0-9_-]+)'
_HEADER = rf"^\s*\[\[?\s*({_KEY}(?:\s*\.\s*{_KEY})*)\s*\]\]?"
_ASSIGN = rf"^\s*({_KEY}(?:\s*\.\s*{_KEY})*)\s*="


def _split(dotted: str) -> tuple[str, ...]:
    parts = re.findall(_KEY, dotted)
    return tuple(p[1:-1] if p[:1] in "\"'" else p for p in parts)


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """The line on which each table and key is first written (tomllib gives no positions).
    Inline tables count as their key's line; good enough to point a person at a key."""
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(_HEADER, line)
        if header:
            table = _split(header[1])
            lines.setdefault(table, number)
            continue
        assign = re.match(_ASSIGN, line)
        if assign:
            lines.setdefault((*table, *_split(assign[1])), number)
    return lines
