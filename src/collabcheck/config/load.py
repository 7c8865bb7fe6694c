"""Project configuration: `collabcheck.toml`, or `[tool.collabcheck]` in `pyproject.toml`.

The nearest file wins, looking in the working directory and then each folder above it up to
the filesystem root. In one folder `collabcheck.toml` wins over `pyproject.toml`; a
`pyproject.toml` without a `[tool.collabcheck]` table is passed over. Relative paths in a
configuration file are relative to the folder the file is in.

Kept free of heavy imports: `tomllib` is imported only when a file is found.
"""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar, get_args

from collabcheck.common.suggest import suggest
from collabcheck.config.settings import FailOn, PackSelection, RuleSetting
from collabcheck.reporters import REPORTERS
from collabcheck.results import Severity

T = TypeVar("T")

CONFIG_FILE = "collabcheck.toml"
PYPROJECT = "pyproject.toml"
TOOL_TABLE = ("tool", "collabcheck")

SEVERITIES = tuple(severity.value for severity in Severity)
FAIL_ON: tuple[str, ...] = get_args(FailOn)
FORMATS = tuple(REPORTERS)

# Every key a configuration may hold, and what it is, for messages.
KEYS = {
    "builtin": "true or false: use the built-in rule pack",
    "rules": "a list of rule pack folders to use as well",
    "fail_on": f"one of {', '.join(FAIL_ON)}",
    "format": "a list of output formats, each FORMAT or FORMAT=FILE",
    "waivers": "a list of waiver files",
    "severity": "a table: rule id = severity, or rule id = {level = ..., reason = ...}",
    "disabled": "a table: rule id = the reason it is disabled",
}
RULE_KEYS = ("level", "reason")


class ConfigError(Exception):
    """A configuration that cannot be used; `str()` is one line naming the file and line."""

    def __init__(self, message: str, file: str, line: int = 0, column: int = 0) -> None:
        place = file + (f":{line}" if line else "") + (f":{column}" if line and column else "")
        super().__init__(f"{place}: {message}")
        self.message = message
        self.file = file
        self.line = line


@dataclass(frozen=True)
class Config:
    """What one configuration file sets; None: not set, so the default applies."""

    path: Path
    builtin: bool | None = None
    rules: tuple[Path, ...] | None = None
    fail_on: str | None = None
    formats: tuple[str, ...] | None = None  # FORMAT or FORMAT=FILE, FILE resolved
    waivers: tuple[str, ...] | None = None
    settings: tuple[RuleSetting, ...] = ()
    lines: dict[str, int] = field(default_factory=dict)  # top-level key -> its line
    shadowed: Path | None = None  # a pyproject.toml beside it with [tool.collabcheck], unused

    @property
    def folder(self) -> Path:
        return self.path.parent

    def source(self, key: str) -> str:
        """Where a key is set: the file and its line."""
        line = self.lines.get(key, 0)
        return f"{self.path}:{line}" if line else str(self.path)


# --- finding the file ------------------------------------------------------------------------


def _mentions_table(text: str) -> bool:
    """Whether the text seems to write a tool.collabcheck table, in any TOML form."""
    return any(key[:2] == TOOL_TABLE for key in key_lines(text))


def _has_table(path: Path) -> bool:
    """Whether a pyproject.toml has a [tool.collabcheck] table. A pyproject.toml that is not
    valid TOML is an error only when it seems to configure collabcheck."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(2 * 1024 * 1024)
    except OSError:
        return False  # an unreadable project file that is not ours is not our business
    if b"collabcheck" not in head:
        return False  # most pyproject.toml files are not about collabcheck: never judged
    text = _read(path)
    if not _mentions_table(text):
        return False
    data = _parse(text, path)
    tool = data.get("tool")
    return isinstance(tool, dict) and "collabcheck" in tool


def discover(start: Path) -> tuple[Path | None, Path | None]:
    """The nearest configuration file at or above `start`, and a pyproject.toml beside it whose
    [tool.collabcheck] table it shadows (or None)."""
    for folder in (start, *start.parents):
        own = folder / CONFIG_FILE
        project = folder / PYPROJECT
        if own.is_file():
            return own, project if project.is_file() and _has_table(project) else None
        if project.is_file() and _has_table(project):
            return project, None
    return None, None


# --- reading it ------------------------------------------------------------------------------


def _read(path: Path) -> str:
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


def _parse(text: str, path: Path) -> dict[str, Any]:
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


class _Reader:
    """Checks one configuration table, with lines for messages."""

    def __init__(self, path: Path, text: str, prefix: tuple[str, ...]) -> None:
        self.path = path
        self.prefix = prefix
        self.lines = key_lines(text)
        self.name = ".".join(prefix)

    def line(self, *keys: str) -> int:
        full = (*self.prefix, *keys)
        while full:
            if full in self.lines:
                return self.lines[full]
            full = full[:-1]
        return 0

    def error(self, message: str, *keys: str) -> ConfigError:
        return ConfigError(message, str(self.path), self.line(*keys))

    def shown(self, *keys: str) -> str:
        parts = [*self.prefix, *keys]
        return ".".join(p if re.fullmatch(r"[A-Za-z0-9_-]+", p) else repr(p) for p in parts)

    def strings(self, value: Any, key: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(f'{self.shown(key)} must be {KEYS[key]}, such as ["..."]', key)
        return tuple(value)

    def read(self, data: dict[str, Any]) -> Config:
        unknown = [k for k in data if k not in KEYS]
        if unknown:
            key = unknown[0]
            raise self.error(
                f"unknown configuration key {self.shown(key)}{suggest(key, list(KEYS))} "
                f"(keys: {', '.join(KEYS)})",
                key,
            )
        found: dict[str, Any] = {}
        if "builtin" in data:
            if not isinstance(data["builtin"], bool):
                raise self.error(f"{self.shown('builtin')} must be true or false", "builtin")
            found["builtin"] = data["builtin"]
        if "rules" in data:
            folders = self.strings(data["rules"], "rules")
            found["rules"] = tuple(self.path.parent / p for p in folders)
        if "fail_on" in data:
            value = data["fail_on"]
            if value not in FAIL_ON:
                raise self.error(
                    f"{self.shown('fail_on')} must be one of {', '.join(FAIL_ON)}, not "
                    f"{value!r}{suggest(str(value), list(FAIL_ON))}",
                    "fail_on",
                )
            found["fail_on"] = value
        if "format" in data:
            formats = self.strings(data["format"], "format")
            if not formats:
                raise self.error(
                    f'{self.shown("format")} lists no format: give at least one, such as ["text"]',
                    "format",
                )
            found["formats"] = tuple(self._format(f) for f in formats)
        if "waivers" in data:
            found["waivers"] = tuple(
                str(self.path.parent / p) for p in self.strings(data["waivers"], "waivers")
            )
        settings = [*self._severity(data.get("severity")), *self._disabled(data.get("disabled"))]
        both = {s.rule_id for s in settings if s.severity is None} & {
            s.rule_id for s in settings if s.severity is not None
        }
        if both:
            rule_id = sorted(both)[0]
            raise self.error(
                f"rule {rule_id!r} is both disabled and given a severity: keep one",
                "disabled",
                rule_id,
            )
        lines = {k: self.line(k) for k in data}
        return Config(self.path, settings=tuple(settings), lines=lines, **found)

    def _format(self, spec: str) -> str:
        name, eq, target = spec.partition("=")
        if name not in FORMATS:
            raise self.error(
                f"unknown format {name!r} in {self.shown('format')}{suggest(name, list(FORMATS))}"
                f" (formats: {', '.join(FORMATS)})",
                "format",
            )
        if eq and not target:
            raise self.error(f"{spec!r} in {self.shown('format')} names no file", "format")
        return f"{name}={self.path.parent / target}" if target else name

    def _table(self, value: Any, key: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.error(f"{self.shown(key)} must be {KEYS[key]}", key)
        return value

    def _severity(self, value: Any) -> list[RuleSetting]:
        found = []
        for rule_id, entry in self._table(value, "severity").items():
            level, reason = entry, ""
            if isinstance(entry, dict):
                unknown = [k for k in entry if k not in RULE_KEYS]
                if unknown:
                    raise self.error(
                        f"unknown key {self.shown('severity', rule_id, unknown[0])}"
                        f"{suggest(unknown[0], list(RULE_KEYS))} (keys: level, reason)",
                        "severity",
                        rule_id,
                        unknown[0],
                    )
                level, reason = entry.get("level"), entry.get("reason", "")
            if level not in SEVERITIES:
                raise self.error(
                    f"the severity of {rule_id!r} must be one of {', '.join(SEVERITIES)}, not "
                    f'{level!r}: write {self.shown("severity", rule_id)} = "warning", or '
                    '{level = "warning", reason = "..."} when lowering it',
                    "severity",
                    rule_id,
                )
            if not isinstance(reason, str):
                raise self.error(
                    f"the reason for {rule_id!r} must be text", "severity", rule_id, "reason"
                )
            if isinstance(entry, dict) and "reason" in entry and not reason.strip():
                raise self.error(
                    f"the reason for changing the severity of {rule_id!r} is empty: say why",
                    "severity",
                    rule_id,
                )
            line = self.line("severity", rule_id)
            found.append(RuleSetting(rule_id, level, reason.strip(), str(self.path), line))
        return found

    def _disabled(self, value: Any) -> list[RuleSetting]:
        found = []
        for rule_id, entry in self._table(value, "disabled").items():
            reason = entry
            if isinstance(entry, dict):
                unknown = [k for k in entry if k != "reason"]
                if unknown:
                    raise self.error(
                        f"unknown key {self.shown('disabled', rule_id, unknown[0])}"
                        f"{suggest(unknown[0], ['reason'])} (key: reason)",
                        "disabled",
                        rule_id,
                    )
                reason = entry.get("reason", "")
            if not isinstance(reason, str) or not reason.strip():
                raise self.error(
                    f"disabling rule {rule_id!r} needs a reason: write "
                    f'{self.shown("disabled", rule_id)} = "why it does not apply here"',
                    "disabled",
                    rule_id,
                )
            line = self.line("disabled", rule_id)
            found.append(RuleSetting(rule_id, None, reason.strip(), str(self.path), line))
        return found


def read_config(path: Path, shadowed: Path | None = None) -> Config:
    """Read and check one configuration file; raise ConfigError with the file and line."""
    text = _read(path)
    data = _parse(text, path)
    prefix: tuple[str, ...] = ()
    if path.name == PYPROJECT:
        prefix = TOOL_TABLE
        tool = data.get("tool")
        table = tool.get("collabcheck") if isinstance(tool, dict) else None
        if table is None:
            raise ConfigError(
                "has no [tool.collabcheck] table: add one, or name a collabcheck.toml", str(path)
            )
        if not isinstance(table, dict):
            raise ConfigError("tool.collabcheck must be a table", str(path))
        data = table
    config = _Reader(path, text, prefix).read(data)
    return dataclasses.replace(config, shadowed=shadowed) if shadowed else config


def nearby(path: Path) -> Path:
    """A path as short as it can be written from the working directory."""
    try:
        relative = Path(os.path.relpath(path))
    except ValueError:  # another drive
        return path
    return relative if len(str(relative)) < len(str(path)) else path


def find_config(start: Path) -> Config | None:
    path, shadowed = discover(start.absolute())
    if path is None:
        return None
    return read_config(nearby(path), nearby(shadowed) if shadowed else None)


# --- the effective settings ------------------------------------------------------------------

DEFAULT = "default"
COMMAND_LINE = "command line"


@dataclass(frozen=True)
class Choice(Generic[T]):
    value: T
    source: str  # DEFAULT, COMMAND_LINE, or the configuration file (with its line)


@dataclass(frozen=True)
class CommandLine:
    """What the command line says; None or empty: not given."""

    rules: tuple[Path, ...] = ()  # --rules: exactly these packs, instead of the configured ones
    add_rules: tuple[Path, ...] = ()  # --add-rules: these packs as well
    fail_on: str | None = None
    formats: tuple[str, ...] = ()  # --format and --output, already paired as FORMAT[=FILE]
    waivers: tuple[str, ...] | None = None
    config: Path | None = None  # --config FILE
    no_config: bool = False  # --no-config


@dataclass(frozen=True)
class Effective:
    config: Config | None
    builtin: Choice[bool]
    packs: tuple[Choice[Path], ...]  # pack folders besides the built-in one
    fail_on: Choice[str]
    formats: Choice[tuple[str, ...]]
    waivers: Choice[tuple[str, ...]]
    settings: tuple[RuleSetting, ...]

    def selection(self) -> PackSelection:
        return PackSelection(self.builtin.value, tuple(p.value for p in self.packs), self.settings)


def load_config(line: CommandLine) -> Config | None:
    """The configuration the command line asks for: --config FILE, none, or the nearest."""
    if line.no_config:
        return None
    if line.config is not None:
        if not line.config.is_file():
            what = (
                "is a folder, not a configuration file"
                if line.config.is_dir()
                else "is not a file that can be read"
                if os.path.lexists(line.config)
                else "no such file"
            )
            raise ConfigError(f"{what} (given with --config)", str(line.config))
        return read_config(line.config)
    try:
        here = Path.cwd()
    except OSError:  # the working folder has been deleted: there is nothing above it to find
        return None
    return find_config(here)


def effective(line: CommandLine, config: Config | None) -> Effective:
    """The command line wins over the configuration, which wins over the defaults."""

    def pick(key: str, given: T | None, configured: T | None, default: T) -> Choice[T]:
        if given is not None:
            return Choice(given, COMMAND_LINE)
        if configured is not None and config is not None:
            return Choice(configured, config.source(key))
        return Choice(default, DEFAULT)

    c = config
    if line.rules:
        builtin = Choice(False, COMMAND_LINE)
        packs = [Choice(p, COMMAND_LINE) for p in line.rules]
    else:
        builtin = pick("builtin", None, c.builtin if c else None, True)
        packs = [Choice(p, c.source("rules")) for p in (c.rules or ())] if c else []
    packs += [Choice(p, COMMAND_LINE) for p in line.add_rules]
    return Effective(
        config,
        builtin,
        tuple(packs),
        pick("fail_on", line.fail_on, c.fail_on if c else None, "error"),
        pick("format", line.formats or None, c.formats if c else None, ("text",)),
        pick("waivers", line.waivers, c.waivers if c else None, ()),
        c.settings if c else (),
    )
